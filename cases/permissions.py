"""Who may see and do what with cases, and who is told about them: one policy.

``CASES`` is the only place these rules are written. Selectors filter with it (a case you may
not see is a 404, exactly like a missing one), services check with it before every write, views
and templates ask it what to offer, and the notification outbox asks it who to tell.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Absence, Role
from patientportal.policy import EqualsAny, Grant, Policy, Relation

from .choices import FINISHED_STATUSES, OPEN_STATUSES, CaseAction
from .models import Case, DeletionRequest

A = CaseAction

#: How a user can be related to a case.
APPLICANT = Relation("applicant_id", "pk")
ASSIGNED = Relation("assigned_to_id", "pk")
SAME_ORGANISATION = Relation("organisation_id", "organisation_id")


class Covering:
    """The user covers, today, the absence of the case's advocate (``accounts.Absence``): the
    same three answers as a ``Relation`` (filter, check, who), read from the absences. The date
    is the organisation's today (staff pages run in its time zone)."""

    @staticmethod
    def _today() -> datetime.date:
        return timezone.localdate()

    def _absences(self) -> QuerySet:
        today = self._today()
        return Absence.objects.filter(starts_on__lte=today, ends_on__gte=today)

    def q(self, user: Any, prefix: str = "") -> Q:
        # "assigned_to_id = ANY(ARRAY(the advocates covered today))": an uncorrelated array that
        # PostgreSQL computes once and looks up in the (assigned_to, status) index, also when
        # OR-ed with "assigned_to_id = me". A correlated EXISTS there made it scan every case.
        covered = self._absences().filter(covered_by_id=user.pk).order_by().values("advocate_id")
        return Q(EqualsAny(F(f"{prefix}assigned_to_id"), ArraySubquery(covered)))

    def holds(self, user: Any, obj: Any) -> bool:
        advocate_id = getattr(obj, "assigned_to_id", None)
        if advocate_id is None:
            return False
        return self._absences().filter(covered_by_id=user.pk, advocate_id=advocate_id).exists()

    def user_q(self, obj: Any) -> Q:
        advocate_id = getattr(obj, "assigned_to_id", None)
        if advocate_id is None:
            return Q(pk__in=[])
        return Q(pk__in=self._absences().filter(advocate_id=advocate_id).values("covered_by_id"))


COVERING = Covering()

_CLOSED = _("This request is closed, so it can no longer be changed.")

CASES = Policy(
    Case,
    {
        A.VIEW: [
            Grant(Role.CLIENT, APPLICANT),
            Grant(Role.ADVOCATE, ASSIGNED),
            Grant(Role.ADVOCATE, COVERING),
            Grant(Role.SUPERVISOR, SAME_ORGANISATION),
            Grant(Role.ORG_ADMIN, SAME_ORGANISATION),
        ],
        A.CLIENT_CHANGE: [Grant(Role.CLIENT, APPLICANT, states=OPEN_STATUSES, state_message=_CLOSED)],
        A.WITHDRAW: [
            Grant(Role.CLIENT, APPLICANT, states=OPEN_STATUSES, state_message=_("This request is already closed."))
        ],
        A.GIVE_FEEDBACK: [Grant(Role.CLIENT, APPLICANT)],
        A.WORK: [
            Grant(Role.ADVOCATE, ASSIGNED, states=OPEN_STATUSES | FINISHED_STATUSES, state_message=_CLOSED),
            Grant(Role.ADVOCATE, COVERING, states=OPEN_STATUSES | FINISHED_STATUSES, state_message=_CLOSED),
            Grant(Role.SUPERVISOR, SAME_ORGANISATION, states=OPEN_STATUSES | FINISHED_STATUSES, state_message=_CLOSED),
        ],
        A.REOPEN: [
            Grant(Role.ADVOCATE, ASSIGNED, states=FINISHED_STATUSES),
            Grant(Role.ADVOCATE, COVERING, states=FINISHED_STATUSES),
            Grant(Role.SUPERVISOR, SAME_ORGANISATION, states=FINISHED_STATUSES),
        ],
        A.ASSIGN: [Grant(Role.SUPERVISOR, SAME_ORGANISATION, states=OPEN_STATUSES, state_message=_CLOSED)],
        A.SUPERVISE: [Grant(Role.SUPERVISOR, SAME_ORGANISATION)],
        A.RESPONSIBLE: [Grant(Role.ADVOCATE, ASSIGNED), Grant(Role.ADVOCATE, COVERING)],
    },
)


# --- who is told --------------------------------------------------------------------------


def client_of(case: Case) -> QuerySet:
    """The person who made the request (if their account is still active)."""
    return CASES.users(A.GIVE_FEEDBACK, case)


def supervisors_of(case: Case) -> QuerySet:
    """Those who oversee the case: its organisation's supervisors."""
    return CASES.users(A.SUPERVISE, case)


def case_staff(case: Case) -> QuerySet:
    """Who on the staff side should hear about the client's activity: the case's advocate,
    or, while it has none (or they have left), the supervisors who would assign it."""
    responsible = CASES.users(A.RESPONSIBLE, case)
    if case.assigned_to_id is not None and responsible.exists():
        return responsible
    return supervisors_of(case)


# --- deletion requests ----------------------------------------------------------------------

#: Organisation admins handle their society's requests; site admins (who have no
#: organisation) the requests of people no society holds a case for.
_ORGANISATION_OR_NONE = Relation("organisation_id", "organisation_id", match_empty=True)

DELETION_REQUESTS = Policy(
    DeletionRequest,
    {
        A.VIEW: [Grant(Role.ORG_ADMIN, _ORGANISATION_OR_NONE), Grant(Role.SITE_ADMIN, _ORGANISATION_OR_NONE)],
    },
)
