"""The client's writes: drafting and sending a request, adding to it, changing how to contact
them, withdrawing it."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import organisation_serving_country
from accounts.working_days import first_contact_due
from patientportal.errors import InvalidInput, InvalidState

from .. import notifications, request_flow, selectors
from ..choices import CaseAction, CaseStatus, EventKind
from ..models import (
    ANSWER_FIELDS,
    CONTACT_FIELDS,
    Case,
    CaseIntake,
    ContactPreferences,
    Need,
    RequestDraft,
)
from ..permissions import CASES
from .assignment import case_auto_assign
from .events import event_append
from .lifecycle import case_transition
from .work import message_send

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
        raise InvalidInput(f"Not request answers: {sorted(unknown)}", code="unknown_answers")
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


class DuplicateRequest(InvalidState):
    """The applicant already has an open request for the same person."""

    def __init__(self, case: Case):
        super().__init__(_("You already have an open request for this person."), code="duplicate")
        self.case = case


class IncompleteRequest(InvalidInput):
    """A question of the request is still unanswered; ``step`` names the first one."""

    def __init__(self, step: str):
        super().__init__(_("Some questions still need an answer."), code="incomplete")
        self.step = step


@transaction.atomic
def case_submit(*, draft_id: uuid.UUID, applicant: User) -> Case:
    """Turn the applicant's draft into a new case in the right organisation's queue.

    "Complete" means what the question flow says it means (``request_flow.first_incomplete``),
    checked here again whatever page sent us. Safe to call twice (a double click): the draft row
    is locked, and once it has become a case the same case is returned.
    """
    draft = RequestDraft.objects.select_for_update().get(pk=draft_id, applicant=applicant)
    if draft.case_id is not None:
        return draft.case
    unanswered = request_flow.first_incomplete(draft)
    if unanswered != request_flow.CHECK:
        raise IncompleteRequest(unanswered)
    duplicate = selectors.case_open_for_same_person(applicant=applicant, answers=draft)
    if duplicate is not None:
        raise DuplicateRequest(duplicate)
    organisation = organisation_serving_country(country=draft.country)
    if organisation is None:
        raise InvalidInput(_("We do not have a member society in that country yet."), code="no_organisation")

    now = timezone.now()
    case = Case(
        reference=_new_reference(),  # 32^8 values; the unique constraint guards the rest
        organisation=organisation,
        applicant=applicant,
        status=CaseStatus.NEW,
        country=draft.country,
        region=draft.region,
        is_urgent=bool(draft.is_urgent),
        submitted_at=now,
        first_contact_due=first_contact_due(
            organisation=organisation, country=draft.country, region=draft.region, submitted_at=now
        ),
    )
    case.full_clean()
    case.save()
    case_record_submission(case=case, answers={name: getattr(draft, name) for name in ANSWER_FIELDS})
    draft.case = case
    draft.save(update_fields=["case", "updated_at"])
    notifications.queue_request_received(case)
    if organisation.auto_assign:
        case = case_auto_assign(case=case, language=draft.language) or case
    return case


def case_record_submission(*, case: Case, answers: dict[str, Any]) -> None:
    """What a case holds from the moment it is submitted: the answers as given (its intake), the
    first contact preferences, one need per category and the "submitted" event, all dated
    ``case.submitted_at``. Part of ``case_submit``; the demo data and the test factories,
    which create cases in the past or further along, record them the same way."""
    intake = CaseIntake(case=case, **answers)
    intake.full_clean()
    intake.save()
    contact = {name: getattr(intake, name) for name in CONTACT_FIELDS}
    ContactPreferences.objects.create(case=case, changed_by=case.applicant, created_at=case.submitted_at, **contact)
    Need.objects.bulk_create([Need(case=case, category=code) for code in intake.categories])
    event_append(
        case=case,
        kind=EventKind.SUBMITTED,
        actor=case.applicant,
        at=case.submitted_at,
        to_status=CaseStatus.NEW,
        payload={"needs": list(intake.categories)},
    )


def _lock(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


@transaction.atomic
def case_add_to(*, case: Case, acting_user: User, categories: list[str], description: str) -> Case:
    """Add needs (and the person's words, as a message to the advocate) to an open case."""
    case = _lock(case)
    CASES.check(acting_user, CaseAction.CLIENT_CHANGE, case, visible_action=CaseAction.VIEW)
    existing = set(case.needs.values_list("category", flat=True))
    new = [code for code in dict.fromkeys(categories) if code not in existing]
    needs = Need.objects.bulk_create([Need(case=case, category=code) for code in new])
    message = message_send(case=case, sender=acting_user, body=description) if description.strip() else None
    event_append(
        case=case,
        kind=EventKind.ADDED_TO,
        actor=acting_user,
        payload={"needs": [need.category for need in needs], "message": str(message.pk) if message else None},
    )
    # A request started for the same person is what this replaces (the duplicate guard sent
    # them here); a request under way for someone else is kept.
    draft = RequestDraft.objects.filter(applicant=acting_user, case__isnull=True).first()
    if draft is not None and selectors.case_open_for_same_person(applicant=acting_user, answers=draft) == case:
        draft.delete()
    return case


@transaction.atomic
def case_withdraw(*, case: Case, acting_user: User, reason: str) -> Case:
    """The client withdraws their request; its staff are told."""
    case = case_transition(case=case, to=CaseStatus.WITHDRAWN, actor=acting_user, reason=reason)
    notifications.queue_case_withdrawn(case)
    return case


@transaction.atomic
def contact_preferences_update(*, case: Case, acting_user: User, preferences: dict[str, Any]) -> ContactPreferences:
    """Record the client's new contact preferences (a new row: the old ones stay as history)."""
    case = _lock(case)
    CASES.check(acting_user, CaseAction.CLIENT_CHANGE, case, visible_action=CaseAction.VIEW)
    unknown = set(preferences) - set(CONTACT_FIELDS)
    if unknown:
        raise InvalidInput(f"Not contact preferences: {sorted(unknown)}", code="unknown_preferences")
    current = selectors.contact_preferences_current(case=case)
    values = {name: getattr(current, name) for name in CONTACT_FIELDS} if current else {}
    changed = sorted(name for name, value in preferences.items() if values.get(name) != value)
    if not changed:
        return current
    new = ContactPreferences(case=case, changed_by=acting_user, **{**values, **preferences})
    new.full_clean()
    new.save()
    event_append(
        case=case,
        kind=EventKind.CONTACT_PREFERENCES_CHANGED,
        actor=acting_user,
        payload={"preferences": new.pk, "fields": changed},
    )
    return new
