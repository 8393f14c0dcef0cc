"""A person's data: asking for it to be erased, and carrying that out."""

from __future__ import annotations

from typing import Any

import pgtrigger
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from resources.models import SavedService

from .. import notifications
from ..choices import CaseAction, DeletionStatus
from ..models import (
    CONTACT_FIELDS,
    Case,
    CaseEvent,
    CaseIntake,
    ContactPreferences,
    DeletionRequest,
    FollowUp,
    Interaction,
    Message,
    Need,
    RequestDraft,
)
from ..permissions import DELETION_REQUESTS


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


#: What erasure blanks in a case's intake and contact preferences; the rest (organisation,
#: country, dates, categories, status, outcome) is kept for CASE_RETENTION_YEARS without anything
#: that names the person.
_ANSWER_BLANKS: dict[str, Any] = {
    "person_name": "",
    "relationship": "",
    "person_agreed": "",
    "region": "",
    "description": "",
    "contact_methods": [],
    "phone": "",
    "contact_email": "",
    "postal_address": "",
    "best_days": [],
    "best_times": [],
    "access_needs": [],
    "other_contact_name": "",
    "other_contact_phone": "",
    "access_other": "",
}
_CONTACT_BLANKS = {name: value for name, value in _ANSWER_BLANKS.items() if name in CONTACT_FIELDS}


def _purge_history(model, object_ids: list) -> int:
    """Delete the audit history of erased rows: it holds copies of what was erased.

    History tables refuse DELETE (append-only trigger); erasure is the one exception, made here.
    """
    if not object_ids:
        return 0
    event_model = model.pgh_event_model
    uri = f"{event_model._meta.app_label}.{event_model.__name__}:append_only"
    with pgtrigger.ignore(uri):
        deleted, _rows = event_model.objects.filter(pgh_obj_id__in=object_ids).delete()
    return deleted


@transaction.atomic
def deletion_request_carry_out(*, deletion_request: DeletionRequest, acting_user: User) -> DeletionRequest:
    """Erase or anonymise everything held about the person who asked.

    Kept, without anything that identifies them: each case's organisation, country, dates,
    categories, status and outcome (the organisation's statistics), for CASE_RETENTION_YEARS.
    The security logs (sign-in and access events) are kept as they are: they hold no health data.
    """
    request = DeletionRequest.objects.select_for_update().select_related("user").get(pk=deletion_request.pk)
    DELETION_REQUESTS.check(acting_user, CaseAction.VIEW, request)
    if request.status != DeletionStatus.PENDING:
        return request
    person = request.user
    case_ids = list(Case.objects.filter(applicant=person).values_list("pk", flat=True))

    Case.objects.filter(pk__in=case_ids).update(region="", updated_at=timezone.now())
    with pgtrigger.ignore("cases.CaseIntake:kept_as_submitted", "cases.ContactPreferences:append_only"):
        CaseIntake.objects.filter(case_id__in=case_ids).update(**_ANSWER_BLANKS)
        ContactPreferences.objects.filter(case_id__in=case_ids).update(**_CONTACT_BLANKS)
    with pgtrigger.ignore("cases.CaseEvent:append_only"):
        # Reasons people gave are the only free text events hold.
        for event in CaseEvent.objects.filter(case_id__in=case_ids, payload__has_key="reason"):
            CaseEvent.objects.filter(pk=event.pk).update(payload={**event.payload, "reason": ""})
    need_ids = list(Need.objects.filter(case_id__in=case_ids).values_list("pk", flat=True))
    Need.objects.filter(pk__in=need_ids).update(description="", outcome="")
    followup_ids = list(FollowUp.objects.filter(case_id__in=case_ids).values_list("pk", flat=True))
    FollowUp.objects.filter(pk__in=followup_ids).update(summary=_("(erased)"))
    interaction_ids = list(Interaction.objects.filter(case_id__in=case_ids).values_list("pk", flat=True))
    Interaction.objects.filter(pk__in=interaction_ids).update(summary="", with_whom="")
    message_ids = list(Message.objects.filter(case_id__in=case_ids).values_list("pk", flat=True))
    Message.objects.filter(pk__in=message_ids).delete()
    draft_ids = list(RequestDraft.objects.filter(applicant=person).values_list("pk", flat=True))
    RequestDraft.objects.filter(pk__in=draft_ids).delete()
    SavedService.objects.filter(user=person).delete()
    EmailAddress.objects.filter(user=person).delete()
    Authenticator.objects.filter(user=person).delete()

    person.email = f"erased-{person.pk}@erased.invalid"
    person.first_name = ""
    person.last_name = ""
    person.languages = []
    person.regions = []
    person.is_active = False
    person.set_unusable_password()
    person.save()

    request.status = DeletionStatus.COMPLETED
    request.reason = ""
    request.completed_at = timezone.now()
    request.completed_by = acting_user
    request.save(update_fields=["status", "reason", "completed_at", "completed_by"])

    _purge_history(Case, case_ids)
    _purge_history(Need, need_ids)
    _purge_history(FollowUp, followup_ids)
    _purge_history(Interaction, interaction_ids)
    _purge_history(Message, message_ids)
    _purge_history(RequestDraft, draft_ids)
    _purge_history(User, [person.pk])
    _purge_history(DeletionRequest, [request.pk])
    return request
