"""Joining two cases of the same person: one remains, with both histories.

A case's events are append-only (a database trigger refuses UPDATE and DELETE), so they stay
where they were written: the removed case becomes "merged" (``Case.merged_into`` points to the
case that remains) and the remaining case's staff timeline reads its own events and those of the
cases joined into it (``selectors.staff.case_record_for_user``). The work that people go on
editing moves to the remaining case: needs (one per category: where both cases have one, the
remaining case's is kept and the referrals follow it), contacts, follow-ups, referrals, notes,
messages and assessments. What the person submitted (the intake) and their contact preferences
(append-only) stay with the case they were given on; the joining page shows both side by side.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from patientportal.errors import InvalidInput, InvalidState, NotFound

from .. import lifecycle, notifications
from ..choices import CaseAction, CaseStatus, EventKind, Visibility
from ..models import Assessment, Case, FollowUp, Interaction, Message, Need, Note, Referral
from ..models.activity_triggers import REFRESH_FUNCTION
from ..permissions import CASES
from .events import event_append
from .lifecycle import _move, _reason
from .versions import StaleEdit

#: The rows that move to the remaining case (needs apart: one per category).
_MOVED = {
    "contacts": Interaction,
    "follow_ups": FollowUp,
    "referrals": Referral,
    "notes": Note,
    "messages": Message,
    "assessments": Assessment,
}


def _lock_both(keep: Case, remove: Case) -> tuple[Case, Case]:
    """Both rows, locked in a stable order (by id) so that two supervisors joining the same
    cases the other way round wait for each other instead of deadlocking."""
    rows = {
        case.pk: case for case in Case.objects.select_for_update().filter(pk__in=[keep.pk, remove.pk]).order_by("pk")
    }
    if keep.pk not in rows or remove.pk not in rows:
        raise NotFound
    return rows[keep.pk], rows[remove.pk]


def _check(keep: Case, remove: Case, actor: User) -> None:
    for case in (keep, remove):
        if not CASES.allows(actor, CaseAction.VIEW, case):
            raise NotFound  # before anything that tells a stranger where either case stands
    for case in (keep, remove):
        if case.status == CaseStatus.MERGED:
            raise InvalidState(
                _("%(reference)s was already joined with another request.") % {"reference": case.reference},
                code="already_merged",
            )
    for case in (keep, remove):
        CASES.check(actor, CaseAction.ASSIGN, case)
    if keep.organisation_id != remove.organisation_id:
        raise InvalidState(_("Only requests of the same society can be joined."), code="organisation")
    if lifecycle.find(remove.status, CaseStatus.MERGED) is None:
        raise InvalidState(lifecycle.refusal(remove.status, CaseStatus.MERGED), code="transition")
    if keep.applicant_id != remove.applicant_id and (
        remove.messages.exists() or remove.notes.filter(shared_with_client=True).exists() or remove.referrals.exists()
    ):
        raise InvalidState(
            _(
                "%(remove)s was made from another account and holds messages, shared notes or suggested "
                "services for that person: joining it into %(keep)s would show them to someone else. Keep "
                "%(remove)s instead, or leave both as they are."
            )
            % {"remove": remove.reference, "keep": keep.reference},
            code="other_account",
        )


def _move_needs(keep: Case, remove: Case) -> tuple[list[str], list[str]]:
    """The removed case's needs join the remaining case; where it already has that category, its
    own need stays and the referrals made for the other follow it. Returns (moved, already there)."""
    kept = {need.category: need for need in Need.objects.filter(case=keep)}
    moved, already = [], []
    for need in Need.objects.filter(case=remove).order_by("created_at", "id"):
        if need.category in kept:
            Referral.objects.filter(need=need).update(need=kept[need.category])
            already.append(need.category)
        else:
            need.case = keep
            need.save(update_fields=["case"])
            moved.append(need.category)
    return moved, already


@transaction.atomic
def case_merge(
    *,
    keep: Case,
    remove: Case,
    actor: User,
    reason: str,
    keep_version: int | None = None,
    remove_version: int | None = None,
) -> Case:
    """Join ``remove`` into ``keep``, two cases of the same person, as ``actor`` (a supervisor of
    their society); returns the remaining case.

    Refused, with nothing changed: the same case twice or no reason (``InvalidInput``); a case
    the actor may not see (``NotFound``); one already joined, not open, of another society, or
    made from another account and holding what its person was told (``InvalidState``); a page
    that showed an older version of either case (``StaleEdit``).

    ``remove`` becomes "merged" (pointing to ``keep``) with a "merged" event; ``keep`` gets one
    too, and the work on ``remove`` (see the module) moves to it. Both events name who, when,
    which cases and why. The advocates of both cases are told (not the actor).
    """
    if keep.pk == remove.pk:
        raise InvalidInput(_("Choose two different requests to join."), code="same_case")
    keep, remove = _lock_both(keep, remove)
    _check(keep, remove, actor)
    for case, expected in ((keep, keep_version), (remove, remove_version)):
        if expected is not None and case.version != expected:
            raise StaleEdit(case)
    reason = _reason(reason, required=True)
    same_account = keep.applicant_id == remove.applicant_id
    to_tell = [advocate for advocate in (keep.assigned_to, remove.assigned_to) if advocate is not None]

    needs_moved, needs_already = _move_needs(keep, remove)
    counts: dict[str, Any] = {}
    if keep.assigned_to_id is not None:  # the remaining case's advocate does what was planned
        FollowUp.objects.filter(case=remove, completed_at__isnull=True).update(owner_id=keep.assigned_to_id)
    for name, model in _MOVED.items():
        counts[name] = model.objects.filter(case=remove).update(case=keep)
    # Cases joined into ``remove`` before now belong to ``keep``: one level, one timeline.
    Case.objects.filter(merged_into=remove).update(merged_into=keep)

    _move(
        remove,
        lifecycle.find(remove.status, CaseStatus.MERGED),
        actor,
        reason=reason,
        changes={"merged_into": keep},
        payload={"into": str(keep.pk), "into_reference": keep.reference, "same_account": same_account},
    )
    changed = ["updated_at", "version"]
    if remove.is_urgent and not keep.is_urgent:
        keep.is_urgent = True
        changed.append("is_urgent")
    if remove.first_contact_at and (keep.first_contact_at is None or remove.first_contact_at < keep.first_contact_at):
        keep.first_contact_at = remove.first_contact_at
        changed.append("first_contact_at")
    keep.version += 1
    keep.save(update_fields=changed)
    event_append(
        case=keep,
        kind=EventKind.MERGED,
        actor=actor,
        at=remove.closed_at,
        payload={
            "from": str(remove.pk),
            "from_reference": remove.reference,
            "same_account": same_account,
            "needs_moved": needs_moved,
            "needs_already": needs_already,
            "moved": counts,
            "reason": reason,
        },
        # The person who made the remaining request is told of a request they made themselves,
        # never of one someone else made for them.
        visibility=Visibility.CLIENT if same_account else Visibility.STAFF,
    )
    # What My cases reads of the joined case (its needs, next follow-up ...) now reads nothing.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {REFRESH_FUNCTION}(%s)", [remove.pk])
    notifications.queue_cases_merged(remove, recipients=[user for user in to_tell if user.pk != actor.pk])
    return keep
