"""Reads of requests and cases, always scoped to the user asking through ``cases.permissions``.

A case the user may not see is a 404, exactly like a case that does not exist; an object inside
a case (a referral, a need, a message, a follow-up) is only ever found through its case.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Min, Model, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts import permissions as roles
from accounts.models import User
from patientportal import personal_data
from patientportal.errors import NotFound

from .choices import OPEN_STATUSES, CaseAction, DeletionStatus, Visibility
from .models import (
    ANSWER_FIELDS,
    Case,
    CaseEvent,
    ContactPreferences,
    DeletionRequest,
    Message,
    Referral,
    RequestAnswers,
    RequestDraft,
)
from .permissions import CASES, DELETION_REQUESTS


def draft_for_user(*, user: User) -> RequestDraft | None:
    """The request the user has started and not sent yet."""
    if not roles.can_request_advocate(user):
        return None
    return RequestDraft.objects.filter(applicant=user, case__isnull=True).first()


def case_list_for_client(*, user: User) -> QuerySet[Case]:
    """The requests this person made (a carer: those for each person they look after), newest first.

    One query, with the intake (who it is for), the advocate's first name, the next planned
    contact and unread messages.
    """
    if not roles.is_client(user):
        return Case.objects.none()
    now = timezone.now()
    return (
        CASES.filter(user, CaseAction.VIEW)
        .select_related("organisation", "assigned_to", "intake")
        .annotate(
            next_contact_at=Min(
                "follow_ups__due_at",
                filter=Q(
                    follow_ups__is_client_contact=True,
                    follow_ups__completed_at__isnull=True,
                    follow_ups__due_at__gte=now,
                ),
            ),
            unread_count=Count(
                "messages", filter=Q(messages__read_at__isnull=True) & ~Q(messages__sender=user), distinct=True
            ),
        )
        .order_by("-submitted_at")
    )


def case_get_for_client(*, user: User, case_id: uuid.UUID) -> Case:
    return CASES.get(user, CaseAction.VIEW, case_id, case_list_for_client(user=user))


def case_child_get(*, case: Case, related: str, pk: Any) -> Model:
    """An object inside ``case`` (``related``: "referrals", "needs", "messages", "follow_ups"),
    found through the case the caller was allowed to see: another case's id is a 404."""
    obj = getattr(case, related).filter(pk=pk).first()
    if obj is None:
        raise NotFound
    return obj


def contact_preferences_current(*, case: Case) -> ContactPreferences | None:
    """How to contact the person now: their latest preferences."""
    return case.contact_preferences.order_by("-created_at", "-id").first()


@dataclass
class CaseView:
    """Everything the client's page about one request shows."""

    case: Case
    timeline: list[CaseEvent]
    referrals: list[Referral]
    messages: list[Message]


def case_view_for_client(*, user: User, case_id: uuid.UUID) -> CaseView:
    """One request with the events the client may see, referrals and conversation: 6 queries
    (case, events, referrals, their phones, messages, needs) whatever the size."""
    case = (
        case_list_for_client(user=user)
        .filter(pk=case_id)
        .prefetch_related(
            Prefetch(
                "events",
                queryset=CaseEvent.objects.filter(visibility=Visibility.CLIENT).select_related("advocate", "actor"),
                to_attr="client_events",
            ),
            Prefetch(
                "referrals",
                queryset=Referral.objects.select_related("service", "service__provider", "need").prefetch_related(
                    "service__phones"
                ),
            ),
            Prefetch("messages", queryset=Message.objects.select_related("sender")),
            "needs",
        )
        .first()
    )
    if case is None:
        raise NotFound
    return CaseView(
        case=case,
        timeline=case.client_events,
        referrals=list(case.referrals.all()),
        messages=list(case.messages.all()),
    )


def _same_person(name: str) -> str:
    return " ".join(name.casefold().split())


def case_open_for_same_person(*, applicant: User, answers: RequestAnswers) -> Case | None:
    """An open case of this applicant for the same person: the duplicate guard."""
    if answers.for_self is None:
        return None
    cases = (
        CASES.filter(applicant, CaseAction.VIEW)
        .filter(status__in=OPEN_STATUSES, intake__for_self=answers.for_self)
        .select_related("intake")
        .order_by("-submitted_at")
    )
    if answers.for_self:
        return cases.first()
    wanted = _same_person(answers.person_name)
    return next((case for case in cases if wanted and _same_person(case.intake.person_name) == wanted), None)


# --- my data -----------------------------------------------------------------------------------


def deletion_request_pending_for_user(*, user: User) -> DeletionRequest | None:
    return DeletionRequest.objects.filter(user=user, status=DeletionStatus.PENDING).first()


def deletion_request_list_for_user(*, user: User) -> QuerySet[DeletionRequest]:
    """The deletion requests this admin carries out: their organisation's, or (site admins) the rest."""
    return (
        DELETION_REQUESTS.filter(user, CaseAction.VIEW)
        .select_related("user", "completed_by")
        .order_by("status", "-requested_at")
    )


def deletion_request_get_for_user(*, user: User, request_id: uuid.UUID) -> DeletionRequest:
    return DELETION_REQUESTS.get(user, CaseAction.VIEW, request_id, deletion_request_list_for_user(user=user))


def _answers(case_or_draft) -> dict[str, Any]:
    data = {}
    for name in ANSWER_FIELDS:
        value = getattr(case_or_draft, name)
        data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


def user_data_export(*, user: User) -> dict[str, Any]:
    """Everything held about a client, as plain data (for the JSON download and the printable page)."""
    from resources.models import SavedService

    cases = []
    for case in (
        Case.objects.filter(applicant=user)
        .select_related("organisation", "assigned_to", "intake")
        .prefetch_related("needs", "events", "messages__sender", "referrals__service")
        .order_by("submitted_at")
    ):
        cases.append(
            {
                "reference": case.reference,
                "organisation": case.organisation.name,
                "status": case.status,
                "received": case.submitted_at.isoformat(),
                "first_contact_due": case.first_contact_due.isoformat(),
                "closed": case.closed_at.isoformat() if case.closed_at else None,
                "advocate_first_name": case.assigned_to.first_name if case.assigned_to else None,
                "answers": _answers(case.intake),
                "needs": [{"category": n.category, "status": n.status} for n in case.needs.all()],
                "timeline": [
                    {"what": e.kind, "when": e.at.isoformat()} for e in case.events.all() if e.visible_to_client
                ],
                "referrals": [
                    {
                        "service": r.service.name,
                        "offered": r.created_at.isoformat(),
                        "your_feedback": r.client_feedback,
                    }
                    for r in case.referrals.all()
                ],
                "messages": [
                    {
                        "from": "you" if m.sender_id == user.pk else m.sender.first_name,
                        "sent": m.created_at.isoformat(),
                        "text": m.body,
                    }
                    for m in case.messages.all()
                ],
            }
        )
    draft = RequestDraft.objects.filter(applicant=user, case__isnull=True).first()
    return {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "is_carer": user.is_carer,
            "joined": user.date_joined.isoformat(),
        },
        "requests": cases,
        "request_not_sent_yet": _answers(draft) if draft else None,
        "saved_services": list(
            SavedService.objects.filter(user=user).order_by("saved_at").values_list("service__name", flat=True)
        ),
        "deletion_requests": [
            {"requested": d.requested_at.isoformat(), "status": d.status}
            for d in DeletionRequest.objects.filter(user=user).order_by("requested_at")
        ],
    }


def deletion_request_summary(*, deletion_request: DeletionRequest) -> list[personal_data.HoldingCount]:
    """What erasure will change, in numbers only (the admin does not need to read the content),
    counted from every app's declarations: one query per counted holding."""
    return personal_data.erasure_preview(user=deletion_request.user)
