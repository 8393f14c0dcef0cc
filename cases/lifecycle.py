"""The case lifecycle: every move a case's status may make, who may make it, and what it records.

    new -> assigned -> in_progress <-> waiting_on_client -> resolved -> closed
    resolved / closed -> in_progress            (reopen)
    any open status -> withdrawn                 (the client)
    new / assigned / in_progress / waiting -> transferred -> assigned   (another society)
    any open status -> merged                    (joined into another case of the same person)

``cases.services.case_transition`` (and ``case_assign`` for the moves that need an advocate)
is the only code that changes a status; it looks the move up here and refuses anything else
with a message a person can read. The same table generates a database trigger on
``cases_case`` that refuses any other change of ``status``, from any code path (an
``UPDATE``, the admin, a migration).

Written here rather than with django-fsm-2: that package keeps transitions as model methods
(our writes live in services), guards only attribute assignment (not ``QuerySet.update`` or
raw SQL, which the trigger covers), and does not yet declare support for Django 6.1.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .choices import OPEN_STATUSES, CaseAction, CaseStatus, EventKind

S = CaseStatus


#: Statuses of a case waiting in a queue for an advocate: new, or passed on by another society.
WAITING_STATUSES = frozenset({CaseStatus.NEW, CaseStatus.TRANSFERRED})


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    #: The permission the actor needs (``cases.permissions.CASES``).
    action: str
    #: The event it writes on the case's timeline.
    event: str
    #: Fields that only a dedicated service can supply (an advocate, an organisation): the
    #: generic ``case_transition`` refuses such moves and names the service.
    requires: tuple[str, ...] = ()
    needs_reason: bool = False
    needs_outcome: bool = False


TRANSITIONS: tuple[Transition, ...] = (
    Transition("assign", frozenset({S.NEW, S.TRANSFERRED}), S.ASSIGNED, CaseAction.ASSIGN, EventKind.ASSIGNED,
               requires=("assigned_to",)),
    Transition("start", frozenset({S.ASSIGNED}), S.IN_PROGRESS, CaseAction.WORK, EventKind.STATUS_CHANGED),
    Transition("wait", frozenset({S.IN_PROGRESS}), S.WAITING_ON_CLIENT, CaseAction.WORK, EventKind.STATUS_CHANGED),
    Transition("resume", frozenset({S.WAITING_ON_CLIENT}), S.IN_PROGRESS, CaseAction.WORK, EventKind.STATUS_CHANGED),
    Transition("resolve", frozenset({S.IN_PROGRESS, S.WAITING_ON_CLIENT}), S.RESOLVED, CaseAction.WORK,
               EventKind.STATUS_CHANGED),
    Transition("close", frozenset({S.IN_PROGRESS, S.WAITING_ON_CLIENT, S.RESOLVED}), S.CLOSED, CaseAction.WORK,
               EventKind.CLOSED, needs_outcome=True),
    Transition("reopen", frozenset({S.RESOLVED, S.CLOSED}), S.IN_PROGRESS, CaseAction.REOPEN, EventKind.REOPENED,
               needs_reason=True),
    Transition("withdraw", OPEN_STATUSES, S.WITHDRAWN, CaseAction.WITHDRAW, EventKind.WITHDRAWN),
    Transition("transfer", frozenset({S.NEW, S.ASSIGNED, S.IN_PROGRESS, S.WAITING_ON_CLIENT}), S.TRANSFERRED,
               CaseAction.ASSIGN, EventKind.TRANSFERRED, requires=("organisation",), needs_reason=True),
    Transition("merge", OPEN_STATUSES, S.MERGED, CaseAction.ASSIGN, EventKind.MERGED, requires=("merged_into",),
               needs_reason=True),
)  # fmt: skip


def find(source: str, target: str) -> Transition | None:
    """The move from ``source`` to ``target``, or None if the lifecycle has none."""
    return next((t for t in TRANSITIONS if source in t.sources and t.target == target), None)


def refusal(source: str, target: str) -> str:
    """Why a case cannot go from ``source`` to ``target``, for the person who tried."""
    labels = dict(CaseStatus.choices)
    if source == target:
        return str(_("This request is already “%(status)s”.") % {"status": labels.get(source, source)})
    return str(
        _("A case that is “%(source)s” cannot be changed to “%(target)s”.")
        % {"source": labels.get(source, source), "target": labels.get(target, target)}
    )


def allowed_pairs() -> list[tuple[str, str]]:
    """Every (from, to) status pair the lifecycle allows, sorted (stable migrations)."""
    return sorted({(str(source), str(t.target)) for t in TRANSITIONS for source in t.sources})


def trigger_sql() -> str:
    """The body of the trigger that refuses any other status change in the database."""
    pairs = ", ".join(f"('{source}', '{target}')" for source, target in allowed_pairs())
    return (
        f"IF (OLD.status, NEW.status) NOT IN ({pairs}) THEN "
        "RAISE EXCEPTION 'case % cannot go from status % to %', OLD.reference, OLD.status, NEW.status "
        "USING ERRCODE = 'check_violation'; "
        "END IF; RETURN NEW;"
    )
