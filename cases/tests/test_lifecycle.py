"""The case lifecycle: every move in the table works for the right person and writes its event;
every other move is refused, by the service with a clear message and by the database itself."""

from __future__ import annotations

import itertools

import pytest
from django.db import IntegrityError, transaction

from accounts.tests.factories import AdvocateFactory, SupervisorFactory
from cases import lifecycle, services
from cases.choices import CaseAction, CaseOutcome, CaseStatus, EventKind, NeedStatus
from cases.models import Case, CaseEvent
from notifications.models import Notification
from patientportal.errors import InvalidInput, InvalidState, NotAllowed, NotFound

from .factories import AssignedCaseFactory, CaseFactory

pytestmark = pytest.mark.django_db

S = CaseStatus
ALL = list(CaseStatus.values)


def case_in(status: str) -> Case:
    """A case put straight into ``status`` (factories insert; the lifecycle governs updates)."""
    if status in (S.NEW, S.TRANSFERRED):
        return CaseFactory(status=status)
    return AssignedCaseFactory(status=status, outcome=CaseOutcome.NEEDS_MET if status == S.CLOSED else "")


def actor_for(transition: lifecycle.Transition, case: Case):
    """Someone the policy lets make this move."""
    if transition.action == CaseAction.WITHDRAW:
        return case.applicant
    if transition.action in (CaseAction.WORK, CaseAction.REOPEN):
        return case.assigned_to
    return SupervisorFactory(organisation=case.organisation)


MOVES = [(source, t) for t in lifecycle.TRANSITIONS for source in sorted(t.sources) if not t.requires]


@pytest.mark.parametrize(("source", "transition"), MOVES, ids=[f"{s}->{t.target}" for s, t in MOVES])
def test_every_move_in_the_table_changes_the_status_and_writes_one_event(source, transition):
    case = case_in(source)
    actor = actor_for(transition, case)
    before = case.events.count()
    moved = services.case_transition(
        case=case, to=transition.target, actor=actor, reason="Because", outcome=CaseOutcome.STABILISED
    )
    case.refresh_from_db()
    assert case.status == moved.status == transition.target
    assert case.events.count() == before + 1
    event = case.events.last()
    assert (event.kind, event.from_status, event.to_status) == (transition.event, source, transition.target)
    assert event.actor == actor
    if transition.needs_outcome:
        assert case.outcome == CaseOutcome.STABILISED and event.payload["outcome"] == CaseOutcome.STABILISED


FORBIDDEN = [(a, b) for a, b in itertools.product(ALL, ALL) if a != b and lifecycle.find(a, b) is None]


@pytest.mark.parametrize(("source", "target"), FORBIDDEN, ids=[f"{a}->{b}" for a, b in FORBIDDEN])
def test_every_other_move_is_refused_by_the_service_and_changes_nothing(source, target):
    case = case_in(source)
    supervisor = SupervisorFactory(organisation=case.organisation)
    before = list(case.events.values_list("id", flat=True))
    with pytest.raises(InvalidState) as refused:
        services.case_transition(case=case, to=target, actor=supervisor, reason="x", outcome=CaseOutcome.NEEDS_MET)
    labels = dict(CaseStatus.choices)
    assert str(labels[source]) in refused.value.message
    assert str(labels[target]) in refused.value.message
    case.refresh_from_db()
    assert case.status == source and list(case.events.values_list("id", flat=True)) == before


@pytest.mark.parametrize(("source", "target"), FORBIDDEN[::3], ids=[f"{a}->{b}" for a, b in FORBIDDEN[::3]])
def test_the_database_refuses_a_status_change_outside_the_lifecycle(source, target):
    case = case_in(source)
    with pytest.raises(IntegrityError, match="cannot go from status"), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(status=target)
    case.refresh_from_db()
    assert case.status == source


def test_the_database_lets_a_move_of_the_table_through():
    case = case_in(S.ASSIGNED)
    Case.objects.filter(pk=case.pk).update(status=S.IN_PROGRESS)
    assert Case.objects.get(pk=case.pk).status == S.IN_PROGRESS


def test_the_trigger_is_made_from_the_table():
    sql = lifecycle.trigger_sql()
    for source, target in lifecycle.allowed_pairs():
        assert f"('{source}', '{target}')" in sql
    assert "('closed', 'new')" not in sql


# --- who may move a case --------------------------------------------------------------------


def test_a_client_cannot_resolve_their_own_case():
    case = case_in(S.IN_PROGRESS)
    with pytest.raises(NotAllowed):
        services.case_transition(case=case, to=S.RESOLVED, actor=case.applicant)
    assert Case.objects.get(pk=case.pk).status == S.IN_PROGRESS


def test_another_advocate_or_another_societys_supervisor_gets_not_found(other_org_supervisor):
    case = case_in(S.IN_PROGRESS)
    colleague = AdvocateFactory(organisation=case.organisation)
    for stranger in (colleague, other_org_supervisor):
        with pytest.raises(NotFound):
            services.case_transition(case=case, to=S.WAITING_ON_CLIENT, actor=stranger)
    assert Case.objects.get(pk=case.pk).status == S.IN_PROGRESS


def test_only_the_person_who_asked_may_withdraw():
    case = case_in(S.ASSIGNED)
    with pytest.raises(NotAllowed):
        services.case_withdraw(case=case, acting_user=case.assigned_to, reason="")
    services.case_withdraw(case=case, acting_user=case.applicant, reason="")
    assert Case.objects.get(pk=case.pk).status == S.WITHDRAWN


def test_a_withdrawn_case_cannot_be_withdrawn_again_and_says_why():
    case = case_in(S.WITHDRAWN)
    with pytest.raises(InvalidState, match="already “Withdrawn”"):
        services.case_withdraw(case=case, acting_user=case.applicant, reason="")


# --- what a move needs --------------------------------------------------------------------


def test_closing_needs_an_outcome_and_reopening_a_reason():
    case = case_in(S.RESOLVED)
    with pytest.raises(InvalidInput, match="how the case ended"):
        services.case_transition(case=case, to=S.CLOSED, actor=case.assigned_to)
    services.case_transition(case=case, to=S.CLOSED, actor=case.assigned_to, outcome=CaseOutcome.REFERRED_ON)
    with pytest.raises(InvalidInput, match="Say why"):
        services.case_transition(case=case, to=S.IN_PROGRESS, actor=case.assigned_to, reason="  ")
    reopened = services.case_transition(case=case, to=S.IN_PROGRESS, actor=case.assigned_to, reason="New need")
    assert reopened.outcome == "" and reopened.closed_at is None
    assert case.events.last().kind == EventKind.REOPENED and case.events.last().payload["reason"] == "New need"


def test_withdrawing_closes_the_open_needs_and_records_the_reason():
    case = case_in(S.IN_PROGRESS)
    met = case.needs.first()
    met.status = NeedStatus.MET
    met.save()
    services.case_withdraw(case=case, acting_user=case.applicant, reason="  Sorted it myself. ")
    case.refresh_from_db()
    assert case.closed_at is not None
    assert set(case.needs.values_list("status", flat=True)) == {NeedStatus.MET, NeedStatus.WITHDRAWN}
    assert case.events.last().payload == {"reason": "Sorted it myself."}


def test_assigning_needs_the_assign_service():
    case = case_in(S.NEW)
    supervisor = SupervisorFactory(organisation=case.organisation)
    with pytest.raises(InvalidState, match="assigning"):
        services.case_transition(case=case, to=S.ASSIGNED, actor=supervisor)


# --- assignment ---------------------------------------------------------------------------


def test_a_supervisor_assigns_a_new_case_and_the_advocate_is_owed_a_notice():
    case = case_in(S.NEW)
    supervisor = SupervisorFactory(organisation=case.organisation)
    advocate = AdvocateFactory(organisation=case.organisation)
    services.case_assign(case=case, advocate=advocate, actor=supervisor)
    case.refresh_from_db()
    assert (case.status, case.assigned_to) == (S.ASSIGNED, advocate)
    event = case.events.last()
    assert (event.kind, event.from_status, event.to_status, event.advocate) == (
        EventKind.ASSIGNED,
        S.NEW,
        S.ASSIGNED,
        advocate,
    )
    assert Notification.objects.get(kind="case_assigned").recipient == advocate


def test_reassigning_needs_a_reason_and_keeps_the_status():
    case = case_in(S.IN_PROGRESS)
    supervisor = SupervisorFactory(organisation=case.organisation)
    other = AdvocateFactory(organisation=case.organisation)
    with pytest.raises(InvalidInput):
        services.case_assign(case=case, advocate=other, actor=supervisor)
    services.case_assign(case=case, advocate=other, actor=supervisor, reason="Priya is on leave")
    case.refresh_from_db()
    assert (case.status, case.assigned_to) == (S.IN_PROGRESS, other)
    assert case.events.last().kind == EventKind.REASSIGNED


def test_a_case_goes_only_to_an_advocate_of_its_own_society(other_org_advocate):
    case = case_in(S.NEW)
    supervisor = SupervisorFactory(organisation=case.organisation)
    with pytest.raises(NotAllowed):
        services.case_assign(case=case, advocate=other_org_advocate, actor=supervisor)
    assert Case.objects.get(pk=case.pk).status == S.NEW


def test_an_advocate_cannot_assign_a_new_case_nor_pass_on_their_own():
    new = case_in(S.NEW)
    advocate = AdvocateFactory(organisation=new.organisation)
    with pytest.raises(NotFound):  # a new case in the queue is not theirs to see
        services.case_assign(case=new, advocate=advocate, actor=advocate)
    theirs = case_in(S.IN_PROGRESS)
    colleague = AdvocateFactory(organisation=theirs.organisation)
    with pytest.raises(NotAllowed):
        services.case_assign(case=theirs, advocate=colleague, actor=theirs.assigned_to, reason="Too busy")
    assert Case.objects.get(pk=theirs.pk).assigned_to != colleague


# --- the event is written with the change, or neither is -----------------------------------


def test_a_failure_after_the_event_rolls_back_the_status_change_too(monkeypatch):
    case = case_in(S.NEW)
    supervisor = SupervisorFactory(organisation=case.organisation)
    advocate = AdvocateFactory(organisation=case.organisation)

    def broken(*args, **kwargs):
        raise RuntimeError("the outbox is broken")

    monkeypatch.setattr("cases.notifications.queue_case_assigned", broken)
    with pytest.raises(RuntimeError):
        services.case_assign(case=case, advocate=advocate, actor=supervisor)
    case.refresh_from_db()
    assert case.status == S.NEW and case.assigned_to is None
    assert not CaseEvent.objects.filter(case=case, kind=EventKind.ASSIGNED).exists()
