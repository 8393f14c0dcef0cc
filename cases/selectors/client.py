"""What clients read: their requests, their draft, their data, and deletion requests."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Min, Model, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts import permissions as roles
from accounts.models import User
from patientportal import personal_data
from patientportal.errors import NotFound

from ..choices import OPEN_STATUSES, CaseAction, DeletionStatus, Visibility
from ..models import (
    Case,
    CaseEvent,
    ContactPreferences,
    DeletionRequest,
    Message,
    Note,
    Referral,
    RequestAnswers,
    RequestDraft,
)
from ..permissions import CASES, DELETION_REQUESTS

__all__ = [
    "CaseView",
    "case_child_get",
    "case_get_for_client",
    "case_list_for_client",
    "case_open_for_same_person",
    "case_view_for_client",
    "contact_preferences_current",
    "deletion_request_get_for_user",
    "deletion_request_list_for_user",
    "deletion_request_pending_for_user",
    "deletion_request_summary",
    "draft_for_user",
    "time_zone_for_client",
]


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
    #: The notes their advocate shared with them, newest first.
    notes: list[Note]


def case_view_for_client(*, user: User, case_id: uuid.UUID) -> CaseView:
    """One request with the events the client may see, referrals, the notes shared with them and
    the conversation: 7 queries (case, events, referrals, their phones, notes, messages, needs)
    whatever the size."""
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
            Prefetch(
                "notes",
                queryset=Note.objects.filter(shared_with_client=True).select_related("author"),
                to_attr="shared_notes",
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
        notes=case.shared_notes,
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


def time_zone_for_client(*, user: User) -> str:
    """The time zone to show a client's times in: that of the MS society looking after their
    latest request (where they live), else the site's. One query."""
    zone = (
        Case.objects.filter(applicant=user)
        .order_by("-submitted_at")
        .values_list("organisation__timezone", flat=True)
        .first()
    )
    return zone or settings.TIME_ZONE


def deletion_request_summary(*, deletion_request: DeletionRequest) -> list[personal_data.HoldingCount]:
    """What erasure will change, in numbers only (the admin does not need to read the content),
    counted from every app's declarations: one query per counted holding."""
    return personal_data.erasure_preview(user=deletion_request.user)
