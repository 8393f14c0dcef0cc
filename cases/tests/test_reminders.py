"""Reminders and escalations are outbox rows with a due time, kept in step with the case by the
services that change it (``cases.reminders``), and re-checked when they are sent."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Absence
from accounts.tests.factories import AdvocateFactory, SupervisorFactory
from cases import reminders, services
from cases.choices import CaseOutcome, CaseStatus, EventKind, InteractionChannel, InteractionOutcome
from cases.models import ContactPreferences
from cases.tests.factories import AssignedCaseFactory, CaseFactory
from notifications import sms
from notifications.models import Channel, Notification, NotificationState
from notifications.services import notification_deliver

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
#: A Wednesday morning in London, far from any bank holiday.
WEDNESDAY = datetime.datetime(2026, 6, 10, 9, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def wednesday():
    with time_machine.travel(WEDNESDAY, tick=False):
        yield


@pytest.fixture
def case(organisation):
    case = AssignedCaseFactory(organisation=organisation, status=CaseStatus.IN_PROGRESS)
    return case


@pytest.fixture
def supervisor(organisation):
    return SupervisorFactory(organisation=organisation, email="lead@example.test")


def waiting(kind=None, **filters):
    rows = Notification.objects.filter(state=NotificationState.PENDING, **filters)
    if kind:
        rows = rows.filter(kind=kind)
    return rows


def schedule(case, due_at, *, client_contact=False, summary="Ring the housing officer about the ramp"):
    return services.followup_schedule(
        case=case,
        actor=case.assigned_to,
        owner=case.assigned_to,
        due_at=due_at,
        summary=summary,
        is_client_contact=client_contact,
    )


def deliver(row):
    """Send one reminder now, as the dispatcher would once it is due."""
    Notification.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    return notification_deliver(notification_id=row.pk)


# --- what is owed, and when ----------------------------------------------------------------------


def test_a_follow_up_owes_its_owner_a_reminder_when_it_falls_due(case, supervisor):
    due = WEDNESDAY + datetime.timedelta(days=1, hours=5)  # Thursday 14:00
    follow_up = schedule(case, due)
    reminder = waiting(reminders.FOLLOW_UP_DUE).get()
    assert (reminder.recipient_id, reminder.next_attempt_at, reminder.about_id) == (
        case.assigned_to_id,
        due,
        str(follow_up.pk),
    )
    # Two working days overdue: Thursday 14:00 + 2 working days = Monday 14:00, to the supervisors.
    escalation = waiting(reminders.FOLLOW_UP_OVERDUE).get()
    assert escalation.recipient_id == supervisor.pk
    assert escalation.next_attempt_at == datetime.datetime(2026, 6, 15, 14, 0, tzinfo=LONDON)


def test_moving_a_follow_up_moves_its_reminders_and_doing_it_cancels_them(case, supervisor):
    follow_up = schedule(case, WEDNESDAY + datetime.timedelta(days=1))
    reminder = waiting(reminders.FOLLOW_UP_DUE).get()
    later = WEDNESDAY + datetime.timedelta(days=7)
    follow_up = services.followup_reschedule(follow_up=follow_up, actor=case.assigned_to, due_at=later)
    moved = waiting(reminders.FOLLOW_UP_DUE).get()
    assert moved.pk == reminder.pk and moved.next_attempt_at == later  # the same row, moved
    assert waiting(reminders.FOLLOW_UP_OVERDUE).count() == 1
    services.followup_complete(follow_up=follow_up, actor=case.assigned_to)
    assert not waiting(reminders.FOLLOW_UP_DUE).exists() and not waiting(reminders.FOLLOW_UP_OVERDUE).exists()
    assert Notification.objects.get(pk=reminder.pk).state == NotificationState.CANCELLED


def test_closing_a_case_cancels_everything_it_owed(case, supervisor):
    schedule(case, WEDNESDAY + datetime.timedelta(days=1))
    assert waiting().exists()
    services.case_transition(
        case=case, to=CaseStatus.CLOSED, actor=case.assigned_to, outcome=CaseOutcome.NEEDS_MET, reason="Sorted"
    )
    assert not waiting().exists()


def test_a_planned_contact_reminds_the_client_the_day_before_by_the_channel_they_chose(organisation):
    case = AssignedCaseFactory(organisation=organisation, contact_methods=["email", "phone"])
    schedule(case, datetime.datetime(2026, 6, 12, 15, 0, tzinfo=LONDON), client_contact=True)
    reminder = waiting(reminders.PLANNED_CONTACT).get()
    assert reminder.recipient_id == case.applicant_id and reminder.channel == Channel.EMAIL
    assert reminder.next_attempt_at == datetime.datetime(2026, 6, 11, 10, 0, tzinfo=LONDON)


def test_a_client_who_chose_text_messages_is_reminded_by_text(organisation):
    case = AssignedCaseFactory(organisation=organisation, contact_methods=["text"], phone="07700 900 123")
    schedule(case, datetime.datetime(2026, 6, 12, 15, 0, tzinfo=LONDON), client_contact=True)
    assert waiting(reminders.PLANNED_CONTACT).get().channel == Channel.SMS


def test_a_client_who_asked_only_for_phone_calls_gets_no_reminder(case):
    assert ContactPreferences.objects.get(case=case).contact_methods == ["phone"]
    schedule(case, datetime.datetime(2026, 6, 12, 15, 0, tzinfo=LONDON), client_contact=True)
    assert not waiting(reminders.PLANNED_CONTACT).exists()


def test_a_client_who_stops_wanting_e_mails_is_not_sent_the_reminder_already_queued(organisation):
    case = AssignedCaseFactory(organisation=organisation, contact_methods=["email"])
    schedule(case, datetime.datetime(2026, 6, 12, 15, 0, tzinfo=LONDON), client_contact=True)
    reminder = waiting(reminders.PLANNED_CONTACT).get()
    services.contact_preferences_update(
        case=case, acting_user=case.applicant, preferences={"contact_methods": ["post"]}
    )
    assert Notification.objects.get(pk=reminder.pk).state == NotificationState.CANCELLED
    # Even had the outbox lagged behind, the reminder re-checks when it is sent.
    Notification.objects.filter(pk=reminder.pk).update(state=NotificationState.PENDING)
    assert deliver(reminder) == NotificationState.CANCELLED
    assert mail.outbox == []


def test_first_contact_warns_the_advocate_at_three_quarters_and_escalates_when_missed(organisation, supervisor):
    case = AssignedCaseFactory(
        organisation=organisation, submitted_at=WEDNESDAY, first_contact_due=datetime.date(2026, 6, 12)
    )
    reminders.reminders_sync(case_id=case.pk)
    deadline = datetime.datetime(2026, 6, 13, 0, 0, tzinfo=LONDON)  # the end of Friday the 12th
    warning = waiting(reminders.FIRST_CONTACT_WARNING).get()
    assert warning.recipient_id == case.assigned_to_id
    assert warning.next_attempt_at == WEDNESDAY + (deadline - WEDNESDAY) * 0.75
    missed = waiting(reminders.FIRST_CONTACT_MISSED).get()
    assert (missed.recipient_id, missed.next_attempt_at) == (supervisor.pk, deadline)
    services.interaction_log(
        case=case,
        actor=case.assigned_to,
        channel=InteractionChannel.CALL,
        occurred_at=WEDNESDAY,
        outcome=InteractionOutcome.REACHED,
    )
    assert not waiting(reminders.FIRST_CONTACT_WARNING).exists()
    assert not waiting(reminders.FIRST_CONTACT_MISSED).exists()


def test_a_request_nobody_takes_is_escalated_and_taking_it_stops_that(organisation, supervisor, advocate):
    case = CaseFactory(organisation=organisation, submitted_at=WEDNESDAY)
    reminders.reminders_sync(case_id=case.pk)
    unassigned = waiting(reminders.CASE_UNASSIGNED).get()
    assert (unassigned.recipient_id, unassigned.next_attempt_at) == (
        supervisor.pk,
        WEDNESDAY + datetime.timedelta(hours=24),
    )
    services.case_assign(case=case, advocate=advocate, actor=supervisor)
    assert not waiting(reminders.CASE_UNASSIGNED).exists()
    assert waiting(reminders.FIRST_CONTACT_WARNING, recipient=advocate).exists()


def test_a_case_waiting_on_the_client_reminds_its_advocate_after_a_fortnight(case):
    services.case_transition(case=case, to=CaseStatus.WAITING_ON_CLIENT, actor=case.assigned_to)
    reminder = waiting(reminders.WAITING_ON_CLIENT).get()
    assert reminder.next_attempt_at == WEDNESDAY + datetime.timedelta(days=14)
    services.case_transition(case=case, to=CaseStatus.IN_PROGRESS, actor=case.assigned_to)
    assert not waiting(reminders.WAITING_ON_CLIENT).exists()


# --- when they are sent --------------------------------------------------------------------------


def test_the_reminder_says_no_more_than_a_reference_and_a_link(case):
    follow_up = schedule(case, WEDNESDAY + datetime.timedelta(hours=2), summary="Ask about her bladder medication")
    reminder = waiting(reminders.FOLLOW_UP_DUE).get()
    with time_machine.travel(follow_up.due_at, tick=False):
        assert deliver(reminder) == NotificationState.SENT
    [message] = mail.outbox
    assert message.to == [case.assigned_to.email]
    assert case.reference in message.subject and f"/cases/{case.pk}/" in message.body
    assert "bladder" not in message.body and "bladder" not in message.subject
    assert (
        message.extra_headers["Message-ID"]
        == f"<notification-{reminder.pk}@{message.extra_headers['Message-ID'].split('@')[1]}"
    )
    assert "11:00" in message.body  # the due time, in the organisation's time zone (London, summer)


def test_a_reminder_for_a_moved_follow_up_is_not_sent_at_the_old_time(case):
    follow_up = schedule(case, WEDNESDAY + datetime.timedelta(hours=2))
    reminder = waiting(reminders.FOLLOW_UP_DUE).get()
    # The outbox lagging behind a change (as if the sync had not run): the send re-checks.
    type(follow_up).objects.filter(pk=follow_up.pk).update(due_at=WEDNESDAY + datetime.timedelta(days=3))
    assert deliver(reminder) == NotificationState.CANCELLED
    assert mail.outbox == []


def test_a_reminder_goes_to_the_colleague_covering_the_owners_absence(case, organisation):
    cover = AdvocateFactory(organisation=organisation, email="cover@example.test")
    Absence.objects.create(
        advocate=case.assigned_to, covered_by=cover, starts_on=WEDNESDAY.date(), ends_on=WEDNESDAY.date()
    )
    schedule(case, WEDNESDAY + datetime.timedelta(hours=1))
    reminder = waiting(reminders.FOLLOW_UP_DUE).get()
    assert deliver(reminder) == NotificationState.CANCELLED  # not to the absent owner...
    redirected = Notification.objects.get(kind=reminders.FOLLOW_UP_DUE, recipient=cover)
    assert notification_deliver(notification_id=redirected.pk) == NotificationState.SENT  # ...to the cover
    assert [m.to for m in mail.outbox] == [[cover.email]]
    # A later change to the case keeps the redirected reminder (the same occasion).
    schedule(case, WEDNESDAY + datetime.timedelta(days=5), summary="Another")
    assert Notification.objects.get(pk=redirected.pk).state == NotificationState.SENT


def test_an_escalation_repeats_until_done_and_is_one_line_on_the_timeline(case, supervisor):
    follow_up = schedule(case, WEDNESDAY - datetime.timedelta(days=7))  # long overdue
    first = waiting(reminders.FOLLOW_UP_OVERDUE).get()
    assert deliver(first) == NotificationState.SENT
    repeat = waiting(reminders.FOLLOW_UP_OVERDUE).get()
    assert repeat.next_attempt_at == WEDNESDAY + datetime.timedelta(hours=24)
    assert deliver(repeat) == NotificationState.SENT
    third = waiting(reminders.FOLLOW_UP_OVERDUE).get()
    assert len(mail.outbox) == 2 and all(m.to == [supervisor.email] for m in mail.outbox)
    assert case.events.filter(kind=EventKind.ESCALATED).count() == 1
    services.followup_complete(follow_up=follow_up, actor=case.assigned_to)
    assert Notification.objects.get(pk=third.pk).state == NotificationState.CANCELLED
    assert not waiting(reminders.FOLLOW_UP_OVERDUE).exists()


def test_the_escalation_is_worded_on_the_staff_timeline(case, supervisor, client):
    schedule(case, WEDNESDAY - datetime.timedelta(days=7))
    deliver(waiting(reminders.FOLLOW_UP_OVERDUE).get())
    client.force_login(case.assigned_to)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "A follow-up was overdue: the supervisors were told" in page


def test_the_text_message_reminder_goes_to_the_number_the_client_gave(organisation):
    sms.outbox.clear()
    case = AssignedCaseFactory(organisation=organisation, contact_methods=["text"], phone="07700 900 123")
    schedule(case, datetime.datetime(2026, 6, 12, 15, 0, tzinfo=LONDON), client_contact=True)
    reminder = waiting(reminders.PLANNED_CONTACT).get()
    assert deliver(reminder) == NotificationState.SENT
    [text] = sms.outbox
    assert text.to == "07700 900 123" and "Friday 12 June, 15:00" in text.body
    assert text.message_id == Notification.objects.get(pk=reminder.pk).message_id
    assert mail.outbox == []


def test_sync_reminders_repairs_an_outbox_that_lost_a_reminder(case, capsys):
    schedule(case, WEDNESDAY + datetime.timedelta(days=1))
    Notification.objects.filter(kind=reminders.FOLLOW_UP_DUE).delete()  # as if written before reminders existed
    call_command("sync_reminders")
    assert "Open cases whose reminders are now in step with them: 1." in capsys.readouterr().out
    assert waiting(reminders.FOLLOW_UP_DUE).count() == 1
    call_command("sync_reminders")
    assert waiting(reminders.FOLLOW_UP_DUE).count() == 1


def test_reminders_are_written_in_each_recipients_language(organisation):
    advocate = AdvocateFactory(organisation=organisation, languages=["fr", "en"])
    case = AssignedCaseFactory(
        organisation=organisation, assigned_to=advocate, contact_methods=["email"], language="de"
    )
    schedule(case, datetime.datetime(2026, 6, 12, 15, 0, tzinfo=LONDON), client_contact=True)
    assert waiting(reminders.FOLLOW_UP_DUE).get().language == "fr"  # the advocate's first language
    assert waiting(reminders.PLANNED_CONTACT).get().language == "de"  # the language the client chose for contact
