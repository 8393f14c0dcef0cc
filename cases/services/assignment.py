"""Giving waiting requests to advocates: from the queue, several at once, or automatically.

Each assignment goes through ``case_assign`` (the lifecycle's only way to give a case an
advocate), so its event, its version and the advocate's notification are written with it.
"""

from __future__ import annotations

import uuid
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction

from accounts.models import User
from patientportal.errors import ApplicationError

from .. import notifications
from ..choices import CaseAction
from ..models import Case
from ..permissions import CASES
from ..selectors.supervisor import Suggestion, assignment_suggestions
from .lifecycle import case_assign


@dataclass
class ManyAssigned:
    """What became of each case chosen from the queue, in the order chosen."""

    assigned: list[Case] = field(default_factory=list)
    #: (case, why it was not assigned: a message for the supervisor)
    refused: list[tuple[Case, str]] = field(default_factory=list)


def cases_assign_from_queue(*, case_ids: Iterable[uuid.UUID], advocate: User, actor: User) -> ManyAssigned:
    """Give each chosen waiting case to ``advocate``, each in its own transaction: one that a
    colleague assigned meanwhile (or that ``actor`` may not assign) is reported, not fatal; the
    others are assigned. Cases ``actor`` may not see are left out, as if they did not exist."""
    result = ManyAssigned()
    ids = list(dict.fromkeys(case_ids))
    cases = {case.pk: case for case in CASES.filter(actor, CaseAction.VIEW).filter(pk__in=ids)}
    for case_id in ids:
        case = cases.get(case_id)
        if case is None:
            continue
        try:
            result.assigned.append(case_assign(case=case, advocate=advocate, actor=actor, only_if_waiting=True))
        except ApplicationError as error:
            result.refused.append((case, error.message))
    return result


def _lock_organisation_assignments(organisation_id: uuid.UUID) -> None:
    """Automatic assignments in one organisation, one at a time (until the transaction ends): two
    requests arriving together are not both given to the same least-loaded advocate."""
    key = zlib.crc32(f"auto-assign:{organisation_id}".encode())
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def _why(best: Suggestion) -> dict:
    """What the timeline says of an automatic assignment (worded in ``templates/cases/events/``)."""
    return {
        "automatic": {
            "language": best.speaks_language,
            "region": best.covers_region,
            "expertise": best.expertise,
            "experience": best.experience,
            "open_cases": best.open_cases,
            "capacity": best.capacity,
        }
    }


@transaction.atomic
def case_auto_assign(*, case: Case, language: str = "") -> Case | None:
    """Give a new ``case`` to the best available advocate (here today and under capacity: see
    ``Suggestion.rank_key``), with the reasons on its timeline. When nobody is available it
    stays in the queue and the organisation's supervisors are told; returns None then."""
    _lock_organisation_assignments(case.organisation_id)
    case.refresh_from_db(fields=["need_categories"])  # kept by the database as the needs were added
    available = [s for s in assignment_suggestions(case=case, language=language) if s.available]
    if not available:
        notifications.queue_no_advocate_available(case)
        return None
    best = available[0]
    return case_assign(case=case, advocate=best.advocate, actor=None, only_if_waiting=True, payload=_why(best))
