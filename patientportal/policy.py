"""Access policies: one definition answers "which records may this user act on?" (a queryset
filter), "may this user do X to this record?" (a check) and "who may do X to this record?"
(the people to tell about it).

A policy is a table of grants. Each grant says: a user of this role, related to the record in
this way, may take this action (optionally only while the record is in certain states). A
``Relation`` is written once, as a field of the record and an attribute of the user, and gives
the SQL filter, the Python check and the reverse lookup of users alike, so the three cannot
drift apart::

    ASSIGNED = Relation("assigned_to_id", "pk")
    CASES = Policy(Case, {Action.WORK: [Grant(Role.ADVOCATE, ASSIGNED, states=OPEN)]})
    CASES.filter(user, Action.WORK)            # the cases this user may work on
    CASES.check(user, Action.WORK, case)       # NotFound / InvalidState / NotAllowed, or nothing
    CASES.users(Action.WORK, case)             # who may work on this case

Objects inside a record (a referral inside a case) are found through the record's policy with
a ``prefix`` ("case__"), never by their own id alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import BooleanField, Func, Q, QuerySet

from .errors import InvalidState, NotAllowed, NotFound


def _resolve(obj: Any, path: str) -> Any:
    """``case__organisation_id`` on a referral -> ``referral.case.organisation_id``."""
    for part in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, part)
    return obj


def _is_active(user: Any) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)


@dataclass(frozen=True)
class Relation:
    """The record's ``field`` equals the user's ``user_attr``.

    An empty value on the user side matches nothing, unless ``match_empty``: then it matches
    records whose field is empty too (site admins, who have no organisation, handle what
    belongs to no organisation).
    """

    field: str
    user_attr: str
    match_empty: bool = False

    def q(self, user: Any, prefix: str = "") -> Q:
        value = getattr(user, self.user_attr)
        if value is None:
            return Q(**{f"{prefix}{self.field}__isnull": True}) if self.match_empty else Q(pk__in=[])
        return Q(**{f"{prefix}{self.field}": value})

    def holds(self, user: Any, obj: Any) -> bool:
        value = getattr(user, self.user_attr)
        if value is None and not self.match_empty:
            return False
        return _resolve(obj, self.field) == value

    def user_q(self, obj: Any) -> Q:
        """The users this relation holds for, given the record."""
        value = _resolve(obj, self.field)
        if value is None:
            return Q(**{f"{self.user_attr}__isnull": True}) if self.match_empty else Q(pk__in=[])
        return Q(**{self.user_attr: value})


class EqualsAny(Func):
    """``<field> = ANY(<array>)`` as a filter condition: with an uncorrelated array (an
    ``ArraySubquery``) PostgreSQL computes it once and can look each value up in an index."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        field, values = self.get_source_expressions()
        field_sql, field_params = compiler.compile(field)
        values_sql, values_params = compiler.compile(values)
        return f"{field_sql} = ANY({values_sql})", (*field_params, *values_params)


@dataclass(frozen=True)
class Grant:
    """Users of ``role`` related by ``relation`` may take the action, in ``states`` only (if given).

    A relation is a ``Relation``, or any object with the same three methods (``q``, ``holds``,
    ``user_q``) when equality of a field is not enough (``cases.permissions.Covering``)."""

    role: str
    relation: Any
    states: frozenset[str] | None = None
    #: What the person is told when the relation holds but the record is in another state.
    state_message: str = ""


@dataclass
class Policy:
    """The grants of one kind of record. ``state_field`` names the field ``states`` refer to;
    ``universe`` restricts the records any grant can reach (field -> allowed values)."""

    model: type[models.Model]
    grants: Mapping[str, list[Grant]]
    state_field: str = "status"
    universe: Mapping[str, Iterable[Any]] = field(default_factory=dict)

    # --- which records ----------------------------------------------------------------------

    def q(self, user: Any, action: str, prefix: str = "") -> Q:
        """The filter for records ``user`` may ``action`` (``prefix`` for a related model)."""
        if not _is_active(user):
            return Q(pk__in=[])
        allowed = Q(pk__in=[])
        for grant in self.grants.get(action, []):
            if grant.role != user.role:
                continue
            clause = grant.relation.q(user, prefix)
            if grant.states is not None:
                clause &= Q(**{f"{prefix}{self.state_field}__in": sorted(grant.states)})
            allowed |= clause
        for name, values in self.universe.items():
            allowed &= Q(**{f"{prefix}{name}__in": list(values)})
        return allowed

    def filter(self, user: Any, action: str, queryset: QuerySet | None = None) -> QuerySet:
        queryset = self.model._default_manager.all() if queryset is None else queryset
        return queryset.filter(self.q(user, action))

    def get(self, user: Any, action: str, pk: Any, queryset: QuerySet | None = None) -> models.Model:
        """One record the user may ``action``; missing and "not yours" are the same ``NotFound``."""
        # At most one row: no ordering to compile, nor for the database to apply.
        found = list(self.filter(user, action, queryset).filter(pk=pk).order_by()[:1])
        if not found:
            raise NotFound
        return found[0]

    # --- may this user --------------------------------------------------------------------

    def _in_universe(self, obj: Any) -> bool:
        return all(_resolve(obj, name) in list(values) for name, values in self.universe.items())

    def allows(self, user: Any, action: str, obj: Any) -> bool:
        return self._decide(user, action, obj) is None

    def check(self, user: Any, action: str, obj: Any, *, visible_action: str | None = None) -> None:
        """Raise unless ``user`` may ``action`` ``obj``.

        ``InvalidState`` (with the grant's message) when a grant's relation holds but the record
        is in another state; ``NotFound`` when the user may not even see the record
        (``visible_action``, when given); ``NotAllowed`` otherwise.
        """
        problem = self._decide(user, action, obj)
        if problem is None:
            return
        if isinstance(problem, InvalidState):
            raise problem
        if visible_action is not None and self._decide(user, visible_action, obj) is not None:
            raise NotFound
        raise problem

    def _decide(self, user: Any, action: str, obj: Any) -> Exception | None:
        if not _is_active(user) or not self._in_universe(obj):
            return NotAllowed()
        wrong_state = None
        for grant in self.grants.get(action, []):
            if grant.role != user.role or not grant.relation.holds(user, obj):
                continue
            if grant.states is None or _resolve(obj, self.state_field) in grant.states:
                return None
            wrong_state = wrong_state or InvalidState(grant.state_message or None, code="state")
        return wrong_state or NotAllowed()

    # --- who may ----------------------------------------------------------------------------

    def users(self, action: str, obj: Any) -> QuerySet:
        """The active users who may ``action`` ``obj`` now: the same grants, read backwards."""
        from django.contrib.auth import get_user_model

        users = get_user_model()._default_manager.filter(is_active=True)
        if not self._in_universe(obj):
            return users.none()
        who = Q(pk__in=[])
        state = _resolve(obj, self.state_field) if self.state_field else None
        for grant in self.grants.get(action, []):
            if grant.states is not None and state not in grant.states:
                continue
            who |= Q(role=grant.role) & grant.relation.user_q(obj)
        return users.filter(who)
