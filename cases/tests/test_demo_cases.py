"""The demo caseload (``cases/demo.py``): Priya Shah's cases in every state, with every flag of My
cases, told through the services so that each case's record and timeline agree."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from cases.choices import (
    PHQ2_POSITIVE_FROM,
    CaseStatus,
    EventKind,
    InteractionChannel,
    InteractionOutcome,
)
from cases.demo import SOON_SUMMARY
from cases.models import Assessment, Case, CaseEvent, FollowUp, Interaction, Note, Referral
from cases.selectors import CASELOAD_PAGE_SIZE, CaseloadFilters, caseload_for_user
from notifications.models import DUE_STATES, Notification, NotificationState
from notifications.services import notification_claim_due, notification_deliver

pytestmark = pytest.mark.django_db

#: The events that move a case's status (the lifecycle's, and the submission).
STATUS_EVENTS = {
    EventKind.SUBMITTED,
    EventKind.ASSIGNED,
    EventKind.STATUS_CHANGED,
    EventKind.CLOSED,
    EventKind.REOPENED,
    EventKind.WITHDRAWN,
    EventKind.TRANSFERRED,
}


@pytest.fixture
def priya():
    call_command("seed_demo", "--quiet-banner")
    return User.objects.get(email="advocate@example.org")


def test_priyas_demo_caseload_has_every_state_and_every_flag(priya):
    caseload = caseload_for_user(user=priya, filters=CaseloadFilters())
    counts = caseload.counts
    assert counts["open"] >= 20
    for flag in ("overdue", "awaiting_first_contact", "first_contact_at_risk", "unread", "waiting_too_long"):
        assert counts[flag] > 0, flag
    assert counts["awaiting_first_contact"] > counts["first_contact_at_risk"]  # one is not at risk yet
    assert sum(case.is_urgent for case in caseload.page) == 1

    cases = Case.objects.filter(assigned_to=priya)
    assert 25 <= cases.count() <= 30
    assert set(cases.values_list("status", flat=True)) == {
        CaseStatus.ASSIGNED,
        CaseStatus.IN_PROGRESS,
        CaseStatus.WAITING_ON_CLIENT,
        CaseStatus.RESOLVED,
        CaseStatus.CLOSED,
        CaseStatus.WITHDRAWN,
    }
    assert len(set(cases.filter(status=CaseStatus.CLOSED).values_list("outcome", flat=True))) >= 3
    reopened = cases.filter(events__kind=EventKind.REOPENED)
    assert reopened.count() == 1 and reopened.get().status == CaseStatus.IN_PROGRESS
    assert {case.region for case in cases} == {"GB-ENG", "GB-WLS", "GB-SCT", "GB-NIR"}
    assert Case.objects.get(reference="MS-DEMO-0002").status == CaseStatus.NEW  # waiting in the queue

    now = timezone.now()
    open_follow_ups = FollowUp.objects.filter(case__in=cases, completed_at__isnull=True)
    assert open_follow_ups.filter(due_at__lt=now, is_reassessment=False).count() >= 3
    assert open_follow_ups.filter(due_at__gt=now, is_reassessment=False).count() >= 3
    # Needs assessments done, reassessments recorded (first and latest side by side) and due.
    assessments = Assessment.objects.filter(case__in=cases)
    assert assessments.values("case").distinct().count() >= 15
    assert any(assessments.filter(case=case).count() >= 2 for case in cases.filter(status=CaseStatus.IN_PROGRESS))
    assert any(a.phq2_score is not None and a.phq2_score >= PHQ2_POSITIVE_FROM for a in assessments)
    reassessments = open_follow_ups.filter(is_reassessment=True)
    assert reassessments.filter(due_at__lt=now).exists() and reassessments.filter(due_at__gt=now).exists()
    # Referrals with and without what came of them, and the client's word on some.
    referrals = Referral.objects.filter(case__in=cases)
    assert referrals.exclude(outcome="").count() >= 3 and referrals.filter(outcome="").count() >= 3
    assert referrals.exclude(client_feedback="").count() >= 3
    # Contacts of every kind and outcome; notes for staff and shared with the client.
    contacts = Interaction.objects.filter(case__in=cases)
    assert set(contacts.values_list("outcome", flat=True)) == set(InteractionOutcome.values)
    assert {InteractionChannel.CALL, InteractionChannel.VISIT, InteractionChannel.EMAIL} <= set(
        contacts.values_list("channel", flat=True)
    )
    assert set(Note.objects.filter(case__in=cases).values_list("shared_with_client", flat=True)) == {True, False}


def test_every_demo_case_tells_one_coherent_story(priya):
    now = timezone.now()
    for case in Case.objects.all():
        events = list(CaseEvent.objects.filter(case=case).order_by("at", "id"))
        assert [event.pk for event in events] == sorted(event.pk for event in events), case.reference
        assert events[0].kind == EventKind.SUBMITTED and events[0].at == case.submitted_at, case.reference
        assert events[-1].at < now, case.reference
        moves = [event for event in events if event.kind in STATUS_EVENTS]
        assert moves[-1].to_status == case.status, case.reference
        if case.first_contact_at is not None:
            first = [e for e in events if e.kind == EventKind.CONTACT_LOGGED and e.payload.get("first_contact")]
            assert len(first) == 1, case.reference
            assert Interaction.objects.get(pk=first[0].payload["interaction"]).occurred_at == case.first_contact_at
        if case.status not in {CaseStatus.IN_PROGRESS, CaseStatus.WAITING_ON_CLIENT, CaseStatus.ASSIGNED}:
            assert not case.follow_ups.filter(completed_at__isnull=True).exists(), case.reference
    # What the stories owed people was delivered when it was owed: nothing due is left for the
    # worker to send at `make run`, and nothing was sent for real. Reminders of what is still to
    # come (the open follow-ups) wait in the outbox for their time.
    assert Notification.objects.exists()
    assert not Notification.objects.filter(state__in=DUE_STATES, next_attempt_at__lte=now).exists()
    assert Notification.objects.filter(state=NotificationState.PENDING, kind="follow_up_due").exists()
    assert mail.outbox == []


def test_priya_can_open_her_caseload_and_every_one_of_her_cases(client, priya):
    open_cases = caseload_for_user(user=priya, filters=CaseloadFilters()).counts["open"]
    client.force_login(priya)
    page = client.get(reverse("caseload")).content.decode()
    assert page.count('class="pp-result"') == min(open_cases, CASELOAD_PAGE_SIZE)
    assert f"{open_cases} cases" in page
    for case in Case.objects.filter(assigned_to=priya):
        response = client.get(reverse("case_detail", args=[case.pk]))
        assert response.status_code == 200, case.reference
        assert case.reference in response.content.decode()


def test_the_demo_supervisor_has_a_queue_and_a_team_with_someone_away(priya):
    from accounts.models import Absence
    from cases.selectors import QueueFilters, assignment_suggestions, queue_for_user

    tom = User.objects.get(email="supervisor@example.org")
    queue = queue_for_user(user=tom, filters=QueueFilters())
    waiting = [row.reference for row in queue.page]
    assert {"MS-DEMO-0002", "MS-DEMO-0029", "MS-DEMO-0030"} <= set(waiting)
    assert waiting[0] == "MS-DEMO-0029" and queue.counts["urgent"] == 1  # urgent first
    # One is a likely duplicate: Patrick's partner asks for him, with his phone number written
    # another way, while Priya already has his own request.
    flagged = {row.reference: row.duplicate for row in queue.page if row.duplicate}
    assert {reference: (d.reason, d.reference) for reference, d in flagged.items()} == {
        "MS-DEMO-0030": ("same_name_and_phone", "MS-DEMO-0005")
    }
    absence = Absence.objects.get(advocate__email="advocate2@example.org")
    assert absence.covered_by.email == "advocate3@example.org"
    assert absence.starts_on <= timezone.localdate() <= absence.ends_on
    # The request in Welsh: Rhys speaks it but is away, so he is not suggested first.
    case = Case.objects.get(reference="MS-DEMO-0029")
    suggestions = assignment_suggestions(case=case, language="cy")
    rhys = next(s for s in suggestions if s.advocate.email == "advocate2@example.org")
    assert rhys.absent and rhys.speaks_language and suggestions[0].advocate != rhys.advocate
    assert rhys.reasons[0].text.startswith("Away today, until")


def _demo_follow_ups(advocate) -> list[FollowUp]:
    return [f for f in FollowUp.objects.filter(owner=advocate, completed_at__isnull=True) if f.summary == SOON_SUMMARY]


def test_make_run_plans_a_follow_up_whose_reminder_arrives_minutes_later(priya, settings, tmp_path, capsys):
    files = {"BACKEND": "django.core.mail.backends.filebased.EmailBackend", "OPTIONS": {"file_path": str(tmp_path)}}
    settings.MAIL_FILE_DIR, settings.MAILERS = str(tmp_path), {"default": files}
    call_command("demo_follow_up")
    assert f"its reminder will be in {tmp_path}/" in capsys.readouterr().out
    [follow_up] = _demo_follow_ups(priya)
    in_a_few_minutes = follow_up.due_at - timezone.now()
    assert datetime.timedelta(minutes=2) < in_a_few_minutes <= datetime.timedelta(minutes=3)
    call_command("demo_follow_up")  # the next `make run` moves it rather than adding another
    [follow_up] = _demo_follow_ups(priya)
    reminder = Notification.objects.get(
        kind="follow_up_due", about_id=str(follow_up.pk), state=NotificationState.PENDING
    )
    assert reminder.next_attempt_at == follow_up.due_at
    with time_machine.travel(follow_up.due_at + datetime.timedelta(seconds=5), tick=False):
        for notification_id in notification_claim_due():
            notification_deliver(notification_id=notification_id)
    reminder.refresh_from_db()
    assert reminder.state == NotificationState.SENT and reminder.shown_at is not None  # e-mailed, and on the site
    written = "".join(path.read_text() for path in tmp_path.glob("*.log"))
    assert f"A follow-up on case {follow_up.case.reference} is due now" in written
    assert "stairlift" not in written
