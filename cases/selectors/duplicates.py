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
duplicates in the same query as its rows, whatever the number of cases.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import Case as DbCase
from django.db.models import CharField, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Concat, Lower
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
    "possible_duplicate_of_row",
    "with_possible_duplicates",
]

#: A case finished (resolved or closed) this many days ago or less still counts as recent.
RECENT_DAYS = 90
#: How alike two names must be (pg_trgm ``similarity``, 0 to 1): "Ruth Okafor" and "Ruth
#: Okafur" are 0.6 alike, "Patrick Quinn" and "Patrick Quin" 0.8; a carer's two relatives "Ruth
#: Okafor" and "Ben Okafor" only 0.44.
NAME_SIMILARITY = 0.5

#: The values a row annotated by ``with_possible_duplicates`` holds: per rule, the reference
#: of the oldest case it matched (or None), in the order the reasons are given.
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
    """The name of the person a case (the outer query's) is about."""
    return DbCase(
        When(intake__for_self=True, then=Concat("applicant__first_name", Value(" "), "applicant__last_name")),
        default=F("intake__person_name"),
        output_field=CharField(),
    )


def _others(now: datetime.datetime) -> QuerySet[Case]:
    """The other cases of the outer case's organisation that are open or recent, with the
    similarity of their person's name to the outer case's, oldest first."""
    recent = now - datetime.timedelta(days=RECENT_DAYS)
    return (
        Case.objects.filter(
            Q(status__in=sorted(OPEN_STATUSES)) | Q(status__in=sorted(FINISHED_STATUSES), closed_at__gte=recent),
            organisation_id=OuterRef("organisation_id"),
        )
        .exclude(pk=OuterRef("pk"))
        .annotate(name_similarity=TrigramSimilarity(person_name(), OuterRef("duplicate_person")))
        .filter(name_similarity__gte=NAME_SIMILARITY)
        .order_by("submitted_at", "pk")
    )


def with_possible_duplicates(cases: QuerySet[Case]) -> QuerySet[Case]:
    """``cases`` with, for each rule (``DUPLICATE_FIELDS``), the reference of the oldest other
    case it matches: three subqueries of the same query, each answered by an index. A request
    without a phone number (or an e-mail address) does not look for others by it at all: the
    subquery is inside a CASE that PostgreSQL does not evaluate then (looking for "no address"
    in the index of addresses would walk every request that gave none)."""
    now = timezone.now()
    others = _others(now)
    return cases.annotate(
        duplicate_person=person_name(),
        duplicate_phone=PhoneKey("intake__phone"),
        duplicate_email=Lower("intake__contact_email"),
    ).annotate(
        duplicate_same_account=Subquery(others.filter(applicant_id=OuterRef("applicant_id")).values("reference")[:1]),
        duplicate_same_phone=DbCase(
            When(
                Q(duplicate_phone__regex=rf"^[0-9]{{{PHONE_KEY_MIN},}}$"),
                then=Subquery(
                    others.filter(~Q(intake__phone=""))
                    .annotate(phone_key=PhoneKey("intake__phone"))
                    .filter(phone_key=OuterRef("duplicate_phone"))
                    .values("reference")[:1]
                ),
            ),
            default=None,
            output_field=CharField(),
        ),
        duplicate_same_email=DbCase(
            When(
                ~Q(duplicate_email=""),
                then=Subquery(
                    others.filter(~Q(intake__contact_email=""))
                    .annotate(email_key=Lower("intake__contact_email"))
                    .filter(email_key=OuterRef("duplicate_email"))
                    .values("reference")[:1]
                ),
            ),
            default=None,
            output_field=CharField(),
        ),
    )


def possible_duplicate_of_row(row: Any) -> PossibleDuplicate | None:
    """The first reason a row annotated by ``with_possible_duplicates`` gives, if any."""
    for name, reason in DUPLICATE_FIELDS.items():
        reference = getattr(row, name, None)
        if reference:
            return PossibleDuplicate(reason=reason, reference=reference)
    return None


def case_possible_duplicates(*, user: User, case: Case) -> list[tuple[Case, PossibleDuplicate]]:
    """The cases ``case`` looks like a duplicate of, each with the reason, as ``user`` (who may
    see both) reads them: at most one per rule. Two queries."""
    row = with_possible_duplicates(Case.objects.filter(pk=case.pk)).values(*DUPLICATE_FIELDS).first() or {}
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
