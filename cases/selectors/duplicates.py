"""Possible duplicates: a request that looks like the same person as another open or recent case.

The rule, written once here and used by the queue's rows and by the page that joins two cases:
another case of the same organisation, open or finished in the last ``RECENT_DAYS`` days (resolved
or closed; a withdrawn or joined case is not a duplicate to act on), whose person's name is close
(``NAME_SIMILARITY``, pg_trgm's trigram similarity, so "Ruth Okafor" and "Ruth Okafur" match)
and which was either

1. made from the same account ("Same account as MS-…"), or
2. gave the same phone number, compared by its last nine digits, whatever the spaces or the
   international prefix ("Same name and phone number as MS-…"), or
3. gave the same e-mail address, in any case ("Same name and e-mail address as MS-…").

The person's name is the name given for them (a carer's request), or the account holder's (a
request for themselves). The request has no date of birth, so none is compared.

Each rule is one correlated subquery that an index answers (the cases by applicant, the intakes'
``intake_phone_key`` and ``intake_email_lower``), so a page of the queue reads its possible
duplicates in the same query as its rows, whatever the number of cases. The rule is written once,
in SQL (``possible_duplicate_columns``): the ORM took longer to build and compile these three
subqueries than PostgreSQL took to plan and run them, on every page of the queue.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Case as DbCase
from django.db.models import CharField, F, Value, When
from django.db.models.functions import Concat
from django.utils import timezone

from accounts.models import User
from patientportal.errors import NotFound

from ..choices import FINISHED_STATUSES, OPEN_STATUSES, CaseAction, DuplicateReason
from ..models import PHONE_KEY_MIN, Case, ContactPreferences, PhoneKey
from ..permissions import CASES

__all__ = [
    "DUPLICATE_FIELDS",
    "NAME_SIMILARITY",
    "RECENT_DAYS",
    "MergeSide",
    "PossibleDuplicate",
    "case_possible_duplicates",
    "cases_side_by_side",
    "possible_duplicate_columns",
    "possible_duplicate_of_row",
]

#: A case finished (resolved or closed) this many days ago or less still counts as recent.
RECENT_DAYS = 90
#: How alike two names must be (pg_trgm ``similarity``, 0 to 1): "Ruth Okafor" and "Ruth
#: Okafur" are 0.6 alike, "Patrick Quinn" and "Patrick Quin" 0.8; a carer's two relatives "Ruth
#: Okafor" and "Ben Okafor" only 0.44.
NAME_SIMILARITY = 0.5

#: The columns ``possible_duplicate_columns`` selects: per rule, the reference of the oldest case
#: it matched (or None), in the order the reasons are given.
DUPLICATE_FIELDS = {
    "duplicate_same_account": DuplicateReason.SAME_ACCOUNT,
    "duplicate_same_phone": DuplicateReason.SAME_NAME_AND_PHONE,
    "duplicate_same_email": DuplicateReason.SAME_NAME_AND_EMAIL,
}


@dataclass(frozen=True)
class PossibleDuplicate:
    """Why a request looks like the same person as another case (``reference``)."""

    reason: str
    reference: str


def person_name() -> DbCase:
    """The name of the person a case (the outer query's) is about, as ``_person_name_sql`` says it."""
    return DbCase(
        When(intake__for_self=True, then=Concat("applicant__first_name", Value(" "), "applicant__last_name")),
        default=F("intake__person_name"),
        output_field=CharField(),
    )


def _person_name_sql(applicant: str, intake: str) -> str:
    """The name of the person a case is about, from its applicant's and its intake's aliases."""
    return (
        f"CASE WHEN {intake}.for_self THEN concat({applicant}.first_name, ' ', {applicant}.last_name) "
        f"ELSE {intake}.person_name END"
    )


def _phone_key_sql(phone: str) -> str:
    """The phone number as compared (``PhoneKey``, which the index ``intake_phone_key`` holds)."""
    return PhoneKey.template % {"expressions": phone}


def possible_duplicate_columns(*, case: str, applicant: str, intake: str) -> tuple[str, list[Any]]:
    """The select list, and its parameters, that reads for each case of a query the reference of
    the oldest other case each rule matches (``DUPLICATE_FIELDS``, as columns of those names).
    ``case``, ``applicant`` and ``intake``: the query's aliases of the case, of its applicant
    (joined) and of its intake (left joined).

    Three subqueries, each answered by an index. A request without a phone number (or an e-mail
    address) does not look for others by it at all: the subquery is inside a CASE that PostgreSQL
    does not evaluate then (looking for "no address" in the index of addresses would walk every
    request that gave none)."""
    recent = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    name = _person_name_sql(applicant, intake)
    other_name = _person_name_sql("other_applicant", "other_intake")

    def oldest_other(rule: str) -> str:
        """The reference of the oldest other case of the same organisation, open or finished
        recently, whose person's name is close, that ``rule`` also matches."""
        return (
            "(SELECT other.reference FROM cases_case other"  # noqa: S608 - our own aliases, no input
            " JOIN accounts_user other_applicant ON other_applicant.id = other.applicant_id"
            " JOIN cases_caseintake other_intake ON other_intake.case_id = other.id"
            f" WHERE other.organisation_id = {case}.organisation_id AND other.id <> {case}.id AND {rule}"
            " AND (other.status = ANY(%s) OR (other.status = ANY(%s) AND other.closed_at >= %s))"
            f" AND similarity({other_name}, {name}) >= %s"
            " ORDER BY other.submitted_at, other.id LIMIT 1)"
        )

    others_params = [sorted(OPEN_STATUSES), sorted(FINISHED_STATUSES), recent, NAME_SIMILARITY]
    phone = _phone_key_sql(f"{intake}.phone")
    email = f"lower({intake}.contact_email)"
    same_account = oldest_other(f"other.applicant_id = {case}.applicant_id")
    # "Not empty" is implied, but tells the planner how few rows the index gives: most requests
    # have no e-mail address, and without it the planner expects thousands.
    same_phone = oldest_other(f"other_intake.phone <> '' AND {_phone_key_sql('other_intake.phone')} = {phone}")
    same_email = oldest_other(f"other_intake.contact_email <> '' AND lower(other_intake.contact_email) = {email}")
    columns = (
        f"{same_account} AS duplicate_same_account, "
        f"CASE WHEN {phone} ~ %s THEN {same_phone} END AS duplicate_same_phone, "
        f"CASE WHEN {email} <> '' THEN {same_email} END AS duplicate_same_email"
    )
    return columns, [*others_params, rf"^[0-9]{{{PHONE_KEY_MIN},}}$", *others_params, *others_params]


def possible_duplicate_of_row(row: Any) -> PossibleDuplicate | None:
    """The first reason a row with ``possible_duplicate_columns`` gives, if any."""
    for name, reason in DUPLICATE_FIELDS.items():
        reference = getattr(row, name, None)
        if reference:
            return PossibleDuplicate(reason=reason, reference=reference)
    return None


def case_possible_duplicates(*, user: User, case: Case) -> list[tuple[Case, PossibleDuplicate]]:
    """The cases ``case`` looks like a duplicate of, each with the reason, as ``user`` (who may
    see both) reads them: at most one per rule. Two queries."""
    columns, params = possible_duplicate_columns(case="c", applicant="u", intake="i")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM cases_case c JOIN accounts_user u ON u.id = c.applicant_id"  # noqa: S608 - no input
            " LEFT JOIN cases_caseintake i ON i.case_id = c.id WHERE c.id = %s",
            [*params, case.pk],
        )
        found_row = cursor.fetchone()
    row = dict(zip(DUPLICATE_FIELDS, found_row, strict=True)) if found_row else {}
    found: dict[str, PossibleDuplicate] = {}
    for name, reason in DUPLICATE_FIELDS.items():
        reference = row.get(name)
        if reference and reference not in found:
            found[reference] = PossibleDuplicate(reason=reason, reference=reference)
    if not found:
        return []
    others = {
        other.reference: other
        for other in CASES.filter(user, CaseAction.VIEW)
        .filter(reference__in=list(found))
        .select_related("applicant", "intake", "assigned_to")
    }
    return [(others[reference], why) for reference, why in found.items() if reference in others]


@dataclass(frozen=True)
class MergeSide:
    """One of two cases a supervisor compares before joining them."""

    case: Case
    person_name: str
    contact: ContactPreferences | None

    @property
    def advocate_name(self) -> str:
        return self.case.assigned_to.get_full_name() if self.case.assigned_to_id else ""


def cases_side_by_side(*, user: User, case_ids: list[Any]) -> list[MergeSide]:
    """Two cases ``user`` may see, with their person's name and how to contact them now (their
    latest contact preferences), in the order given: two queries. Missing or not theirs: NotFound."""
    cases = {
        case.pk: case
        for case in CASES.filter(user, CaseAction.VIEW)
        .filter(pk__in=case_ids)
        .select_related("applicant", "intake", "assigned_to")
        .annotate(person=person_name())
    }
    if len(cases) != len(set(case_ids)):
        raise NotFound
    contacts = {
        contact.case_id: contact
        for contact in ContactPreferences.objects.filter(case_id__in=list(cases))
        .order_by("case_id", "-created_at", "-id")
        .distinct("case_id")
    }
    return [MergeSide(case=cases[pk], person_name=cases[pk].person, contact=contacts.get(pk)) for pk in case_ids]
