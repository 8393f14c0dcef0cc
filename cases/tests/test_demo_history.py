"""The demo's year of history (``cases/demo_history.py``): past requests of MS Society UK, written in
bulk, that read as the services would have left them and give the metrics real shapes."""

from __future__ import annotations

import datetime
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from cases import lifecycle
from cases.choices import CaseOutcome, CaseStatus, EventKind, NeedLevel, NeedStatus
from cases.demo_history import HISTORY_CASES, REFERENCE_PREFIX, seed_history
from cases.models import Assessment, AssessmentRating, Case, CaseEvent, FollowUp, Interaction, Need, Referral

OPEN = {CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS, CaseStatus.WAITING_ON_CLIENT}
#: The events that move a case's status, and what each writes on the case.
MOVES = {EventKind.ASSIGNED, EventKind.STATUS_CHANGED, EventKind.CLOSED, EventKind.WITHDRAWN, EventKind.REOPENED}
LEVEL_ORDER = {NeedLevel.NO_NEED: 0, NeedLevel.SOME: 1, NeedLevel.URGENT: 2}


@pytest.fixture(scope="module")
def demo_seeded(django_db_setup, django_db_blocker):
    """The demo data, seeded once for this module and rolled back after its last test (each test
    runs in a savepoint inside, as usual)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--quiet-banner")
        yield
        transaction.set_rollback(True)


@pytest.fixture
def history(demo_seeded, db):
    return Case.objects.filter(reference__startswith=REFERENCE_PREFIX).select_related("organisation")


def test_a_year_of_requests_every_month_more_on_weekdays(history):
    now = timezone.now()
    assert history.count() == HISTORY_CASES
    assert {case.organisation.name for case in history} == {"MS Society UK"}
    received = [case.submitted_at for case in history]
    assert min(received) >= now - datetime.timedelta(days=366) and max(received) < now
    months = {(moment.year, moment.month) for moment in received if moment >= now - datetime.timedelta(days=365)}
    assert len(months) >= 11
    weekdays = Counter(moment.weekday() for moment in received)
    assert min(weekdays[day] for day in range(5)) > max(weekdays[5], weekdays[6])  # fewer at weekends
    # Assigned to Rhys and Fiona, by whoever had more room: both carry a share; Priya's caseload is
    # the stories' alone.
    assigned = history.filter(assigned_to__isnull=False).select_related("assigned_to")
    advocates = Counter(case.assigned_to.email for case in assigned)
    assert set(advocates) == {"advocate2@example.org", "advocate3@example.org"}
    assert min(advocates.values()) > HISTORY_CASES / 3
    assert not history.filter(status__in=lifecycle.WAITING_STATUSES).exists()  # the queue is the stories'


def test_cases_end_every_way_and_some_are_still_open(history):
    statuses = Counter(history.values_list("status", flat=True))
    assert statuses[CaseStatus.CLOSED] > HISTORY_CASES / 2
    assert statuses[CaseStatus.RESOLVED] and statuses[CaseStatus.WITHDRAWN]
    assert 0.08 * HISTORY_CASES <= sum(statuses[status] for status in OPEN) <= 0.35 * HISTORY_CASES
    assert set(history.filter(status=CaseStatus.CLOSED).values_list("outcome", flat=True)) == set(CaseOutcome.values)
    # First contact: mostly within the society's target, some late.
    contacted = [case for case in history if case.first_contact_at is not None]
    london = ZoneInfo("Europe/London")
    on_time = [case for case in contacted if case.first_contact_at.astimezone(london).date() <= case.first_contact_due]
    assert 0.7 * len(contacted) <= len(on_time) < len(contacted)
    # Needs of several kinds, services suggested with what came of them, some overdue follow-ups.
    assert Need.objects.filter(case__in=history).values("category").distinct().count() >= 8
    referrals = Referral.objects.filter(case__in=history)
    assert referrals.values("outcome").distinct().count() >= 5 and referrals.filter(outcome="").exists()
    assert Need.objects.filter(case__in=history, status=NeedStatus.MET).exists()
    overdue = FollowUp.objects.filter(case__in=history, completed_at__isnull=True, due_at__lt=timezone.now())
    assert overdue.exists() and set(overdue.values_list("case__status", flat=True)) <= OPEN


def test_reassessments_mostly_show_improvement(history):
    assessed = Assessment.objects.filter(case__in=history)
    per_case = Counter(assessed.values_list("case_id", flat=True))
    assert len(per_case) > HISTORY_CASES / 2
    reassessed = [case_id for case_id, count in per_case.items() if count >= 2]
    assert len(reassessed) > HISTORY_CASES / 6
    better = worse = 0
    for case_id in reassessed:
        sittings = list(assessed.filter(case_id=case_id).order_by("assessed_at"))
        first, latest = sittings[0], sittings[-1]
        before = dict(AssessmentRating.objects.filter(assessment=first).values_list("domain", "level"))
        after = dict(AssessmentRating.objects.filter(assessment=latest).values_list("domain", "level"))
        change = sum(LEVEL_ORDER[after[domain]] - LEVEL_ORDER[before[domain]] for domain in before)
        better, worse = better + (change < 0), worse + (change > 0)
    assert better > 3 * worse


def test_every_history_case_reads_as_the_services_left_it(history):
    now = timezone.now()
    for case in history.prefetch_related("events"):
        events = sorted(case.events.all(), key=lambda event: (event.at, event.pk))
        assert [event.pk for event in events] == sorted(event.pk for event in events), case.reference
        assert events[0].kind == EventKind.SUBMITTED and events[0].at == case.submitted_at, case.reference
        assert events[-1].at < now, case.reference
        status = CaseStatus.NEW
        for event in events:
            if event.kind in MOVES:
                assert event.from_status == status, (case.reference, event.kind)
                assert lifecycle.find(status, event.to_status) is not None, (case.reference, status, event.to_status)
                status = event.to_status
        assert status == case.status, case.reference
        assigned = [event for event in events if event.kind == EventKind.ASSIGNED]
        assert [event.advocate_id for event in assigned] == ([case.assigned_to_id] if case.assigned_to_id else [])
        first = [e for e in events if e.kind == EventKind.CONTACT_LOGGED and e.payload["first_contact"]]
        if case.first_contact_at is None:
            assert not first, case.reference
        else:
            assert len(first) == 1, case.reference
            interaction = Interaction.objects.get(pk=first[0].payload["interaction"])
            assert interaction.occurred_at == case.first_contact_at and interaction.outcome == "reached"
            assert case.follow_ups.filter(is_reassessment=True).count() == 1, case.reference
        if case.status == CaseStatus.CLOSED:
            assert case.outcome and case.closed_at is not None
            assert [e.payload["outcome"] for e in events if e.kind == EventKind.CLOSED] == [case.outcome]
        if case.status in {CaseStatus.RESOLVED, CaseStatus.WITHDRAWN}:
            assert case.closed_at is not None and not case.outcome, case.reference
        if case.status in OPEN:
            assert case.closed_at is None, case.reference
        else:
            assert not case.follow_ups.filter(completed_at__isnull=True).exists(), case.reference
        # What the database keeps from the rows (triggers) agrees with them.
        assert case.need_categories == list(case.needs.order_by("created_at", "id").values_list("category", flat=True))


def test_history_clients_each_see_only_their_own_request(client, history):
    applicants = list(history.values_list("applicant_id", flat=True))
    assert len(set(applicants)) == len(applicants)
    people = User.objects.filter(pk__in=applicants)
    assert all(person.email.startswith("history.client.") for person in people)
    assert not Case.objects.filter(applicant__in=people).exclude(reference__startswith=REFERENCE_PREFIX).exists()
    one = history.order_by("reference").first()
    other = history.order_by("reference").last()
    client.force_login(one.applicant)
    assert client.get(reverse("my_request_detail", args=[one.pk])).status_code == 200
    assert client.get(reverse("my_request_detail", args=[other.pk])).status_code == 404
    assert not Case.objects.filter(reference__startswith=REFERENCE_PREFIX, applicant__email="client@example.org")


def test_seeding_the_history_again_adds_nothing(history):
    events = CaseEvent.objects.count()
    assert seed_history().cases == 0
    assert CaseEvent.objects.count() == events and history.count() == HISTORY_CASES
