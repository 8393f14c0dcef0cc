"""A person's data: asking for it to be erased, and carrying that out."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from patientportal import personal_data

from .. import notifications
from ..choices import CaseAction, DeletionStatus, EventKind
from ..models import Case, DeletionRequest
from ..permissions import DELETION_REQUESTS
from .events import event_append


@transaction.atomic
def deletion_request_create(*, user: User, reason: str) -> DeletionRequest:
    """Ask for everything held about the user to be erased. A second ask returns the pending one."""
    pending = DeletionRequest.objects.select_for_update().filter(user=user, status=DeletionStatus.PENDING).first()
    if pending is not None:
        return pending
    latest_case = Case.objects.filter(applicant=user).order_by("-submitted_at").only("organisation_id").first()
    request = DeletionRequest(
        user=user, reason=reason.strip(), organisation_id=latest_case.organisation_id if latest_case else None
    )
    request.full_clean()
    request.save()
    notifications.queue_deletion_requested(request)
    return request


@transaction.atomic
def deletion_request_carry_out(*, deletion_request: DeletionRequest, acting_user: User) -> DeletionRequest:
    """Erase or anonymise everything held about the person who asked, as every app declares it
    (``patientportal.personal_data``; what each keeps and why is written there and shown to the
    person on My data). One transaction: all of it, or nothing.

    Kept, without anything that identifies them: each case's organisation, country, dates,
    categories, status and outcome (the organisation's statistics), for CASE_RETENTION_YEARS.
    The security logs (sign-in and access events) are kept as they are: they hold no health data.
    """
    request = DeletionRequest.objects.select_for_update().select_related("user").get(pk=deletion_request.pk)
    DELETION_REQUESTS.check(acting_user, CaseAction.VIEW, request)
    if request.status != DeletionStatus.PENDING:
        return request
    # Completed first, so that erasure (which blanks the reason) also purges this change's history.
    request.status = DeletionStatus.COMPLETED
    request.completed_at = timezone.now()
    request.completed_by = acting_user
    request.save(update_fields=["status", "completed_at", "completed_by"])
    personal_data.erase_for(user=request.user, acting_user=acting_user)
    # Each of the person's cases records that its personal details were erased, and by whom.
    for case in Case.objects.filter(applicant=request.user).only("pk"):
        event_append(case=case, kind=EventKind.PERSONAL_DATA_ERASED, actor=acting_user)
    request.refresh_from_db()
    return request
