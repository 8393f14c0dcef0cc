"""The work on a case: messages, needs, referrals, logged contacts and follow-ups. Each write
checks the access policy and appends its event in the same transaction."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from patientportal.errors import InvalidInput, InvalidState
from resources.models import Service
from resources.selectors import LISTED_STATUSES

from .. import notifications
from ..choices import CaseAction, EventKind, InteractionOutcome, NeedStatus, ReferralOutcome, Visibility
from ..models import Case, FollowUp, Interaction, Message, Need, Note, Referral
from ..permissions import CASES
from .assessment import reassessment_schedule
from .events import event_append
from .versions import check_and_bump

#: A contact logged "now" from a clock a little ahead of ours is still not in the future.
_CLOCK_SKEW = datetime.timedelta(minutes=5)


def _check(user: User, action: str, case: Case) -> None:
    CASES.check(user, action, case, visible_action=CaseAction.VIEW)


# --- messages ----------------------------------------------------------------------------------


@transaction.atomic
def message_send(*, case: Case, sender: User, body: str) -> Message:
    """A message in the case's conversation; the other side is told by e-mail, without the content."""
    _check(sender, CaseAction.CLIENT_CHANGE if sender.role == Role.CLIENT else CaseAction.WORK, case)
    message = Message(case=case, sender=sender, body=body.strip())
    message.full_clean()
    message.save()
    event_append(case=case, kind=EventKind.MESSAGE_SENT, actor=sender, payload={"message": str(message.pk)})
    notifications.queue_new_message(message)
    return message


@transaction.atomic
def messages_mark_read(*, case: Case, reader: User) -> int:
    """Mark the messages the other side sent as read, when the reader opens the conversation."""
    _check(reader, CaseAction.VIEW, case)
    return Message.objects.filter(case=case, read_at__isnull=True).exclude(sender=reader).update(read_at=timezone.now())


# --- needs -------------------------------------------------------------------------------------


@transaction.atomic
def need_add(*, case: Case, actor: User, category: str, description: str = "") -> Need:
    _check(actor, CaseAction.WORK, case)
    need = Need(case=case, category=category, description=description.strip())
    need.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            need.save()
    except IntegrityError:
        raise InvalidState(_("This need is already on the case."), code="duplicate_need") from None
    event_append(case=case, kind=EventKind.NEED_ADDED, actor=actor, payload={"need": need.pk, "category": category})
    return need


@transaction.atomic
def need_update(
    *, need: Need, actor: User, status: str, outcome: str = "", expected_version: int | None = None
) -> Need:
    """Change a need's status (open, in progress, met, not met, withdrawn) and its outcome."""
    need = Need.objects.select_for_update().select_related("case").get(pk=need.pk)
    _check(actor, CaseAction.WORK, need.case)
    if status not in NeedStatus.values:
        raise InvalidInput(_("Choose the need's status."), code="need_status")
    check_and_bump(need, expected_version)
    previous = need.status
    need.status = status
    need.outcome = outcome.strip()
    need.full_clean()
    need.save(update_fields=["status", "outcome", "version"])
    event_append(
        case=need.case,
        kind=EventKind.NEED_UPDATED,
        actor=actor,
        payload={"need": need.pk, "category": need.category, "from": previous, "to": status},
    )
    return need


# --- referrals ---------------------------------------------------------------------------------


@transaction.atomic
def referral_create(*, case: Case, actor: User, service: Service, need: Need | None = None) -> Referral:
    """Suggest a directory service to the client, for one of their needs."""
    _check(actor, CaseAction.WORK, case)
    if need is not None and need.case_id != case.pk:
        raise InvalidInput(_("Choose one of this case's needs."), code="need_of_other_case")
    if service.status not in LISTED_STATUSES:
        raise InvalidState(_("This service is no longer listed in the directory."), code="service_not_listed")
    referral = Referral(case=case, service=service, need=need, referred_by=actor)
    referral.full_clean()
    referral.save()
    event_append(
        case=case,
        kind=EventKind.REFERRAL_MADE,
        actor=actor,
        payload={"referral": str(referral.pk), "service": str(service.pk), "need": need.pk if need else None},
    )
    return referral


@transaction.atomic
def referral_record_feedback(*, referral: Referral, acting_user: User, feedback: str) -> Referral:
    """The client says whether a suggested service helped."""
    referral = Referral.objects.select_for_update().select_related("case").get(pk=referral.pk)
    _check(acting_user, CaseAction.GIVE_FEEDBACK, referral.case)
    referral.client_feedback = feedback
    referral.client_feedback_at = timezone.now()
    referral.full_clean()
    referral.save(update_fields=["client_feedback", "client_feedback_at"])
    event_append(
        case=referral.case,
        kind=EventKind.REFERRAL_FEEDBACK,
        actor=acting_user,
        payload={"referral": str(referral.pk), "feedback": feedback},
    )
    return referral


@transaction.atomic
def referral_record_outcome(
    *, referral: Referral, actor: User, outcome: str, expected_version: int | None = None
) -> Referral:
    """What came of a referral, as the advocate found out (received help, not eligible, ...)."""
    referral = Referral.objects.select_for_update().select_related("case").get(pk=referral.pk)
    _check(actor, CaseAction.WORK, referral.case)
    if outcome not in ReferralOutcome.values:
        raise InvalidInput(_("Choose what came of the referral."), code="referral_outcome")
    check_and_bump(referral, expected_version)
    referral.outcome = outcome
    referral.outcome_at = timezone.now()
    referral.full_clean()
    referral.save(update_fields=["outcome", "outcome_at", "version"])
    event_append(
        case=referral.case,
        kind=EventKind.REFERRAL_OUTCOME,
        actor=actor,
        payload={"referral": str(referral.pk), "outcome": outcome},
    )
    return referral


# --- notes -----------------------------------------------------------------------------------


def _note_visibility(note: Note) -> str:
    return Visibility.CLIENT if note.shared_with_client else Visibility.STAFF


@transaction.atomic
def note_add(*, case: Case, actor: User, body: str, shared_with_client: bool = False) -> Note:
    """A note on the case: for staff only unless shared, when the client sees it in their space."""
    _check(actor, CaseAction.WORK, case)
    note = Note(case=case, author=actor, body=body.strip(), shared_with_client=shared_with_client)
    note.full_clean()
    note.save()
    event_append(
        case=case,
        kind=EventKind.NOTE_ADDED,
        actor=actor,
        payload={"note": note.pk, "shared": shared_with_client},
        visibility=_note_visibility(note),
    )
    return note


@transaction.atomic
def note_edit(
    *, note: Note, actor: User, body: str, shared_with_client: bool, expected_version: int | None = None
) -> Note:
    """Change a note's words or who sees it; refused if it changed since the person opened it."""
    note = Note.objects.select_for_update().select_related("case").get(pk=note.pk)
    _check(actor, CaseAction.WORK, note.case)
    check_and_bump(note, expected_version)
    was_shared = note.shared_with_client
    note.body = body.strip()
    note.shared_with_client = shared_with_client
    note.full_clean()
    note.save(update_fields=["body", "shared_with_client", "updated_at", "version"])
    event_append(
        case=note.case,
        kind=EventKind.NOTE_EDITED,
        actor=actor,
        payload={"note": note.pk, "shared": shared_with_client, "was_shared": was_shared},
        visibility=Visibility.CLIENT if shared_with_client or was_shared else Visibility.STAFF,
    )
    return note


# --- contacts and follow-ups ---------------------------------------------------------------


@transaction.atomic
def interaction_log(
    *,
    case: Case,
    actor: User,
    channel: str,
    occurred_at: datetime.datetime,
    outcome: str,
    duration_minutes: int | None = None,
    with_whom: str = "",
    summary: str = "",
) -> Interaction:
    """Log a contact with the client. The first in which someone spoke with them sets the case's
    first contact (the first-contact target is measured to it)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _check(actor, CaseAction.WORK, case)
    if occurred_at > timezone.now() + _CLOCK_SKEW:
        raise InvalidInput(_("A contact cannot be in the future. To plan one, add a follow-up."), code="future")
    interaction = Interaction(
        case=case,
        logged_by=actor,
        channel=channel,
        occurred_at=occurred_at,
        outcome=outcome,
        duration_minutes=duration_minutes,
        with_whom=with_whom.strip(),
        summary=summary.strip(),
    )
    interaction.full_clean()
    interaction.save()
    first = outcome == InteractionOutcome.REACHED and (
        case.first_contact_at is None or occurred_at < case.first_contact_at
    )
    if first:
        case.first_contact_at = occurred_at
        case.version += 1
        case.save(update_fields=["first_contact_at", "updated_at", "version"])
    event_append(
        case=case,
        kind=EventKind.CONTACT_LOGGED,
        actor=actor,
        payload={"interaction": interaction.pk, "channel": channel, "outcome": outcome, "first_contact": first},
    )
    if first:
        # The needs are assessed at first contact; the reassessment is due six weeks later.
        reassessment_schedule(case=case, first_contact_at=case.first_contact_at)
    return interaction


@transaction.atomic
def followup_schedule(
    *,
    case: Case,
    actor: User,
    owner: User,
    due_at: datetime.datetime,
    summary: str,
    is_client_contact: bool = False,
) -> FollowUp:
    """Something to do on the case by ``due_at``, owned by an advocate of its organisation."""
    _check(actor, CaseAction.WORK, case)
    if owner.role != Role.ADVOCATE or owner.organisation_id != case.organisation_id or not owner.is_active:
        raise InvalidInput(_("Choose an advocate of this organisation."), code="owner")
    follow_up = FollowUp(
        case=case, owner=owner, due_at=due_at, summary=summary.strip(), is_client_contact=is_client_contact
    )
    follow_up.full_clean()
    follow_up.save()
    event_append(
        case=case,
        kind=EventKind.FOLLOW_UP_SCHEDULED,
        actor=actor,
        payload={"follow_up": follow_up.pk, "due_at": due_at, "client_contact": is_client_contact},
        visibility=Visibility.CLIENT if is_client_contact else Visibility.STAFF,
    )
    return follow_up


@transaction.atomic
def followup_reschedule(
    *, follow_up: FollowUp, actor: User, due_at: datetime.datetime, expected_version: int | None = None
) -> FollowUp:
    """Move a follow-up that is not done yet to another date and time."""
    follow_up = FollowUp.objects.select_for_update().select_related("case").get(pk=follow_up.pk)
    _check(actor, CaseAction.WORK, follow_up.case)
    if follow_up.completed_at is not None:
        raise InvalidState(_("This follow-up is already done."), code="done")
    check_and_bump(follow_up, expected_version)
    previous = follow_up.due_at
    follow_up.due_at = due_at
    follow_up.full_clean()
    follow_up.save(update_fields=["due_at", "version"])
    event_append(
        case=follow_up.case,
        kind=EventKind.FOLLOW_UP_RESCHEDULED,
        actor=actor,
        payload={"follow_up": follow_up.pk, "from": previous, "to": due_at},
        visibility=Visibility.CLIENT if follow_up.is_client_contact else Visibility.STAFF,
    )
    return follow_up


@transaction.atomic
def followup_complete(*, follow_up: FollowUp, actor: User, expected_version: int | None = None) -> FollowUp:
    follow_up = FollowUp.objects.select_for_update().select_related("case").get(pk=follow_up.pk)
    _check(actor, CaseAction.WORK, follow_up.case)
    if follow_up.completed_at is not None:
        raise InvalidState(_("This follow-up is already done."), code="done")
    check_and_bump(follow_up, expected_version)
    follow_up.completed_at = timezone.now()
    follow_up.save(update_fields=["completed_at", "version"])
    event_append(
        case=follow_up.case,
        kind=EventKind.FOLLOW_UP_COMPLETED,
        actor=actor,
        payload={"follow_up": follow_up.pk},
        visibility=Visibility.CLIENT if follow_up.is_client_contact else Visibility.STAFF,
    )
    return follow_up
