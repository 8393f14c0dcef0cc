"""The outbox: a notification is a row written with the change that owes it, claimed with SKIP
LOCKED, sent once by a task that re-checks it, retried with backoff, failed at once when
retrying cannot help, and never holds up the others."""

from __future__ import annotations

import datetime
import smtplib
import threading
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.db import connections, transaction
from django.utils import timezone

from accounts.tests.factories import ClientFactory
from cases.tests.factories import AssignedCaseFactory, MessageFactory
from notifications import kinds
from notifications.models import Notification, NotificationState
from notifications.services import (
    backoff,
    notification_claim_due,
    notification_deliver,
    notification_deliver_batch,
    notification_queue,
)
from patientportal.celery import app

pytestmark = pytest.mark.django_db

State = NotificationState


@pytest.fixture
def broken_kind():
    """A kind whose template does not exist: a permanent failure."""
    kinds.register("test_broken", template="notifications/does_not_exist", label="Broken")(lambda n: {})
    yield "test_broken"
    del kinds.REGISTRY["test_broken"]


@pytest.fixture
def failing_query_kind():
    """A kind whose wording asks the database something it cannot answer."""

    def context(notification):
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table")
        return {}

    kinds.register("test_failing_query", template="cases/email/request_received", label="Failing")(context)
    yield "test_failing_query"
    del kinds.REGISTRY["test_failing_query"]


def owe(kind="my_list", recipient=None, key="k", **kwargs) -> Notification:
    recipient = recipient or ClientFactory()
    [row] = notification_queue(kind=kind, recipients=[recipient], key=key, **kwargs)
    return row


# --- written with the change ----------------------------------------------------------------


def test_a_notification_is_written_in_the_transaction_of_the_change_that_owes_it():
    recipient = ClientFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        notification_queue(kind="my_list", recipients=[recipient], key="rolled-back")
        raise RuntimeError("the change failed")
    assert not Notification.objects.exists()
    owe(recipient=recipient, key="kept")
    assert Notification.objects.get().idempotency_key == f"my_list:kept:{recipient.pk}"


def test_owing_the_same_thing_twice_writes_one_row():
    recipient = ClientFactory()
    first = notification_queue(kind="my_list", recipients=[recipient], key="same")
    again = notification_queue(kind="my_list", recipients=[recipient], key="same")
    assert len(first) == 1 and again == []
    assert Notification.objects.count() == 1


def test_an_unknown_kind_is_refused():
    with pytest.raises(KeyError):
        notification_queue(kind="no_such_kind", recipients=[ClientFactory()], key="x")


def test_the_language_is_the_recipients(settings):
    assert owe(recipient=ClientFactory(languages=["nl", "en"])).language == "nl"
    assert owe(recipient=ClientFactory(languages=[]), key="2").language == settings.LANGUAGE_CODE
    assert owe(recipient=ClientFactory(languages=["fr"]), key="3", language="de").language == "de"


def test_one_nudge_per_transaction(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for key in ("a", "b", "c"):
            owe(key=key)
    assert len(callbacks) == 1


def test_the_nudge_gives_up_quickly_when_the_broker_is_down(django_capture_on_commit_callbacks, caplog):
    """The change is committed and the person sees their page: the rows wait for the dispatcher."""
    connect = app.connection_for_write
    closed_port = "redis://127.0.0.1:9/0"  # nothing listens there
    with mock.patch.object(app, "connection_for_write", lambda *args, **kwargs: connect(closed_port)):
        with django_capture_on_commit_callbacks(execute=True):
            started = timezone.now()
            owe()
        took = timezone.now() - started
    assert Notification.objects.get().state == State.PENDING
    assert took < datetime.timedelta(seconds=10)
    assert "notification nudge not sent" in caplog.text


# --- sending ----------------------------------------------------------------------------


def test_sending_twice_sends_once_with_a_stable_message_id(settings):
    notification = owe()
    assert notification_deliver(notification_id=notification.pk) == State.SENT
    assert notification_deliver(notification_id=notification.pk) == "skipped"
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.state == State.SENT and notification.sent_at is not None and notification.attempts == 1
    host = urlsplit(settings.SITE_URL).hostname
    assert mail.outbox[0].extra_headers["Message-ID"] == f"<notification-{notification.pk}@{host}>"
    assert mail.outbox[0].to == [notification.recipient.email]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_sending_the_same_notification_at_once_send_it_once():
    notification = owe()
    original = EmailMessage.send
    started = threading.Event()

    def slow_send(message, *args, **kwargs):
        started.set()
        threading.Event().wait(0.5)  # the second worker arrives while the first is sending
        return original(message, *args, **kwargs)

    results = []

    def worker():
        try:
            results.append(notification_deliver(notification_id=notification.pk))
        finally:
            connections.close_all()

    with mock.patch.object(EmailMessage, "send", slow_send):
        first = threading.Thread(target=worker)
        first.start()
        started.wait(5)
        second = threading.Thread(target=worker)
        second.start()
        first.join(10)
        second.join(10)
    assert sorted(results) == ["sent", "skipped"]
    assert len(mail.outbox) == 1


def test_a_failure_that_may_pass_is_tried_again_later_with_backoff(settings):
    notification = owe()
    with mock.patch.object(EmailMessage, "send", side_effect=smtplib.SMTPServerDisconnected("gone")):
        before = timezone.now()
        assert notification_deliver(notification_id=notification.pk) == State.PENDING
    notification.refresh_from_db()
    assert notification.attempts == 1 and "SMTPServerDisconnected" in notification.last_error
    wait = notification.next_attempt_at - before
    base = settings.NOTIFICATION_RETRY_BASE_SECONDS
    assert datetime.timedelta(seconds=base * 0.5) <= wait <= datetime.timedelta(seconds=base * 1.5 + 5)
    assert notification_deliver(notification_id=notification.pk) == "not due"  # an early task waits
    assert notification.pk not in notification_claim_due()


def test_backoff_doubles_up_to_the_maximum_with_jitter(settings):
    settings.NOTIFICATION_RETRY_BASE_SECONDS = 60
    settings.NOTIFICATION_RETRY_MAX_SECONDS = 600
    for attempts, middle in ((1, 60), (2, 120), (3, 240), (4, 480), (5, 600), (9, 600)):
        waits = {backoff(attempts).total_seconds() for _ in range(20)}
        assert all(middle * 0.5 <= w <= middle * 1.5 for w in waits), (attempts, waits)
        assert len(waits) > 1  # jittered: workers that failed together do not retry together


def test_after_the_last_attempt_it_fails_and_is_listed(settings):
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    notification = owe()
    with mock.patch.object(EmailMessage, "send", side_effect=ConnectionRefusedError("no mail server")):
        for _attempt in range(3):
            Notification.objects.filter(pk=notification.pk).update(next_attempt_at=timezone.now())
            state = notification_deliver(notification_id=notification.pk)
    notification.refresh_from_db()
    assert state == State.FAILED and notification.attempts == 3
    assert "after 3 attempts" in notification.last_error


def test_a_broken_template_fails_at_once(broken_kind):
    notification = owe(kind=broken_kind)
    assert notification_deliver(notification_id=notification.pk) == State.FAILED
    notification.refresh_from_db()
    assert notification.attempts == 1 and "TemplateDoesNotExist" in notification.last_error
    assert not mail.outbox


def test_a_query_that_fails_is_recorded_as_a_failure_and_the_next_one_still_goes(failing_query_kind):
    # The failed query spoils the transaction the row was locked in: the failure is written in
    # a new one, instead of the row staying claimed until the claim times out.
    broken, fine = owe(kind=failing_query_kind, key="1"), owe(key="2")
    assert notification_deliver(notification_id=broken.pk) == State.FAILED
    broken.refresh_from_db()
    assert broken.state == State.FAILED and broken.attempts == 1
    assert "no_such_table" in broken.last_error and broken.shown_at is None
    assert notification_deliver(notification_id=fine.pk) == State.SENT
    assert len(mail.outbox) == 1
    assert notification_deliver(notification_id=broken.pk) == "skipped"  # failed is final


def _synchronous_commit() -> str:
    with connections["default"].cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_batch_marks_sent_without_waiting_for_the_disk_and_puts_the_setting_back():
    rows = [owe(key=str(n)) for n in range(3)]
    seen = []
    real_send = EmailMessage.send

    def send(message, *args, **kwargs):
        seen.append(_synchronous_commit())
        return real_send(message, *args, **kwargs)

    with mock.patch.object(EmailMessage, "send", send):
        assert notification_deliver_batch(notification_ids=[row.pk for row in rows]) == {State.SENT: 3}
    assert seen == ["off"] * 3
    assert _synchronous_commit() == "on"  # the connection serves other tasks afterwards
    assert set(Notification.objects.values_list("state", flat=True)) == {State.SENT}


def test_an_address_the_mail_server_refuses_fails_at_once():
    notification = owe()
    refused = smtplib.SMTPRecipientsRefused({"x@example.test": (550, b"No such user")})
    with mock.patch.object(EmailMessage, "send", side_effect=refused):
        assert notification_deliver(notification_id=notification.pk) == State.FAILED
    assert Notification.objects.get(pk=notification.pk).attempts == 1


def test_an_invalid_address_fails_at_once():
    recipient = ClientFactory()
    type(recipient).objects.filter(pk=recipient.pk).update(email="not an address")
    notification = owe(recipient=type(recipient).objects.get(pk=recipient.pk))
    assert notification_deliver(notification_id=notification.pk) == State.FAILED
    assert "not valid" in Notification.objects.get(pk=notification.pk).last_error


def test_one_failing_notification_does_not_hold_up_the_others(broken_kind):
    broken, fine = owe(kind=broken_kind, key="1"), owe(key="2")
    claimed = notification_claim_due()
    assert set(claimed) == {broken.pk, fine.pk}
    results = {pk: notification_deliver(notification_id=pk) for pk in claimed}
    assert results == {broken.pk: State.FAILED, fine.pk: State.SENT}
    assert len(mail.outbox) == 1


def test_a_notification_no_longer_needed_is_cancelled():
    case = AssignedCaseFactory()
    message = MessageFactory(case=case, sender=case.assigned_to)
    [notification] = notification_queue(
        kind="new_message", recipients=[case.applicant], key=str(message.pk), about=message
    )
    message.read_at = timezone.now()  # they read it on the site before the e-mail went
    message.save()
    assert notification_deliver(notification_id=notification.pk) == State.CANCELLED
    assert not mail.outbox


def test_an_inactive_recipient_is_not_written_to():
    notification = owe()
    notification.recipient.is_active = False
    notification.recipient.save()
    assert notification_deliver(notification_id=notification.pk) == State.CANCELLED


# --- claiming ----------------------------------------------------------------------------


def test_only_due_notifications_are_claimed_and_a_claim_is_not_taken_twice():
    due = owe(key="due")
    later = owe(key="later", due_at=timezone.now() + datetime.timedelta(hours=1))
    assert notification_claim_due() == [due.pk]
    assert notification_claim_due() == []  # claimed: sending
    assert Notification.objects.get(pk=later.pk).state == State.PENDING


def test_a_claim_whose_task_was_lost_is_taken_again(settings):
    notification = owe()
    assert notification_claim_due() == [notification.pk]
    stale = timezone.now() - datetime.timedelta(seconds=settings.NOTIFICATION_CLAIM_TIMEOUT + 1)
    Notification.objects.filter(pk=notification.pk).update(claimed_at=stale)
    assert notification_claim_due() == [notification.pk]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_row_locked_by_a_worker_is_skipped_not_waited_for():
    locked, free = owe(key="locked"), owe(key="free")
    holding, release = threading.Event(), threading.Event()

    def worker():
        try:
            with transaction.atomic():
                Notification.objects.select_for_update().get(pk=locked.pk)
                holding.set()
                release.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        holding.wait(5)
        assert notification_claim_due() == [free.pk]
    finally:
        release.set()
        thread.join(10)
