"""The outbox with real processes: a real Celery worker delivers what a request owes, once; and a
request submitted to a web server whose broker is unreachable still gets its confirmation page,
with its e-mails delivered once the broker can be reached."""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import SupervisorFactory
from cases.models import Case
from cases.services import case_submit
from cases.tests.factories import RequestDraftFactory
from notifications.models import Notification, NotificationState
from notifications.tasks import dispatch_notifications, send_notification

BASE_DIR = Path(__file__).resolve().parents[2]
#: What a request owes at once (its reminders for later, should nobody take it in time, wait).
OWED_AT_ONCE = ["request_received", "new_case_for_supervisors"]


def wait_for(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_delivers_what_a_request_owes_once(celery_worker, client_user, organisation):
    SupervisorFactory(organisation=organisation, email="queue@example.test")
    draft = RequestDraftFactory(applicant=client_user, description="Private words about my stairs")
    case = case_submit(draft_id=draft.pk, applicant=client_user)  # commits: the nudge reaches the worker
    owed = Notification.objects.filter(about_id=str(case.pk), kind__in=OWED_AT_ONCE)
    assert wait_for(lambda: len(mail.outbox) >= 2, 60), list(
        owed.values_list("kind", "state", "attempts", "last_error")
    )
    assert sorted(message.to[0] for message in mail.outbox) == sorted([client_user.email, "queue@example.test"])
    # Marked sent when the send's transaction commits, a moment after the message went.
    assert wait_for(lambda: set(owed.values_list("state", flat=True)) == {NotificationState.SENT}, 10)
    owed = list(owed)
    for message in mail.outbox:
        assert case.reference in message.body
        assert "stairs" not in message.body and "stairs" not in message.subject
        assert re.fullmatch(r"<notification-\d+@[\w.-]+>", message.extra_headers["Message-ID"])
    # The task run again (a redelivery) finds it sent and sends nothing.
    for notification in owed:
        send_notification.delay(notification.pk)
    dispatch_notifications.delay()
    time.sleep(2)
    assert len(mail.outbox) == 2, [(m.to, m.subject) for m in mail.outbox]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _test_database_url() -> str:
    db = connection.settings_dict
    host = quote(db["HOST"] or "localhost", safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{host}{port}/{db['NAME']}"


class Browser:
    """Just enough of a browser for one web server: cookies, and no following of redirects."""

    def __init__(self, port: int, cookies: dict[str, str]):
        self.port = port
        self.cookies = dict(cookies)

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, dict, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, dict(response.headers), text
        finally:
            conn.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_request_sent_while_the_broker_is_down_is_confirmed_and_its_emails_follow(
    celery_worker, client_user, organisation
):
    SupervisorFactory(organisation=organisation, email="queue@example.test")
    RequestDraftFactory(applicant=client_user)
    signed_in = Client()
    signed_in.force_login(client_user)

    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "patientportal.settings.test",
        "DATABASE_URL": _test_database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{_free_port()}/0",  # nothing listens there
        "PYTHONUNBUFFERED": "1",
    }
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        browser = Browser(port, {settings.SESSION_COOKIE_NAME: signed_in.cookies[settings.SESSION_COOKIE_NAME].value})

        def up() -> bool:
            try:
                return browser.request("GET", "/healthz")[0] in (200, 503)
            except OSError:
                return False

        assert wait_for(up, 60), "the web server did not start"
        status, _headers, page = browser.request("GET", reverse("request_check"))
        assert status == 200
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        started = time.monotonic()
        status, headers, _page = browser.request("POST", reverse("request_check"), {"csrfmiddlewaretoken": token})
        took = time.monotonic() - started
        case = Case.objects.get(applicant=client_user)
        assert status == 302 and headers["Location"] == reverse("my_request_sent", kwargs={"case_id": case.pk})
        status, _headers, confirmation = browser.request("GET", headers["Location"])
        assert status == 200 and case.reference in confirmation
        assert took < 10, f"the confirmation waited {took:.1f} s for the broker"
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=20)
    assert "notification nudge not sent" in output, output[-2000:]

    # Nothing was sent while the broker could not be reached; nothing was lost either.
    owed = Notification.objects.filter(about_id=str(case.pk), kind__in=OWED_AT_ONCE)
    assert owed.count() == 2 and {n.state for n in owed} == {NotificationState.PENDING}
    assert not mail.outbox
    # The broker is back: beat's next dispatch (every minute) delivers them, through the worker.
    dispatch_notifications.delay()
    assert wait_for(lambda: len(mail.outbox) >= 2)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([client_user.email, "queue@example.test"])
    assert wait_for(lambda: set(owed.values_list("state", flat=True)) == {NotificationState.SENT}, 10)
