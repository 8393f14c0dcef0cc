"""Reads of requests and cases, always scoped to the user asking.

A case the user may not see is a 404, exactly like a case that does not exist.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts import permissions
from accounts.models import User

from .models import (
    ANSWER_FIELDS,
    OPEN_STATUSES,
    Case,
    DeletionRequest,
    FollowUp,
    Message,
    Referral,
    RequestAnswers,
    RequestDraft,
    TimelineEntry,
)


def draft_for_user(*, user: User) -> RequestDraft | None:
    """The request the user has started and not sent yet."""
    if not permissions.can_request_advocate(user):
        return None
    return RequestDraft.objects.filter(applicant=user, case__isnull=True).first()


def case_list_for_client(*, user: User) -> QuerySet[Case]:
    """The requests this person made (a carer: those for each person they look after), newest first.

    One query, with the advocate's first name, the next planned contact and unread messages.
    """
    if not permissions.is_client(user):
        return Case.objects.none()
    now = timezone.now()
    return (
        Case.objects.filter(applicant=user)
        .select_related("organisation", "assigned_to")
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
    case = case_list_for_client(user=user).filter(pk=case_id).first()
    if case is None:
        raise Http404
    return case


@dataclass
class CaseView:
    """Everything the client's page about one request shows."""

    case: Case
    timeline: list[TimelineEntry]
    referrals: list[Referral]
    messages: list[Message]


def case_view_for_client(*, user: User, case_id: uuid.UUID) -> CaseView:
    """One request with its timeline, referrals and conversation: a fixed number of queries."""
    case = (
        case_list_for_client(user=user)
        .filter(pk=case_id)
        .prefetch_related(
            Prefetch("timeline", queryset=TimelineEntry.objects.select_related("advocate")),
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
        raise Http404
    return CaseView(
        case=case,
        timeline=list(case.timeline.all()),
        referrals=list(case.referrals.all()),
        messages=list(case.messages.all()),
    )


def _same_person(name: str) -> str:
    return " ".join(name.casefold().split())


def case_open_for_same_person(*, applicant: User, answers: RequestAnswers) -> Case | None:
    """An open case of this applicant for the same person: the duplicate guard."""
    if answers.for_self is None:
        return None
    cases = Case.objects.filter(applicant=applicant, status__in=OPEN_STATUSES, for_self=answers.for_self)
    cases = cases.order_by("-submitted_at").only("id", "for_self", "person_name", "reference", "submitted_at", "status")
    if answers.for_self:
        return cases.first()
    wanted = _same_person(answers.person_name)
    return next((case for case in cases if wanted and _same_person(case.person_name) == wanted), None)


def referral_get_for_client(*, user: User, case: Case, referral_id: uuid.UUID) -> Referral:
    referral = Referral.objects.filter(pk=referral_id, case=case, case__applicant=user).first()
    if referral is None:
        raise Http404
    return referral


def next_contact_for_case(*, case: Case) -> FollowUp | None:
    return (
        case.follow_ups.filter(is_client_contact=True, completed_at__isnull=True, due_at__gte=timezone.now())
        .order_by("due_at")
        .first()
    )


# --- my data -----------------------------------------------------------------------------------


def deletion_request_pending_for_user(*, user: User) -> DeletionRequest | None:
    return DeletionRequest.objects.filter(user=user, status="pending").first()


def deletion_request_list_for_user(*, user: User) -> QuerySet[DeletionRequest]:
    """The deletion requests this admin carries out: their organisation's, or (site admins) the rest."""
    if not permissions.can_handle_deletion_requests(user):
        return DeletionRequest.objects.none()
    requests = DeletionRequest.objects.select_related("user", "completed_by").order_by("status", "-requested_at")
    if user.is_site_admin:
        return requests.filter(organisation__isnull=True)
    return requests.filter(organisation_id=user.organisation_id)


def deletion_request_get_for_user(*, user: User, request_id: uuid.UUID) -> DeletionRequest:
    request = deletion_request_list_for_user(user=user).filter(pk=request_id).first()
    if request is None:
        raise Http404
    return request


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
        .select_related("organisation", "assigned_to")
        .prefetch_related("needs", "timeline", "messages__sender", "referrals__service")
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
                "withdrawn_reason": case.withdrawn_reason,
                "advocate_first_name": case.assigned_to.first_name if case.assigned_to else None,
                "answers": _answers(case),
                "needs": [{"category": n.category, "status": n.status} for n in case.needs.all()],
                "timeline": [{"what": e.kind, "when": e.at.isoformat()} for e in case.timeline.all()],
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


@dataclass
class DeletionSummary:
    """What erasure will touch, in numbers only (the admin does not need to read the content)."""

    cases: int
    open_cases: int
    messages: int
    drafts: int


def deletion_request_summary(*, deletion_request: DeletionRequest) -> DeletionSummary:
    cases = Case.objects.filter(applicant_id=deletion_request.user_id)
    counts = cases.aggregate(
        total=Count("id", distinct=True),
        open=Count("id", filter=Q(status__in=OPEN_STATUSES), distinct=True),
        messages=Count("messages", distinct=True),
    )
    return DeletionSummary(
        cases=counts["total"],
        open_cases=counts["open"],
        messages=counts["messages"],
        drafts=RequestDraft.objects.filter(applicant_id=deletion_request.user_id, case__isnull=True).count(),
    )
