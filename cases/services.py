"""Every write to requests and cases. Tasks are enqueued on commit, with ids only."""

from __future__ import annotations

import secrets
import uuid
import zoneinfo
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import User
from accounts.selectors import organisation_serving_country, organisation_working_days_after

from . import selectors, tasks
from .consent import CURRENT_CONSENT_VERSION
from .models import (
    ANSWER_FIELDS,
    Case,
    CaseStatus,
    DeletionRequest,
    EventKind,
    Message,
    Need,
    Referral,
    RequestAnswers,
    RequestDraft,
    TimelineEntry,
)

#: Contact preferences a client may change on an open case.
CONTACT_FIELDS = [
    "contact_methods",
    "phone",
    "contact_email",
    "postal_address",
    "best_days",
    "best_times",
    "language",
    "access_needs",
    "other_contact_name",
    "other_contact_phone",
    "access_other",
]

# Crockford's base 32 without I, L, O, U: easy to read aloud and to type.
_REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _new_reference() -> str:
    body = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
    return f"MS-{body[:4]}-{body[4:]}"


# --- drafts ----------------------------------------------------------------------------------


@transaction.atomic
def draft_get_or_create(*, applicant: User) -> RequestDraft:
    """The applicant's request in progress, or a new one."""
    draft = RequestDraft.objects.select_for_update().filter(applicant=applicant, case__isnull=True).first()
    if draft is not None:
        return draft
    try:
        with transaction.atomic():
            return RequestDraft.objects.create(
                applicant=applicant, language=applicant.languages[0] if applicant.languages else ""
            )
    except IntegrityError:  # created by a parallel request (two tabs)
        return RequestDraft.objects.get(applicant=applicant, case__isnull=True)


@transaction.atomic
def draft_save_answers(*, draft: RequestDraft, answers: dict[str, Any], step: str) -> RequestDraft:
    """Save one page's answers straight away, so nothing typed is lost."""
    unknown = set(answers) - set(ANSWER_FIELDS)
    if unknown:
        raise ValueError(f"Not request answers: {sorted(unknown)}")
    for name, value in answers.items():
        setattr(draft, name, value)
    draft.step = step
    draft.full_clean(exclude=[name for name in ANSWER_FIELDS if name not in answers] + ["applicant", "case"])
    draft.save(update_fields=[*answers, "step", "updated_at"])
    return draft


@transaction.atomic
def draft_discard(*, draft: RequestDraft) -> None:
    if draft.case_id is None:
        draft.delete()


# --- submitting --------------------------------------------------------------------------------


def missing_answers(answers: RequestAnswers) -> list[str]:
    """The questions still to answer before a request can be sent (names of the answer fields)."""
    missing = []
    if answers.for_self is None:
        missing.append("for_self")
    if answers.for_self is False:
        if not answers.person_name.strip():
            missing.append("person_name")
        if not answers.relationship:
            missing.append("relationship")
        if not answers.person_agreed:
            missing.append("person_agreed")
    if not answers.country:
        missing.append("country")
    if not answers.region:
        missing.append("region")
    if not answers.categories and not answers.description.strip():
        missing.append("categories")
    if answers.is_urgent is None:
        missing.append("is_urgent")
    if not answers.contact_methods:
        missing.append("contact_methods")
    if not answers.language:
        missing.append("language")
    if answers.consent_version != CURRENT_CONSENT_VERSION or answers.consent_given_at is None:
        missing.append("consent_version")
    return missing


class DuplicateRequest(Exception):
    def __init__(self, case: Case):
        super().__init__(case.reference)
        self.case = case


@transaction.atomic
def case_submit(*, draft_id: uuid.UUID, applicant: User) -> Case:
    """Turn the applicant's draft into a new case in the right organisation's queue.

    Safe to call twice (a double click): the draft row is locked, and once it has become a case
    the same case is returned.
    """
    draft = RequestDraft.objects.select_for_update().get(pk=draft_id, applicant=applicant)
    if draft.case_id is not None:
        return draft.case
    missing = missing_answers(draft)
    if missing:
        raise ValidationError(_("Some questions still need an answer."), code="incomplete", params={"missing": missing})
    duplicate = selectors.case_open_for_same_person(applicant=applicant, answers=draft)
    if duplicate is not None:
        raise DuplicateRequest(duplicate)
    organisation = organisation_serving_country(country=draft.country)
    if organisation is None:
        raise ValidationError(_("We do not have a member society in that country yet."), code="no_organisation")

    now = timezone.now()
    local_today = timezone.localtime(now, timezone=zoneinfo.ZoneInfo(organisation.timezone)).date()
    case = Case(
        **{name: getattr(draft, name) for name in ANSWER_FIELDS},
        organisation=organisation,
        applicant=applicant,
        status=CaseStatus.NEW,
        submitted_at=now,
        first_contact_due=organisation_working_days_after(
            organisation=organisation, start=local_today, days=organisation.first_contact_target_days
        ),
    )
    case.reference = _new_reference()  # 32^8 values; the unique constraint guards the rest
    case.full_clean()
    case.save()
    Need.objects.bulk_create([Need(case=case, category=code) for code in case.categories])
    TimelineEntry.objects.create(case=case, kind=EventKind.RECEIVED, at=now, actor=applicant)
    draft.case = case
    draft.save(update_fields=["case", "updated_at"])

    case_id = str(case.pk)
    transaction.on_commit(lambda: tasks.send_request_confirmation.delay(case_id))
    transaction.on_commit(lambda: tasks.notify_supervisors_of_new_case.delay(case_id))
    return case


@transaction.atomic
def case_add_to(*, case: Case, acting_user: User, categories: list[str], description: str) -> Case:
    """Add needs (and the person's words, as a message to the advocate) to an open case."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case.is_open or case.applicant_id != acting_user.pk:
        raise ValidationError(_("This request is no longer open."), code="closed")
    existing = set(case.needs.values_list("category", flat=True))
    new = [code for code in categories if code not in existing]
    Need.objects.bulk_create([Need(case=case, category=code) for code in new])
    if new:
        case.categories = sorted(set(case.categories) | set(new))
        case.save(update_fields=["categories", "updated_at"])
    if description.strip():
        message_send(case=case, sender=acting_user, body=description)
    TimelineEntry.objects.create(case=case, kind=EventKind.ADDED_TO, at=timezone.now(), actor=acting_user)
    RequestDraft.objects.filter(applicant=acting_user, case__isnull=True).delete()
    return case


@transaction.atomic
def case_withdraw(*, case: Case, acting_user: User, reason: str) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.applicant_id != acting_user.pk:
        raise ValidationError(_("Only the person who made this request can withdraw it."), code="not_applicant")
    if not case.is_open:
        raise ValidationError(_("This request is already closed."), code="closed")
    now = timezone.now()
    case.status = CaseStatus.WITHDRAWN
    case.withdrawn_reason = reason.strip()
    case.closed_at = now
    case.full_clean()
    case.save(update_fields=["status", "withdrawn_reason", "closed_at", "updated_at"])
    case.needs.filter(status__in=["open", "in_progress"]).update(status="withdrawn")
    TimelineEntry.objects.create(case=case, kind=EventKind.WITHDRAWN, at=now, actor=acting_user)
    case_id = str(case.pk)
    transaction.on_commit(lambda: tasks.notify_staff_of_withdrawal.delay(case_id))
    return case


@transaction.atomic
def case_update_contact(*, case: Case, acting_user: User, preferences: dict[str, Any]) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.applicant_id != acting_user.pk or not case.is_open:
        raise ValidationError(_("This request is no longer open."), code="closed")
    unknown = set(preferences) - set(CONTACT_FIELDS)
    if unknown:
        raise ValueError(f"Not contact preferences: {sorted(unknown)}")
    changed = [name for name, value in preferences.items() if getattr(case, name) != value]
    if not changed:
        return case
    for name in changed:
        setattr(case, name, preferences[name])
    case.full_clean()
    case.save(update_fields=[*changed, "updated_at"])
    TimelineEntry.objects.create(case=case, kind=EventKind.CONTACT_UPDATED, at=timezone.now(), actor=acting_user)
    return case


# --- messages and referrals ------------------------------------------------------------------


@transaction.atomic
def message_send(*, case: Case, sender: User, body: str) -> Message:
    """A message in the case's conversation; the other side is told by e-mail, without the content."""
    is_applicant = case.applicant_id == sender.pk
    if not is_applicant and not permissions.can_message_on_case(sender, case):
        raise ValidationError(_("You cannot send messages on this request."), code="forbidden")
    if is_applicant and not case.is_open:
        raise ValidationError(_("This request is closed, so messages can no longer be sent."), code="closed")
    message = Message(case=case, sender=sender, body=body.strip())
    message.full_clean()
    message.save()
    message_id = str(message.pk)
    transaction.on_commit(lambda: tasks.notify_new_message.delay(message_id))
    return message


@transaction.atomic
def messages_mark_read(*, case: Case, reader: User) -> int:
    """Mark the messages the other side sent as read, when the reader opens the conversation."""
    return Message.objects.filter(case=case, read_at__isnull=True).exclude(sender=reader).update(read_at=timezone.now())


@transaction.atomic
def referral_record_feedback(*, referral: Referral, acting_user: User, feedback: str) -> Referral:
    referral = Referral.objects.select_for_update().select_related("case").get(pk=referral.pk)
    if referral.case.applicant_id != acting_user.pk:
        raise ValidationError(_("Only the person who made this request can say whether it helped."), code="forbidden")
    referral.client_feedback = feedback
    referral.client_feedback_at = timezone.now()
    referral.full_clean()
    referral.save(update_fields=["client_feedback", "client_feedback_at"])
    return referral


# --- my data -----------------------------------------------------------------------------------


@transaction.atomic
def deletion_request_create(*, user: User, reason: str) -> DeletionRequest:
    """Ask for everything held about the user to be erased. A second ask returns the pending one."""
    pending = DeletionRequest.objects.select_for_update().filter(user=user, status="pending").first()
    if pending is not None:
        return pending
    latest_case = Case.objects.filter(applicant=user).order_by("-submitted_at").only("organisation_id").first()
    request = DeletionRequest(
        user=user, reason=reason.strip(), organisation_id=latest_case.organisation_id if latest_case else None
    )
    request.full_clean()
    request.save()
    request_id = str(request.pk)
    transaction.on_commit(lambda: tasks.notify_admins_of_deletion_request.delay(request_id))
    return request


#: What erasure blanks on each of the person's cases; the rest (organisation, country, dates,
#: categories, status, outcome) is kept for CASE_RETENTION_YEARS without anything that names them.
_CASE_PERSONAL_BLANKS: dict[str, Any] = {
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
    "withdrawn_reason": "",
}


def _purge_history(model, object_ids: list) -> int:
    """Delete the audit history of erased rows: it holds copies of what was erased.

    History tables refuse DELETE (append-only trigger); erasure is the one exception, made here.
    """
    import pgtrigger

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
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from accounts.models import User as UserModel
    from resources.models import SavedService

    from .models import FollowUp

    request = DeletionRequest.objects.select_for_update().select_related("user").get(pk=deletion_request.pk)
    if not permissions.can_handle_deletion_request(acting_user, request):
        raise ValidationError(_("You cannot carry out this request."), code="forbidden")
    if request.status != "pending":
        return request
    person = request.user
    case_ids = list(Case.objects.filter(applicant=person).values_list("pk", flat=True))

    Case.objects.filter(pk__in=case_ids).update(**_CASE_PERSONAL_BLANKS, updated_at=timezone.now())
    need_ids = list(Need.objects.filter(case_id__in=case_ids).values_list("pk", flat=True))
    Need.objects.filter(pk__in=need_ids).update(description="", outcome="")
    followup_ids = list(FollowUp.objects.filter(case_id__in=case_ids).values_list("pk", flat=True))
    FollowUp.objects.filter(pk__in=followup_ids).update(summary=_("(erased)"))
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

    request.status = "completed"
    request.reason = ""
    request.completed_at = timezone.now()
    request.completed_by = acting_user
    request.save(update_fields=["status", "reason", "completed_at", "completed_by"])

    _purge_history(Case, case_ids)
    _purge_history(Need, need_ids)
    _purge_history(FollowUp, followup_ids)
    _purge_history(Message, message_ids)
    _purge_history(RequestDraft, draft_ids)
    _purge_history(UserModel, [person.pk])
    _purge_history(DeletionRequest, [request.pk])
    return request
