"""Moving a case along its lifecycle: the only code that changes ``Case.status``."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.selectors import organisation_serving_country
from accounts.working_days import first_contact_due
from patientportal.errors import InvalidInput, InvalidState, NotAllowed, NotFound

from .. import lifecycle, notifications
from ..choices import FINISHED_STATUSES, OPEN_NEED_STATUSES, CaseAction, CaseOutcome, CaseStatus, EventKind, NeedStatus
from ..models import REASON_MAX, Case
from ..permissions import CASES
from .events import event_append
from .versions import StaleEdit

#: Statuses in which the case is no longer being worked on (``closed_at`` is set).
_ENDED = FINISHED_STATUSES | {CaseStatus.WITHDRAWN, CaseStatus.MERGED}


def _reason(reason: str, *, required: bool) -> str:
    reason = (reason or "").strip()
    if required and not reason:
        raise InvalidInput(_("Say why, in a few words."), code="reason_required")
    if len(reason) > REASON_MAX:
        raise InvalidInput(
            _("The reason must be %(limit)s characters or fewer.") % {"limit": REASON_MAX}, code="reason_too_long"
        )
    return reason


def _move(
    case: Case,
    transition: lifecycle.Transition,
    actor: User | None,
    *,
    reason: str = "",
    changes: dict[str, Any] | None = None,
    payload: dict[str, Any] | None = None,
    advocate: User | None = None,
) -> Case:
    """Apply ``transition`` to a locked ``case`` and write its event (the caller checked who)."""
    now = timezone.now()
    source = case.status
    case.status = transition.target
    case.version += 1
    fields = {"status", "updated_at", "version"}
    for name, value in (changes or {}).items():
        setattr(case, name, value)
        fields.add(name)
    if transition.target in _ENDED and source not in _ENDED:
        case.closed_at, fields = now, fields | {"closed_at"}
    elif transition.target not in _ENDED and source in _ENDED:  # reopened
        case.closed_at, case.outcome, fields = None, "", fields | {"closed_at", "outcome"}
    case.full_clean()
    case.save(update_fields=sorted(fields))
    if transition.target == CaseStatus.WITHDRAWN:
        case.needs.filter(status__in=OPEN_NEED_STATUSES).update(status=NeedStatus.WITHDRAWN)
    event_payload = dict(payload or {})
    if reason:
        event_payload["reason"] = reason
    event_append(
        case=case,
        kind=transition.event,
        actor=actor,
        at=now,
        from_status=source,
        to_status=transition.target,
        advocate=advocate,
        payload=event_payload,
    )
    return case


def _transition_for(case: Case, to: str) -> lifecycle.Transition:
    transition = lifecycle.find(case.status, to)
    if transition is None:
        raise InvalidState(lifecycle.refusal(case.status, to), code="transition")
    return transition


@transaction.atomic
def case_transition(
    *, case: Case, to: str, actor: User, reason: str = "", outcome: str = "", expected_version: int | None = None
) -> Case:
    """Move ``case`` to status ``to`` along the lifecycle, as ``actor``, and record it.

    Refused with a message a person can read: a move the lifecycle does not have
    (``InvalidState``), one the actor may not make (``NotFound`` if they may not even see the
    case, else ``NotAllowed``), a missing reason or closing outcome (``InvalidInput``), one made
    from a page that showed an older ``expected_version`` of the case (``StaleEdit``).
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not CASES.allows(actor, CaseAction.VIEW, case):
        raise NotFound  # before anything that would tell a stranger where the case stands
    if expected_version is not None and case.version != expected_version:
        raise StaleEdit(case)
    transition = _transition_for(case, to)
    CASES.check(actor, transition.action, case)
    if transition.requires:
        raise InvalidState(
            _("This change is made by assigning, transferring or joining the case."), code="needs_service"
        )
    reason = _reason(reason, required=transition.needs_reason)
    changes: dict[str, Any] = {}
    payload: dict[str, Any] = {}
    if transition.needs_outcome:
        if outcome not in CaseOutcome.values:
            raise InvalidInput(_("Choose how the case ended."), code="outcome_required")
        changes["outcome"] = outcome
        payload["outcome"] = outcome
    return _move(case, transition, actor, reason=reason, changes=changes, payload=payload)


class AlreadyAssigned(InvalidState):
    """A case taken from the queue that someone else assigned meanwhile: says who, and to whom."""

    def __init__(self, case: Case):
        last = (
            case.events.filter(kind__in=[EventKind.ASSIGNED, EventKind.REASSIGNED])
            .select_related("actor", "advocate")
            .order_by("-at", "-id")
            .first()
        )
        if case.assigned_to_id is None or last is None:
            message = _("This request is no longer waiting in the queue.")
        elif last.actor is None:
            message = _("This request was just assigned automatically to %(advocate)s.") % {
                "advocate": last.advocate.get_full_name()
            }
        else:
            message = _("%(supervisor)s has just assigned this request to %(advocate)s.") % {
                "supervisor": last.actor.get_full_name(),
                "advocate": last.advocate.get_full_name(),
            }
        super().__init__(message, code="already_assigned")
        self.case = case


@transaction.atomic
def case_assign(
    *,
    case: Case,
    advocate: User,
    actor: User | None,
    reason: str = "",
    only_if_waiting: bool = False,
    payload=None,
    expected_version: int | None = None,
) -> Case:
    """Give ``case`` to ``advocate``: a new case is assigned; an open case already with an
    advocate is reassigned (with a reason). ``actor`` None is the system (automatic assignment).
    The advocate is told through the outbox.

    ``only_if_waiting``: the case was chosen from the queue; if someone assigned it meanwhile
    (another supervisor at the same moment: the row lock decides who was first), nothing changes
    and ``AlreadyAssigned`` says who did. ``payload``: more for the event (why it was automatic).
    ``expected_version``: the version of the case the person saw; another change since is a
    ``StaleEdit`` (a reassignment from a page opened before a colleague's).
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    if actor is not None:
        CASES.check(actor, CaseAction.ASSIGN, case, visible_action=CaseAction.VIEW)
    if only_if_waiting and (case.status not in lifecycle.WAITING_STATUSES or case.assigned_to_id is not None):
        raise AlreadyAssigned(case)
    if expected_version is not None and case.version != expected_version:
        raise StaleEdit(case)
    if not (advocate.is_active and advocate.role == Role.ADVOCATE and advocate.organisation_id == case.organisation_id):
        raise NotAllowed(_("Cases can only be given to an active advocate of the case's organisation."))
    if case.assigned_to_id == advocate.pk:
        raise InvalidState(_("This case is already assigned to %(name)s.") % {"name": advocate.get_full_name()})
    if case.status in lifecycle.find(CaseStatus.NEW, CaseStatus.ASSIGNED).sources:
        transition = _transition_for(case, CaseStatus.ASSIGNED)
        case = _move(
            case, transition, actor, reason=_reason(reason, required=False),
            changes={"assigned_to": advocate}, advocate=advocate, payload=payload,
        )  # fmt: skip
    else:
        if not case.is_open:
            raise InvalidState(lifecycle.refusal(case.status, CaseStatus.ASSIGNED), code="transition")
        reason = _reason(reason, required=True)
        previous = case.assigned_to_id
        case.assigned_to = advocate
        case.version += 1
        case.save(update_fields=["assigned_to", "updated_at", "version"])
        event_append(
            case=case,
            kind=EventKind.REASSIGNED,
            actor=actor,
            advocate=advocate,
            payload={"previous": str(previous) if previous else None, "reason": reason},
        )
    notifications.queue_case_assigned(case, occasion=f"{case.pk}:{case.updated_at.isoformat()}")
    return case


@transaction.atomic
def case_transfer(*, case: Case, country: str, region: str = "", actor: User, reason: str) -> Case:
    """Pass an open case to the member society of the country the client lives in now: it joins
    that society's queue (status "transferred", no advocate) with its whole history, and a new
    first-contact deadline on that society's calendar. Access moves with it: the old society's
    staff no longer see it. The new society's supervisors are told."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    CASES.check(actor, CaseAction.ASSIGN, case, visible_action=CaseAction.VIEW)
    transition = _transition_for(case, CaseStatus.TRANSFERRED)
    reason = _reason(reason, required=True)
    organisation = organisation_serving_country(country=country)
    if organisation is None:
        raise InvalidInput(_("No member society serves that country yet."), code="country")
    if organisation.pk == case.organisation_id:
        raise InvalidInput(_("Your own society serves that country: the case stays with you."), code="same")
    now = timezone.now()
    previous = case.organisation_id
    case = _move(
        case,
        transition,
        actor,
        reason=reason,
        changes={
            "organisation": organisation,
            "assigned_to": None,
            "country": country,
            "region": region,
            "first_contact_due": first_contact_due(
                organisation=organisation, country=country, region=region, submitted_at=now
            ),
        },
        payload={"from_organisation": str(previous), "to_organisation": str(organisation.pk)},
    )
    notifications.queue_case_transferred(case)
    return case
