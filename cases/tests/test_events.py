"""Every case write appends its event in the same transaction; the event log is append-only;
the client's timeline is the events they may see, worded by templates, never stored wording."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.db import InternalError, ProgrammingError, connection, transaction
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import AdvocateFactory, SupervisorFactory
from cases import request_flow, services
from cases.choices import (
    AssessmentDomain,
    CaseStatus,
    EventKind,
    InteractionChannel,
    InteractionOutcome,
    NeedLevel,
    NeedStatus,
    ReferralFeedback,
    ReferralOutcome,
)
from cases.models import (
    Assessment,
    AssessmentRating,
    Case,
    CaseEvent,
    ContactPreferences,
    FollowUp,
    Interaction,
    Message,
    Need,
    Note,
    Referral,
    RequestDraft,
)
from cases.services.events import DEFAULT_VISIBILITY
from cases.templatetags.case_events import partial_name
from notifications.models import Notification
from patientportal.errors import InvalidInput, NotFound
from resources.tests.factories import ServiceFactory

from .factories import AssignedCaseFactory, CaseFactory, FollowUpFactory, ReferralFactory, RequestDraftFactory

pytestmark = pytest.mark.django_db


def last_event(case: Case) -> CaseEvent:
    return CaseEvent.objects.filter(case=case).order_by("-at", "-id").first()


# --- every write leaves its event ----------------------------------------------------------


# Each entry prepares what the write needs and returns the write itself, which returns the case
# its event belongs to.


def _submit(case):
    draft = RequestDraftFactory()
    return lambda: services.case_submit(draft_id=draft.pk, applicant=draft.applicant)


def _add_to(case):
    return lambda: services.case_add_to(case=case, acting_user=case.applicant, categories=["housing"], description="")


def _contact(case):
    def write():
        services.contact_preferences_update(
            case=case, acting_user=case.applicant, preferences={"phone": "01632 960 777"}
        )
        return case

    return write


def _withdraw(case):
    return lambda: services.case_withdraw(case=case, acting_user=case.applicant, reason="")


def _message(case):
    return lambda: services.message_send(case=case, sender=case.assigned_to, body="Hello").case


def _need_add(case):
    return lambda: services.need_add(case=case, actor=case.assigned_to, category="housing").case


def _need_update(case):
    need = case.needs.first()
    return lambda: services.need_update(need=need, actor=case.assigned_to, status=NeedStatus.MET, outcome="").case


def _refer(case):
    service, need = ServiceFactory(), case.needs.first()
    return lambda: services.referral_create(case=case, actor=case.assigned_to, service=service, need=need).case


def _feedback(case):
    referral = ReferralFactory(case=case)
    return lambda: (
        services.referral_record_feedback(
            referral=referral, acting_user=case.applicant, feedback=ReferralFeedback.HELPED
        ).case
    )


def _contact_logged(case):
    return lambda: (
        services.interaction_log(
            case=case,
            actor=case.assigned_to,
            channel=InteractionChannel.CALL,
            occurred_at=timezone.now(),
            outcome=InteractionOutcome.REACHED,
        ).case
    )


def _follow_up(case):
    return lambda: (
        services.followup_schedule(
            case=case,
            actor=case.assigned_to,
            owner=case.assigned_to,
            due_at=timezone.now() + datetime.timedelta(days=2),
            summary="Call back",
        ).case
    )


def _follow_up_moved(case):
    follow_up = FollowUpFactory(case=case, is_client_contact=False)
    return lambda: (
        services.followup_reschedule(
            follow_up=follow_up, actor=case.assigned_to, due_at=timezone.now() + datetime.timedelta(days=5)
        ).case
    )


def _follow_up_done(case):
    follow_up = FollowUpFactory(case=case, is_client_contact=False)
    return lambda: services.followup_complete(follow_up=follow_up, actor=case.assigned_to).case


def _note(case):
    return lambda: services.note_add(case=case, actor=case.assigned_to, body="Called the council").case


def _note_edited(case):
    note = services.note_add(case=case, actor=case.assigned_to, body="Called the council")
    return lambda: (
        services.note_edit(
            note=note, actor=case.assigned_to, body="Called the council twice", shared_with_client=False
        ).case
    )


def _referral_outcome(case):
    referral = ReferralFactory(case=case)
    return lambda: (
        services.referral_record_outcome(
            referral=referral, actor=case.assigned_to, outcome=ReferralOutcome.WAITING_LIST
        ).case
    )


def _assessment(case):
    # Transport is already one of the case's needs: the assessment adds no need, only its event.
    ratings = {AssessmentDomain.TRANSPORT: services.Rating(NeedLevel.SOME, "No bus near")}
    return lambda: services.assessment_record(case=case, actor=case.assigned_to, ratings=ratings).assessment.case


def _assign(case):
    new = CaseFactory(organisation=case.organisation)
    supervisor = SupervisorFactory(organisation=case.organisation)
    return lambda: services.case_assign(case=new, advocate=case.assigned_to, actor=supervisor)


def _start(case):
    return lambda: services.case_transition(case=case, to=CaseStatus.IN_PROGRESS, actor=case.assigned_to)


WRITES = [
    (_submit, EventKind.SUBMITTED),
    (_add_to, EventKind.ADDED_TO),
    (_contact, EventKind.CONTACT_PREFERENCES_CHANGED),
    (_withdraw, EventKind.WITHDRAWN),
    (_message, EventKind.MESSAGE_SENT),
    (_need_add, EventKind.NEED_ADDED),
    (_need_update, EventKind.NEED_UPDATED),
    (_refer, EventKind.REFERRAL_MADE),
    (_feedback, EventKind.REFERRAL_FEEDBACK),
    (_contact_logged, EventKind.CONTACT_LOGGED),
    (_follow_up, EventKind.FOLLOW_UP_SCHEDULED),
    (_follow_up_moved, EventKind.FOLLOW_UP_RESCHEDULED),
    (_follow_up_done, EventKind.FOLLOW_UP_COMPLETED),
    (_note, EventKind.NOTE_ADDED),
    (_note_edited, EventKind.NOTE_EDITED),
    (_referral_outcome, EventKind.REFERRAL_OUTCOME),
    (_assessment, EventKind.ASSESSMENT_RECORDED),
    (_assign, EventKind.ASSIGNED),
    (_start, EventKind.STATUS_CHANGED),
]


@pytest.mark.parametrize(("prepare", "kind"), WRITES, ids=[kind for _prepare, kind in WRITES])
def test_every_case_write_appends_its_event(prepare, kind):
    write = prepare(AssignedCaseFactory())
    before = CaseEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    case = write()
    # Its own event first (a first contact then plans the reassessment: an event of its own).
    event = CaseEvent.objects.filter(case=case, id__gt=before).order_by("id").first()
    assert event.kind == kind
    assert event.visibility == DEFAULT_VISIBILITY[kind]
    assert event.actor is not None


def test_every_event_kind_is_written_by_a_service():
    written = {kind for _prepare, kind in WRITES}
    # The moves of the transition table that need their own data are tested in test_lifecycle.py;
    # transferring to another society is the supervisor issue's service.
    # Erasure writes its own (test_erasure.py); joining two cases too (test_duplicates.py); an
    # escalation's first reminder being sent too (test_reminders.py).
    elsewhere = {
        EventKind.ESCALATED,
        EventKind.CLOSED,
        EventKind.REOPENED,
        EventKind.REASSIGNED,
        EventKind.TRANSFERRED,
        EventKind.PERSONAL_DATA_ERASED,
        EventKind.MERGED,
    }
    assert written | elsewhere == set(EventKind.values)


def _row_counts() -> dict[str, int]:
    models = [
        Case,
        CaseEvent,
        ContactPreferences,
        Need,
        Message,
        Referral,
        Interaction,
        FollowUp,
        Note,
        Notification,
        Assessment,
        AssessmentRating,
    ]
    return {model.__name__: model.objects.count() for model in models} | {
        "statuses": tuple(Case.objects.order_by("pk").values_list("status", flat=True)),
        "feedback": tuple(Referral.objects.order_by("pk").values_list("client_feedback", "outcome")),
        "notes": tuple(Note.objects.order_by("pk").values_list("body", flat=True)),
        "done": tuple(FollowUp.objects.order_by("pk").values_list("completed_at", flat=True)),
    }


@pytest.mark.parametrize(("prepare", "kind"), WRITES, ids=[kind for _prepare, kind in WRITES])
def test_a_write_whose_event_cannot_be_written_changes_nothing(prepare, kind):
    write = prepare(AssignedCaseFactory())
    before = _row_counts()
    with (
        mock.patch.object(CaseEvent.objects, "create", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        write()
    assert _row_counts() == before


# --- the log is append-only -------------------------------------------------------------------


def test_events_cannot_be_changed_or_deleted():
    event = last_event(AssignedCaseFactory())
    for sql in (
        "UPDATE cases_caseevent SET kind = 'closed' WHERE id = %s",
        "DELETE FROM cases_caseevent WHERE id = %s",
    ):
        with pytest.raises((InternalError, ProgrammingError)), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert CaseEvent.objects.get(pk=event.pk).kind == EventKind.ASSIGNED


def test_no_wording_is_stored_in_an_event():
    case = AssignedCaseFactory()
    _message(case)()
    _contact_logged(case)()
    for event in case.events.all():
        for key, value in event.payload.items():
            assert key == "reason" or not isinstance(value, str) or " " not in value, (event.kind, key, value)


# --- the client's timeline ----------------------------------------------------------------


def test_every_kind_of_event_has_its_wording_for_the_client():
    """All of them: the follow-up kinds are staff-only unless they are planned contacts with the client."""
    template = "cases/events/client.html"
    for kind in EventKind.values:
        variants = [CaseEvent(kind=kind)]
        if kind == EventKind.STATUS_CHANGED:
            variants = [CaseEvent(kind=kind, to_status=s) for s in ("in_progress", "waiting_on_client", "resolved")]
        if kind == EventKind.CONTACT_LOGGED:
            variants = [CaseEvent(kind=kind, payload={"outcome": o}) for o in InteractionOutcome.values]
        for event in variants:
            rendered = get_template(f"{template}#{partial_name(event)}").render({"event": event}).strip()
            assert rendered, (kind, partial_name(event))


def test_the_client_sees_their_events_worded_for_them_and_not_the_staff_only_ones(client):
    case = AssignedCaseFactory()
    services.case_transition(case=case, to=CaseStatus.IN_PROGRESS, actor=case.assigned_to)
    _contact_logged(case)()
    _follow_up(case)()  # an internal follow-up: staff only
    services.message_send(case=case, sender=case.assigned_to, body="Hello")
    client.force_login(case.applicant)
    page = client.get(reverse("my_request_detail", kwargs={"case_id": case.pk})).content.decode()
    for words in (
        "We received your request",
        "Sam is your advocate",
        "Your advocate is working on it",
        "Your advocate was in touch with you (Phone call)",
        "Sam sent you a message",
    ):
        assert words in page
    assert "planned a contact" not in page


# --- first contact ------------------------------------------------------------------------


def test_first_contact_is_set_by_the_first_contact_in_which_someone_was_reached():
    case = AssignedCaseFactory()
    now = timezone.now()
    services.interaction_log(
        case=case,
        actor=case.assigned_to,
        channel=InteractionChannel.CALL,
        occurred_at=now - datetime.timedelta(hours=3),
        outcome=InteractionOutcome.NOT_REACHED,
    )
    case.refresh_from_db()
    assert case.first_contact_at is None
    services.interaction_log(
        case=case,
        actor=case.assigned_to,
        channel=InteractionChannel.CALL,
        occurred_at=now - datetime.timedelta(hours=1),
        outcome=InteractionOutcome.REACHED,
    )
    case.refresh_from_db()
    assert case.first_contact_at == now - datetime.timedelta(hours=1)
    # A visit the day before, logged late, was the first contact after all.
    services.interaction_log(
        case=case,
        actor=case.assigned_to,
        channel=InteractionChannel.VISIT,
        occurred_at=now - datetime.timedelta(days=1),
        outcome=InteractionOutcome.REACHED,
    )
    case.refresh_from_db()
    assert case.first_contact_at == now - datetime.timedelta(days=1)
    assert last_event(case).payload["first_contact"] is True


def test_a_contact_cannot_be_logged_in_the_future_nor_by_someone_else():
    case = AssignedCaseFactory()
    with pytest.raises(InvalidInput):
        services.interaction_log(
            case=case,
            actor=case.assigned_to,
            channel=InteractionChannel.CALL,
            occurred_at=timezone.now() + datetime.timedelta(days=1),
            outcome=InteractionOutcome.REACHED,
        )
    with pytest.raises(NotFound):
        services.interaction_log(
            case=case,
            actor=AdvocateFactory(organisation=case.organisation),
            channel=InteractionChannel.CALL,
            occurred_at=timezone.now(),
            outcome=InteractionOutcome.REACHED,
        )
    assert not case.interactions.exists()


# --- "is this request complete?" is the question flow's ----------------------------------


def test_the_service_itself_refuses_phone_contact_without_a_phone_number(organisation):
    draft = RequestDraftFactory(contact_methods=["phone"], phone="")
    with pytest.raises(services.IncompleteRequest) as refused:
        services.case_submit(draft_id=draft.pk, applicant=draft.applicant)
    assert refused.value.step == "contact-details" == request_flow.first_incomplete(draft)
    assert not Case.objects.exists()
    assert RequestDraft.objects.get(pk=draft.pk).case is None


def test_the_service_and_the_pages_agree_on_every_question(organisation):
    """Each question of the flow, left unanswered, is what the service refuses."""
    for step in request_flow.STEPS:
        draft = RequestDraftFactory(for_self=False, person_name="Jo", relationship="parent", person_agreed="yes")
        blank = {
            "who": {"for_self": None},
            "person": {"person_name": ""},
            "agreed": {"person_agreed": ""},
            "country": {"country": ""},
            "region": {"region": ""},
            "needs": {"categories": [], "description": ""},
            "details": {"categories": [], "description": ""},
            "urgent": {"is_urgent": None},
            "contact": {"contact_methods": []},
            "contact-details": {"phone": ""},
            "times": {"step": "times"},
            "language": {"language": ""},
            "access": {"step": "access"},
            "consent": {"consent_version": ""},
        }[step.name]
        RequestDraft.objects.filter(pk=draft.pk).update(**blank)
        draft.refresh_from_db()
        expected = request_flow.first_incomplete(draft)
        assert expected != request_flow.CHECK, step.name
        with pytest.raises(services.IncompleteRequest) as refused:
            services.case_submit(draft_id=draft.pk, applicant=draft.applicant)
        assert refused.value.step == expected
