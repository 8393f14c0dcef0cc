"""The calendar feed (``cases.calendar``): what it holds, for whom, and that a link which does
not work is a 404. Every feed is read back with ``icalendar``, as a calendar app would."""

from __future__ import annotations

import datetime
import logging

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from accounts.models import Role
from accounts.tests.factories import AdvocateFactory, ClientFactory
from cases import calendar
from cases.choices import FollowUpKind
from cases.models import FollowUp
from patientportal import middleware
from patientportal.log_filters import RedactSecretURLs
from patientportal.models import AccessEvent, AuthEvent

from .factories import AssignedCaseFactory, FollowUpFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def feed_url(token: str) -> str:
    return reverse("calendar_feed", kwargs={"token": token})


def fetch(token: str):
    """As a calendar app: no cookies, nobody signed in."""
    return Client().get(feed_url(token))


def events_of(response) -> list[icalendar.Event]:
    assert response.status_code == 200
    return list(icalendar.Calendar.from_ical(response.content).events)


def a_case_of(advocate, **kwargs):
    return AssignedCaseFactory(organisation=advocate.organisation, assigned_to=advocate, **kwargs)


@pytest.fixture
def token(advocate) -> str:
    return account_services.calendar_feed_create(user=advocate)[1]


# --- what the feed holds ----------------------------------------------------------------------


def test_each_open_follow_up_is_an_event_with_a_stable_uid_its_due_time_and_a_short_title(advocate, token, settings):
    settings.SITE_URL = "https://portal.example.org"
    case = a_case_of(advocate, reference="MS-ABCD-2345")
    due = timezone.now().replace(microsecond=0) + datetime.timedelta(days=2)
    contact = FollowUpFactory(case=case, owner=advocate, due_at=due, is_client_contact=True)
    other = FollowUpFactory(
        case=case, owner=advocate, due_at=due + datetime.timedelta(hours=3), is_client_contact=False
    )

    response = fetch(token)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    feed = icalendar.Calendar.from_ical(response.content)
    assert feed["X-WR-CALNAME"] == "Patient Portal: my follow-ups"
    lines = response.content.decode().split("\r\n")
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in lines and "X-PUBLISHED-TTL:PT1H" in lines
    events = list(feed.events)
    assert [str(event["UID"]) for event in events] == [
        f"followup-{contact.pk}@portal.example.org",
        f"followup-{other.pk}@portal.example.org",
    ]
    first, second = events
    assert first.start == due and first.start.utcoffset() == datetime.timedelta(0)
    assert f"DTSTART:{due.astimezone(UTC):%Y%m%dT%H%M%SZ}" in response.content.decode()  # in UTC, no TZID
    assert first.end - first.start == datetime.timedelta(minutes=30)
    assert str(first["SUMMARY"]) == "MS-ABCD-2345: Planned contact with the client"
    assert str(second["SUMMARY"]) == "MS-ABCD-2345: Follow-up"
    # The description is a link to the case page, ids only: the details are behind sign-in.
    assert str(first["DESCRIPTION"]) == f"https://portal.example.org/cases/{case.pk}/"
    assert "LOCATION" not in first and "ATTENDEE" not in first
    assert str(first["CLASS"]) == "PRIVATE"

    # The same follow-up keeps its UID when it moves; fetching again gives the same events.
    FollowUp.objects.filter(pk=contact.pk).update(due_at=due + datetime.timedelta(days=1))
    moved = {str(event["UID"]): event.start for event in events_of(fetch(token))}
    assert moved[f"followup-{contact.pk}@portal.example.org"] == due + datetime.timedelta(days=1)


def test_the_feed_never_holds_names_the_follow_ups_text_or_anything_about_health(advocate, token):
    advocate.first_name, advocate.last_name = "Philomena", "Quarrington"
    advocate.save()
    person = ClientFactory(first_name="Xanthippe", last_name="Ostrogorsky", email="xanthippe@example.test")
    case = a_case_of(
        advocate,
        applicant=person,
        for_self=False,
        person_name="Bartholomew Zaragoza",
        description="Optic neuritis and tremor since the relapse.",
        categories=["healthcare_rehabilitation", "emotional_support"],
    )
    FollowUpFactory(case=case, owner=advocate, summary="Ring Bartholomew about his wheelchair ramp")
    FollowUpFactory(case=case, owner=advocate, summary="Depression screen follow-up", is_client_contact=False)

    response = fetch(token)
    assert len(events_of(response)) == 2
    body = response.content.decode().casefold()
    for text in (
        "Philomena",
        "Quarrington",
        "Xanthippe",
        "Ostrogorsky",
        "xanthippe@example.test",
        "Bartholomew",
        "Zaragoza",
        "Optic neuritis",
        "tremor",
        "wheelchair",
        "Depression",
        "Health care",
        "healthcare_rehabilitation",
        "Emotional support",
        "emotional_support",
        str(person.pk),
        str(case.pk),
    ):
        assert text.casefold() not in body, text


def test_only_the_owners_follow_ups_on_cases_they_may_see(advocate, token):
    mine = FollowUpFactory(case=a_case_of(advocate), owner=advocate)
    colleague = AdvocateFactory(organisation=advocate.organisation)
    FollowUpFactory(case=a_case_of(colleague), owner=colleague)  # a colleague's, on their case
    # Left on a case since given to the colleague: the advocate may no longer see that case.
    FollowUpFactory(case=a_case_of(colleague), owner=advocate)
    elsewhere = AdvocateFactory()  # another organisation's
    FollowUpFactory(case=a_case_of(elsewhere), owner=elsewhere)

    assert [str(event["UID"]).split("@")[0] for event in events_of(fetch(token))] == [f"followup-{mine.pk}"]


def test_done_and_far_away_follow_ups_are_left_out(advocate, token):
    case = a_case_of(advocate)
    now = timezone.now()
    overdue = FollowUpFactory(case=case, owner=advocate, due_at=now - datetime.timedelta(days=29))
    FollowUpFactory(case=case, owner=advocate, completed_at=now)
    FollowUpFactory(case=case, owner=advocate, due_at=now - datetime.timedelta(days=31))
    FollowUpFactory(case=case, owner=advocate, due_at=now + datetime.timedelta(days=366))
    last = FollowUpFactory(case=case, owner=advocate, due_at=now + datetime.timedelta(days=364))

    uids = [str(event["UID"]).split("@")[0] for event in events_of(fetch(token))]
    assert uids == [f"followup-{overdue.pk}", f"followup-{last.pk}"]


def test_the_feed_is_bounded_in_count_keeping_the_soonest(advocate, token, monkeypatch):
    monkeypatch.setattr(calendar, "MAX_EVENTS", 3)
    case = a_case_of(advocate)
    now = timezone.now()
    follow_ups = [FollowUpFactory(case=case, owner=advocate, due_at=now + datetime.timedelta(days=d)) for d in range(5)]
    uids = [str(event["UID"]).split("@")[0] for event in events_of(fetch(token))]
    assert uids == [f"followup-{f.pk}" for f in follow_ups[:3]]


def test_an_empty_feed_is_still_a_calendar(token):
    response = fetch(token)
    assert events_of(response) == []
    assert response.content.startswith(b"BEGIN:VCALENDAR")


def test_the_kind_of_a_follow_up_in_words():
    assert FollowUpKind.of(FollowUp(is_client_contact=True)).label == "Planned contact with the client"
    assert FollowUpKind.of(FollowUp(is_client_contact=False)).label == "Follow-up"


@pytest.mark.parametrize("size", [1, 20])
def test_the_feed_issues_the_same_two_queries_for_1_or_20_follow_ups(advocate, token, size, django_assert_num_queries):
    cases = [a_case_of(advocate) for _ in range(min(size, 4))]
    for number in range(size):
        FollowUpFactory(case=cases[number % len(cases)], owner=advocate)
    client = Client()
    with django_assert_num_queries(2):  # the link with its owner; the follow-ups with their cases
        response = client.get(feed_url(token))
    assert len(events_of(response)) == size


# --- who gets it ------------------------------------------------------------------------------


def test_a_calendar_app_needs_no_session(advocate, token):
    FollowUpFactory(case=a_case_of(advocate), owner=advocate)
    response = Client().get(feed_url(token))
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert Client().head(feed_url(token)).status_code == 200


def test_a_staff_session_without_a_second_factor_or_gone_idle_does_not_get_in_the_way(advocate, token, settings):
    """The token is the key: the staff MFA rule and the idle timeout are for sessions."""
    no_mfa = AdvocateFactory(organisation=advocate.organisation, mfa=False)
    browser = Client()
    browser.force_login(no_mfa)
    assert browser.get(reverse("home")).status_code == 302  # the MFA rule, on any other page
    assert browser.get(feed_url(token)).status_code == 200

    idle = Client()
    idle.force_login(advocate)
    session = idle.session
    long_ago = int(timezone.now().timestamp()) - settings.STAFF_IDLE_TIMEOUT - 60
    session[middleware.SESSION_STARTED] = session[middleware.LAST_ACTIVITY] = long_ago
    session.save()
    assert idle.get(feed_url(token)).status_code == 200
    assert idle.session[middleware.LAST_ACTIVITY] == long_ago  # not counted as activity
    assert not AuthEvent.objects.filter(kind=AuthEvent.Kind.SESSION_EXPIRED).exists()


def test_the_feed_url_is_one_the_middleware_and_the_log_filter_know(token):
    url = feed_url(token)
    assert url.startswith(middleware.TOKEN_URL_PREFIXES)
    record = logging.LogRecord(
        "django.server", logging.INFO, "", 0, '"%s" %s %s', (f"GET {url} HTTP/1.1", 200, 9), None
    )
    RedactSecretURLs().filter(record)
    assert record.getMessage() == '"GET /calendar/[secret].ics HTTP/1.1" 200 9'


def test_unknown_malformed_and_stopped_links_are_not_found(advocate, token, other_org_advocate):
    _theirs, their_token = account_services.calendar_feed_create(user=other_org_advocate)
    account_services.calendar_feed_revoke(user=other_org_advocate)
    for wrong in (
        their_token,  # another advocate's, stopped
        token[:-1] + ("A" if token[-1] != "A" else "B"),  # one character off
        "not-a-token",
        token + token,
    ):
        assert fetch(wrong).status_code == 404, wrong
    assert fetch(token).status_code == 200


def test_an_old_link_is_not_found_once_replaced(advocate, token):
    account_services.calendar_feed_create(user=advocate)
    assert fetch(token).status_code == 404


@pytest.mark.parametrize("change", ["deactivated", "now_a_supervisor"])
def test_the_feed_of_someone_no_longer_an_active_advocate_is_not_found(advocate, token, change):
    FollowUpFactory(case=a_case_of(advocate), owner=advocate)
    if change == "deactivated":
        advocate.is_active = False
    else:
        advocate.role = Role.SUPERVISOR
    advocate.save()
    assert fetch(token).status_code == 404


def test_the_token_is_written_in_no_log_line_and_no_audit_record(advocate, token, caplog):
    """A link that no longer works is a 404, and 404s are logged with their path: as [secret]."""
    caplog.set_level(logging.INFO)
    FollowUpFactory(case=a_case_of(advocate), owner=advocate)
    assert fetch(token).status_code == 200
    account_services.calendar_feed_revoke(user=advocate)
    assert fetch(token).status_code == 404
    assert "/calendar/[secret].ics" in caplog.text
    assert token not in caplog.text
    from pghistory.models import Context

    for stored in (
        AccessEvent.objects.values_list("path", flat=True),
        AuthEvent.objects.values_list("path", flat=True),
        Context.objects.values_list("metadata", flat=True),
    ):
        assert not any(token in str(value) for value in stored)
