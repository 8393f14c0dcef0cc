"""Reminders in each person's own time: stored in UTC, planned in the organisation's time zone,
across the European and the US daylight-saving changes in both directions. Nothing is lost in
the hour that is skipped, nothing sent twice in the hour that is repeated."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from accounts.tests.factories import AdvocateFactory, OrganisationFactory, SupervisorFactory
from cases import reminders, services
from cases.choices import CaseStatus
from cases.tests.factories import AssignedCaseFactory
from notifications.models import Notification, NotificationState
from notifications.services import notification_claim_due, notification_deliver

pytestmark = pytest.mark.django_db

#: Each change: the time zone and the Sunday it happens (both directions, both sides of the Atlantic).
CHANGES = [
    pytest.param("Europe/London", datetime.date(2026, 3, 29), id="europe-spring-forward"),
    pytest.param("Europe/London", datetime.date(2026, 10, 25), id="europe-fall-back"),
    pytest.param("America/New_York", datetime.date(2026, 3, 8), id="us-spring-forward"),
    pytest.param("America/New_York", datetime.date(2026, 11, 1), id="us-fall-back"),
]
STEP = datetime.timedelta(minutes=10)


def _instants(start: datetime.datetime, end: datetime.datetime):
    moment = start
    while moment < end:
        yield moment
        moment += STEP


def _case_in(zone_name: str, **answers):
    country = "GB" if zone_name.startswith("Europe") else "US"
    organisation = OrganisationFactory(timezone=zone_name, countries=[country])
    return AssignedCaseFactory(
        organisation=organisation,
        country=country,
        region="GB-ENG" if country == "GB" else "US-NY",
        status=CaseStatus.IN_PROGRESS,
        assigned_to=AdvocateFactory(organisation=organisation),
        **answers,
    )


@pytest.mark.parametrize(("zone_name", "sunday"), CHANGES)
def test_the_morning_digest_comes_once_a_day_at_eight_local_time(zone_name, sunday):
    zone = zoneinfo.ZoneInfo(zone_name)
    case = _case_in(zone_name)
    # An overdue follow-up: the advocate has something in every day's digest.
    services.followup_schedule(
        case=case,
        actor=case.assigned_to,
        owner=case.assigned_to,
        due_at=datetime.datetime.combine(sunday - datetime.timedelta(days=3), datetime.time(9), tzinfo=zone),
        summary="Chase the occupational therapist",
    )
    start = datetime.datetime.combine(sunday - datetime.timedelta(days=1), datetime.time(0), tzinfo=zone)
    end = datetime.datetime.combine(sunday + datetime.timedelta(days=2), datetime.time(0), tzinfo=zone)
    for moment in _instants(start.astimezone(datetime.UTC), end.astimezone(datetime.UTC)):
        with time_machine.travel(moment, tick=False):
            reminders.reminders_plan_daily()
    digests = list(Notification.objects.filter(kind=reminders.FOLLOW_UP_DIGEST).order_by("created_at"))
    local = [row.created_at.astimezone(zone) for row in digests]
    assert [moment.date() for moment in local] == [
        sunday - datetime.timedelta(days=1),
        sunday,
        sunday + datetime.timedelta(days=1),
    ]
    assert all(moment.time() < datetime.time(8, 10) and moment.hour == 8 for moment in local), local


@pytest.mark.parametrize(("zone_name", "sunday"), CHANGES)
def test_follow_ups_due_through_the_night_of_the_change_are_each_reminded_once_on_time(zone_name, sunday):
    zone = zoneinfo.ZoneInfo(zone_name)
    case = _case_in(zone_name)
    night = datetime.datetime.combine(sunday, datetime.time(0), tzinfo=zone).astimezone(datetime.UTC)
    # Every quarter of an hour from midnight to five, in UTC: both 01:30s of a repeated hour, and
    # the times on either side of a skipped one.
    due = [night + datetime.timedelta(minutes=15 * n) for n in range(21)]
    with time_machine.travel(night - datetime.timedelta(days=1), tick=False):
        for moment in due:
            services.followup_schedule(
                case=case, actor=case.assigned_to, owner=case.assigned_to, due_at=moment, summary="Ring back"
            )
    sent: dict[int, datetime.datetime] = {}
    for moment in _instants(night - STEP, night + datetime.timedelta(hours=6)):
        with time_machine.travel(moment, tick=False):
            for notification_id in notification_claim_due():
                if notification_deliver(notification_id=notification_id) == NotificationState.SENT:
                    assert notification_id not in sent
                    sent[notification_id] = timezone.now()
    rows = {row.pk: row for row in Notification.objects.filter(kind=reminders.FOLLOW_UP_DUE)}
    assert len(rows) == len(due) and set(sent) == set(rows)
    for notification_id, when in sent.items():
        assert rows[notification_id].next_attempt_at <= when < rows[notification_id].next_attempt_at + STEP


def test_a_planned_contact_the_day_after_the_clocks_change_is_reminded_at_ten_local_time():
    case = _case_in("Europe/London", contact_methods=["email"])
    london = zoneinfo.ZoneInfo("Europe/London")
    monday = datetime.datetime(2026, 3, 30, 11, 0, tzinfo=london)  # British Summer Time since Sunday 01:00 UTC
    with time_machine.travel(datetime.datetime(2026, 3, 27, 12, 0, tzinfo=london), tick=False):
        services.followup_schedule(
            case=case,
            actor=case.assigned_to,
            owner=case.assigned_to,
            due_at=monday,
            summary="Home visit",
            is_client_contact=True,
        )
    reminder = Notification.objects.get(kind=reminders.PLANNED_CONTACT)
    assert reminder.next_attempt_at == datetime.datetime(2026, 3, 29, 9, 0, tzinfo=datetime.UTC)  # 10:00 BST


def test_supervisors_are_told_of_a_follow_up_overdue_by_working_days_not_calendar_days():
    case = _case_in("Europe/London")
    SupervisorFactory(organisation=case.organisation)
    london = zoneinfo.ZoneInfo("Europe/London")
    christmas_eve = datetime.datetime(2026, 12, 24, 15, 0, tzinfo=london)  # a Thursday
    with time_machine.travel(christmas_eve - datetime.timedelta(days=1), tick=False):
        services.followup_schedule(
            case=case, actor=case.assigned_to, owner=case.assigned_to, due_at=christmas_eve, summary="Benefits form"
        )
    escalation = Notification.objects.get(kind=reminders.FOLLOW_UP_OVERDUE)
    # Thursday 24th + 2 working days: Friday 25th (Christmas), Monday 28th (Boxing Day, substitute)
    # and the weekend do not count: Tuesday 29th, then Wednesday 30th.
    assert escalation.next_attempt_at.astimezone(london) == datetime.datetime(2026, 12, 30, 15, 0, tzinfo=london)
