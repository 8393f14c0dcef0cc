"""Writes anyone can repeat cheaply are rate-limited in the cache (Redis): the attempt past the
limit writes nothing and gets a plain page (429) saying what happened and when to try again."""

from types import SimpleNamespace

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import ClientFactory
from notifications.models import Notification
from patientportal import ratelimit
from resources.models import ProblemReport
from resources.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

TEN_PAST_AN_HOUR = 1_800_000_000 - 1_800_000_000 % 3600 + 600


@pytest.fixture
def clock(monkeypatch):
    """The clock the fixed windows are counted on, at ten past an hour."""
    clock = SimpleNamespace(now=TEN_PAST_AN_HOUR)
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: clock.now))
    return clock


def limit(rates: str) -> int:
    """How many attempts the strictest of some configured rates ("10/h/ip,3/h/key") allows."""
    return min(ratelimit.Rate.parse(rate).amount for rate in rates.split(","))


def assert_refused_kindly(response, *, wait: str = ""):
    assert response.status_code == 429
    body = response.content.decode()
    assert "Please wait before trying again" in body
    assert "Nothing was sent or saved" in body
    assert f"You can try again in {wait}" in body
    assert int(response["Retry-After"]) > 0
    assert 'class="govuk-heading-l"' in body  # our page, in the site's layout


def test_a_problem_report_past_the_hourly_limit_is_refused_until_the_next_hour(client, settings, clock):
    service = ServiceFactory()
    url = reverse("service_report_problem", args=[service.pk])
    allowed = limit(settings.RATE_LIMITS["problem_report"])
    for n in range(allowed):
        assert client.post(url, {"message": f"Report {n}"}).status_code == 302
    assert ProblemReport.objects.count() == allowed

    response = client.post(url, {"message": "One too many"})
    assert_refused_kindly(response, wait="50\xa0minutes")
    assert ProblemReport.objects.count() == allowed

    clock.now += 50 * 60
    assert client.post(url, {"message": "Next hour"}).status_code == 302
    assert ProblemReport.objects.count() == allowed + 1


def test_a_report_with_a_mistake_does_not_count(client, settings, clock):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "problem_report": "1/h"}
    url = reverse("service_report_problem", args=[ServiceFactory().pk])
    assert client.post(url, {"message": ""}).status_code == 200
    assert client.post(url, {"message": "The address is wrong."}).status_code == 302


def test_problem_reports_are_counted_per_ip_address(client, settings, clock):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "problem_report": "1/h"}
    url = reverse("service_report_problem", args=[ServiceFactory().pk])
    assert client.post(url, {"message": "First"}, REMOTE_ADDR="192.0.2.1").status_code == 302
    assert client.post(url, {"message": "Second"}, REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.post(url, {"message": "Elsewhere"}, REMOTE_ADDR="192.0.2.2").status_code == 302


def test_emailing_my_list_past_the_hourly_limit_is_refused(
    client, client_user, other_client, settings, clock, django_capture_on_commit_callbacks
):
    client.force_login(client_user)
    allowed = limit(settings.RATE_LIMITS["my_list_email"])
    owed = Notification.objects.filter(kind="my_list", recipient=client_user)
    with django_capture_on_commit_callbacks() as queued:
        for _ in range(allowed):
            assert client.post(reverse("my_list_email")).status_code == 302
    assert owed.count() == allowed and queued

    with django_capture_on_commit_callbacks() as queued:
        response = client.post(reverse("my_list_email"))
    assert_refused_kindly(response, wait="50\xa0minutes")
    assert queued == [] and owed.count() == allowed  # no e-mail owed

    # Counted per client: another one on the same computer may still send theirs.
    client.force_login(other_client)
    assert client.post(reverse("my_list_email")).status_code == 302


def sign_up(client, n: int):
    return client.post(
        reverse("account_signup"),
        {
            "email": f"person{n}@example.test",
            "first_name": "Jo",
            "is_carer": "false",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        },
    )


def test_a_sign_up_past_the_limit_is_refused_and_creates_no_account(client, settings):
    allowed = limit(settings.ACCOUNT_RATE_LIMITS["signup"])
    for n in range(allowed):
        assert sign_up(client, n).status_code == 302
    assert User.objects.count() == allowed

    response = sign_up(client, allowed)
    assert_refused_kindly(response)
    assert User.objects.count() == allowed
    assert len(mail.outbox) == allowed  # one verification e-mail each, none for the refused one


def test_a_password_reset_past_the_limit_for_one_address_is_refused_and_sends_nothing(client, settings):
    user = ClientFactory()
    allowed = limit(settings.ACCOUNT_RATE_LIMITS["reset_password"])
    for _ in range(allowed):
        assert client.post(reverse("account_reset_password"), {"email": user.email}).status_code == 302
    assert len(mail.outbox) == allowed

    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert_refused_kindly(response)
    assert len(mail.outbox) == allowed


@pytest.mark.parametrize("text", ["5", "5/fortnight", "x/h", "5/"])
def test_a_badly_written_limit_is_explained(text):
    with pytest.raises(Exception, match="written like 5/h"):
        ratelimit.Rate.parse(text)
