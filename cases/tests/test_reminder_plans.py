"""What is owed at a time of day, planned every minute by beat (``patientportal.tasks.plan_reminders``):
the advocates' digest, the supervisors' weekly summary, the admins' listings to check."""

from __future__ import annotations

import datetime
import time
import zoneinfo

import pytest
import time_machine
from django.core import mail

from accounts.tests.factories import OrgAdminFactory, OrganisationFactory, SupervisorFactory
from cases import reminders
from cases.choices import CaseStatus
from cases.tests.factories import AssignedCaseFactory, FollowUpFactory
from notifications.models import Notification, NotificationState
from notifications.services import notification_deliver
from patientportal.tasks import plan_reminders
from resources import notifications as resource_notifications
from resources.tests.factories import ServiceFactory

LONDON = zoneinfo.ZoneInfo("Europe/London")
MONDAY_MORNING = datetime.datetime(2026, 6, 1, 8, 3, tzinfo=LONDON)


@pytest.mark.django_db
def test_the_digest_counts_the_days_follow_ups_and_says_nothing_about_them(organisation):
    case = AssignedCaseFactory(organisation=organisation, status=CaseStatus.IN_PROGRESS)
    FollowUpFactory(case=case, due_at=MONDAY_MORNING + datetime.timedelta(hours=3), summary="Bladder clinic letter")
    FollowUpFactory(case=case, due_at=MONDAY_MORNING - datetime.timedelta(days=2), summary="Overdue thing")
    with time_machine.travel(MONDAY_MORNING, tick=False):
        assert reminders.reminders_plan_daily() >= 1
        assert reminders.reminders_plan_daily() == 0  # once a day, however often it runs
        digest = Notification.objects.get(kind=reminders.FOLLOW_UP_DIGEST)
        assert digest.recipient_id == case.assigned_to_id
        assert notification_deliver(notification_id=digest.pk) == NotificationState.SENT
    [message] = mail.outbox
    assert "1 follow-up due today" in message.body and "1 follow-up is overdue" in message.body
    assert "Bladder" not in message.body and "Monday 1 June" in message.subject


@pytest.mark.django_db
def test_supervisors_get_the_weekly_summary_on_monday_mornings_only(organisation):
    supervisor = SupervisorFactory(organisation=organisation)
    AssignedCaseFactory(organisation=organisation)
    with time_machine.travel(MONDAY_MORNING - datetime.timedelta(minutes=10), tick=False):
        reminders.reminders_plan_daily()
    assert not Notification.objects.filter(kind=reminders.WEEKLY_SUMMARY).exists()
    with time_machine.travel(MONDAY_MORNING, tick=False):
        reminders.reminders_plan_daily()
        summary = Notification.objects.get(kind=reminders.WEEKLY_SUMMARY)
        assert summary.recipient_id == supervisor.pk
        assert notification_deliver(notification_id=summary.pk) == NotificationState.SENT
    assert "1 new request in the last seven days" in mail.outbox[0].body
    with time_machine.travel(MONDAY_MORNING + datetime.timedelta(days=1), tick=False):
        reminders.reminders_plan_daily()
    assert Notification.objects.filter(kind=reminders.WEEKLY_SUMMARY).count() == 1


@pytest.mark.django_db
def test_admins_hear_monthly_of_listings_nobody_checked_for_a_year(organisation):
    admin = OrgAdminFactory(organisation=organisation)
    first_of_june = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=LONDON)
    ServiceFactory(owner=organisation, assured_date=datetime.date(2025, 1, 1))
    ServiceFactory(owner=organisation, assured_date=datetime.date(2026, 5, 1))
    with time_machine.travel(first_of_june, tick=False):
        assert resource_notifications.queue_stale_listings() == 1
        assert resource_notifications.queue_stale_listings() == 0
        row = Notification.objects.get(kind=resource_notifications.LISTINGS_STALE)
        assert row.recipient_id == admin.pk
        assert notification_deliver(notification_id=row.pk) == NotificationState.SENT
    assert "1 of your society's directory listings has not been checked" in mail.outbox[0].body
    with time_machine.travel(first_of_june + datetime.timedelta(days=20), tick=False):
        assert resource_notifications.queue_stale_listings() == 0  # June's is sent


def _a_zone_where_the_morning_has_come() -> str:
    """A time zone where it is past 08:00 now (there is always one: they span 24 hours)."""
    zones = (
        "Pacific/Kiritimati",
        "Asia/Tokyo",
        "Asia/Kolkata",
        "Europe/London",
        "America/New_York",
        "Pacific/Honolulu",
    )
    now = datetime.datetime.now(datetime.UTC)
    return next(zone for zone in zones if now.astimezone(zoneinfo.ZoneInfo(zone)).hour >= 8)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_planner_runs_through_a_real_worker(celery_worker):
    organisation = OrganisationFactory(name="MS Society Morning", timezone=_a_zone_where_the_morning_has_come())
    case = AssignedCaseFactory(organisation=organisation, status=CaseStatus.IN_PROGRESS)
    FollowUpFactory(case=case, due_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1))
    plan_reminders.delay()
    digests = Notification.objects.filter(kind=reminders.FOLLOW_UP_DIGEST, recipient_id=case.assigned_to_id)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not digests.exists():
        time.sleep(0.1)
    assert digests.count() == 1
