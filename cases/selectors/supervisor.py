"""What supervisors read: the queue of new requests, and who is best placed to take one.

Every read goes through ``cases.permissions.CASES`` (the queue is the cases a user may
``assign``); query counts are stated per function and proven by tests at two data sizes
(``cases/tests/test_queue.py``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.contrib.postgres.aggregates import ArrayAgg
from django.core.paginator import Page, Paginator
from django.db.models import CharField, Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Absence, User
from accounts.selectors import organisation_advocates
from accounts.working_days import MAX_SPAN, organisation_calendars
from patientportal.reference import LANGUAGE_CHOICES
from patientportal.regions import REGION_NAMES

from ..choices import CATEGORIES, CaseAction, EventKind
from ..lifecycle import WAITING_STATUSES
from ..models import Case, CaseEvent
from ..permissions import CASES
from .duplicates import DUPLICATE_FIELDS, PossibleDuplicate, possible_duplicate_of_row, with_possible_duplicates
from .staff import CASELOAD_STATUSES, _calendar_owner

__all__ = [
    "QUEUE_PAGE_SIZE",
    "Queue",
    "QueueFilters",
    "Suggestion",
    "assignment_suggestions",
    "open_cases_count",
    "queue_for_user",
    "supervisor_counts",
]

#: Twenty requests a page, as on My cases.
QUEUE_PAGE_SIZE = 20

_LANGUAGE_NAMES = dict(LANGUAGE_CHOICES)


@dataclass(frozen=True)
class QueueFilters:
    need: str = ""
    region: str = ""
    language: str = ""

    @property
    def active(self) -> bool:
        return bool(self.need or self.region or self.language)


@dataclass
class Queue:
    page: Page
    filters: QueueFilters
    #: waiting, urgent, at_risk (first contact due by the next working day), overdue (past it), shown
    counts: dict[str, int] = field(default_factory=dict)


#: What a row of the queue shows of a case (``cases/supervisor/queue_row.html``).
QUEUE_ROW_FIELDS = (
    "pk",
    "reference",
    "version",
    "is_urgent",
    "country",
    "region",
    "submitted_at",
    "first_contact_due",
    "need_categories",
    "first_name",
    "for_self",
    "person_name",
    "language",
)


class QueueRow(SimpleNamespace):
    """One waiting request: ``QUEUE_ROW_FIELDS``; ``overdue`` (its first-contact deadline has
    passed), ``at_risk`` (it falls by the next working day), and ``days_left`` (working days
    until the deadline, negative once past; None when outside the calendar); ``duplicate``, why it
    looks like the same person as another case (``duplicates.DUPLICATE_FIELDS``), if it does."""

    @property
    def duplicate(self) -> PossibleDuplicate | None:
        return possible_duplicate_of_row(self)

    @property
    def client_name(self) -> str:
        return self.first_name if self.for_self else self.person_name

    @property
    def language_name(self) -> str:
        return str(_LANGUAGE_NAMES.get(self.language, "")) if self.language else ""

    @property
    def region_name(self) -> str:
        return REGION_NAMES.get(self.region, self.region)

    @property
    def days_past(self) -> int:
        """Working days since the deadline passed (0 when it has not)."""
        return max(-(self.days_left or 0), 0)


def _waiting(user: User):
    """The cases waiting in ``user``'s queue, theirs to assign, without an advocate: new, or
    passed on by another society."""
    return CASES.filter(user, CaseAction.ASSIGN).filter(status__in=sorted(WAITING_STATUSES), assigned_to__isnull=True)


class _QueuePage:
    """What the paginator pages: the count is known (the counts query gave it); a slice is one
    query, then ``place`` is given the page's rows at once."""

    ordered = True

    def __init__(self, chosen, rows, count: int, place):
        self._chosen = chosen
        self._rows = rows
        self._count = count
        self._place = place

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: slice) -> list[QueueRow]:
        # The page's cases are chosen from the cases table alone (in the queue's index order),
        # then only those few are joined to their client and intake.
        chosen = self._chosen.values("pk")[index]
        rows = [
            QueueRow(**row) for row in self._rows.filter(pk__in=chosen).values(*QUEUE_ROW_FIELDS, *DUPLICATE_FIELDS)
        ]
        rows.sort(key=lambda row: (not row.is_urgent, row.submitted_at, row.pk))
        self._place(rows)
        return rows


#: How far ahead "by the next working day" can reach (a long holiday weekend): deadlines up to
#: this many days away are read with their place, to be checked on its calendar.
_NEXT_WORKING_DAY_REACH = datetime.timedelta(days=14)


def _queue_counts(waiting, shown: Q, today: datetime.date) -> tuple[dict[str, int], list[list[str]], int]:
    """The queue's counts (but "at risk", which needs the calendars), the deadlines of the next
    days with their places ([country, region, date]), and how many the filters show. One query."""
    soon = Q(first_contact_due__gte=today, first_contact_due__lte=today + _NEXT_WORKING_DAY_REACH)
    counts = waiting.aggregate(
        waiting=Count("*"),
        urgent=Count("pk", filter=Q(is_urgent=True)),
        overdue=Count("pk", filter=Q(first_contact_due__lt=today)),
        shown=Count("pk", filter=shown),
        soon=ArrayAgg(
            Concat("country", Value("|"), "region", Value("|"), Cast("first_contact_due", CharField())),
            filter=soon,
            default=Value([]),
        ),
    )
    due_soon = [entry.split("|") for entry in counts.pop("soon")]
    return counts, due_soon, counts.pop("shown")


def _calendars(user: User, places: set, since: datetime.date, today: datetime.date) -> dict:
    """The working-day calendars of ``places`` from ``since`` (at most half the longest span
    back) to well after today. One query (the organisation's closures); none without places."""
    organisation = _calendar_owner(user)
    if organisation is None or not places:
        return {}
    since = max(since, today - MAX_SPAN / 2)
    return organisation_calendars(organisation=organisation, places=places, since=since, until=today + MAX_SPAN / 2)


def _by_next_working_day(calendars: dict, today: datetime.date) -> dict:
    """The last date that is "by the next working day", per place."""
    return {where: calendar.add_working_days(today, 1) for where, calendar in calendars.items()}


def _at_risk(due_soon: list[list[str]], calendars: dict, today: datetime.date) -> int:
    by_next = _by_next_working_day(calendars, today)
    return sum(
        1
        for country, region, due in due_soon
        if datetime.date.fromisoformat(due) <= by_next.get((country, region), today)
    )


def queue_for_user(*, user: User, filters: QueueFilters, page_number: Any = 1) -> Queue:
    """The requests waiting for an advocate in ``user``'s organisation: urgent first, then the
    longest waiting; with each one's first-contact deadline in working days and how much of it
    is left, and the counts at the top.

    A deadline is past once its date is; it is at risk when it falls by the next working day of
    the client's place (as on My cases).

    Queries: 3 whatever the number of cases: the counts (one aggregate, with where and when the
    deadlines of the next few days fall), the page of rows (chosen in the queue's index, each
    with its possible duplicate: three subqueries of the same query, on indexes, see
    ``duplicates.with_possible_duplicates``), the organisation's closures (the working-day
    calendars of the places on the page and in the counts).
    """
    today = timezone.localdate()
    waiting = _waiting(user)
    shown = Q()
    if filters.need:
        shown &= Q(need_categories__contains=[filters.need])
    if filters.region:
        shown &= Q(region=filters.region)
    if filters.language:
        shown &= Q(intake__language=filters.language)
    counts, due_soon, shown_count = _queue_counts(waiting, shown, today)

    order = ("-is_urgent", "submitted_at", "pk")
    rows = with_possible_duplicates(
        Case.objects.annotate(
            first_name=F("applicant__first_name"),
            for_self=F("intake__for_self"),
            person_name=F("intake__person_name"),
            language=F("intake__language"),
        )
    )

    def place(page_rows: list[QueueRow]) -> None:
        """The page's deadlines, and the count at risk, on the calendars of their places."""
        places = {(country, region) for country, region, _due in due_soon}
        places |= {(row.country, row.region) for row in page_rows}
        since = min([today, *(row.first_contact_due for row in page_rows)])
        calendars = _calendars(user, places, since, today)
        by_next = _by_next_working_day(calendars, today)
        counts["at_risk"] = _at_risk(due_soon, calendars, today)
        for row in page_rows:
            where = (row.country, row.region)
            row.overdue = row.first_contact_due < today
            row.at_risk = not row.overdue and row.first_contact_due <= by_next.get(where, today)
            calendar = calendars.get(where)
            inside = calendar is not None and calendar.since <= row.first_contact_due <= calendar.until
            row.days_left = calendar.working_days_between(today, row.first_contact_due) if inside else None

    chosen = waiting.filter(shown).order_by(*order)
    page = Paginator(_QueuePage(chosen, rows, shown_count, place), QUEUE_PAGE_SIZE).get_page(page_number)
    if not page.object_list:  # an empty page: the counts still need the calendars
        place([])
    return Queue(page=page, filters=filters, counts=counts)


def supervisor_counts(*, user: User) -> dict[str, int]:
    """The supervisor's start page: requests waiting, those at risk of missing the first-contact
    target or past it, and the team's overdue follow-ups. Queries: 3 whatever the number of cases
    (the queue's counts, the closures for the calendars of the deadlines due in the next days,
    the overdue follow-ups); 2 when no deadline is near."""
    today = timezone.localdate()
    counts, due_soon, _shown = _queue_counts(_waiting(user), Q(), today)
    calendars = _calendars(user, {(country, region) for country, region, _due in due_soon}, today, today)
    counts["at_risk"] = _at_risk(due_soon, calendars, today)
    counts["overdue_follow_ups"] = (
        CASES.filter(user, CaseAction.SUPERVISE)
        .filter(next_follow_up_at__lt=timezone.now(), status__in=CASELOAD_STATUSES)
        .count()
    )
    return counts


# --- who should take a case ------------------------------------------------------------------


@dataclass
class Reason:
    text: str
    #: True: counts for them; False: counts against them.
    good: bool


@dataclass
class Suggestion:
    """One advocate for one case, with why they are placed where they are."""

    advocate: User
    open_cases: int
    capacity: int
    absent: bool
    #: The last day of today's absence (they are back the working day after).
    away_until: datetime.date | None
    speaks_language: bool | None
    covers_region: bool | None
    expertise: list[str]
    experience: int
    last_assigned_at: datetime.datetime | None
    reasons: list[Reason] = field(default_factory=list)

    @property
    def has_room(self) -> bool:
        return self.open_cases < self.capacity

    @property
    def available(self) -> bool:
        """May be given a case automatically: here today and under capacity."""
        return not self.absent and self.has_room

    @property
    def load(self) -> float:
        return self.open_cases / self.capacity

    def rank_key(self) -> tuple:
        """Best first: here today, with room; then speaking the client's language, covering
        their region, knowing more of their needs (the expertise the supervisor recorded), having
        helped with them before; among equals the least loaded (open cases against capacity),
        then whoever has waited longest since they were last given a case."""
        oldest = datetime.datetime.min.replace(tzinfo=datetime.UTC)
        return (
            self.absent,
            not self.has_room,
            self.speaks_language is False,
            self.covers_region is False,
            -len(self.expertise),
            -min(self.experience, 1),
            self.load,
            self.last_assigned_at or oldest,
            self.advocate.get_full_name(),
        )


def _reasons(s: Suggestion, *, language_name: str, region_name: str, away_text: str) -> list[Reason]:
    reasons = []
    if s.absent:
        reasons.append(Reason(away_text, False))
    if s.speaks_language is not None:
        if s.speaks_language:
            reasons.append(Reason(_("Speaks %(language)s") % {"language": language_name}, True))
        else:
            reasons.append(Reason(_("Does not speak %(language)s") % {"language": language_name}, False))
    if s.covers_region is not None:
        if s.covers_region:
            reasons.append(Reason(_("Covers %(region)s") % {"region": region_name}, True))
        else:
            reasons.append(Reason(_("Does not cover %(region)s") % {"region": region_name}, False))
    if s.expertise:
        names = ", ".join(str(CATEGORIES[code][0]).lower() for code in s.expertise if code in CATEGORIES)
        reasons.append(Reason(_("Knows %(needs)s") % {"needs": names}, True))
    if s.experience:
        reasons.append(
            Reason(
                ngettext(
                    "Helping %(count)s client with these needs now",
                    "Helping %(count)s clients with these needs now",
                    s.experience,
                )
                % {"count": s.experience},
                True,
            )
        )
    reasons.append(
        Reason(
            _("%(open)s open cases of %(capacity)s") % {"open": s.open_cases, "capacity": s.capacity},
            s.has_room,
        )
    )
    return reasons


def open_cases_count() -> Coalesce:
    """How many open cases the advocate of the outer query (a query of users) carries, as a
    subquery read from the index of cases by advocate and status alone."""
    return Coalesce(
        Subquery(
            Case.objects.filter(assigned_to=OuterRef("pk"), status__in=CASELOAD_STATUSES)
            .order_by()
            .values("assigned_to")
            .annotate(n=Count("*"))
            .values("n")
        ),
        0,
        output_field=IntegerField(),
    )


def assignment_suggestions(*, case: Case, language: str = "") -> list[Suggestion]:
    """The active advocates of ``case``'s organisation, best placed first, each with the reasons
    (the caller has checked the user may assign the case). ``language``: the client's, if given.

    "Experience with these needs" is the expertise the supervisor recorded for them (the Team
    page) and how many of their open cases share a need with this one.

    Queries: 1 whatever the number of advocates and cases (each advocate with their open cases,
    those with any of these needs, whether they are away today and until when, and when they
    were last given a case, as subqueries on indexes).
    """
    today = timezone.localdate()
    needs = list(case.need_categories or [])
    theirs = Case.objects.filter(assigned_to=OuterRef("pk")).order_by().values("assigned_to")
    absence = Absence.objects.filter(advocate=OuterRef("pk"), starts_on__lte=today, ends_on__gte=today)
    advocates = (
        organisation_advocates(organisation_id=case.organisation_id)
        .annotate(
            open_cases=open_cases_count(),
            # Their open cases with any of these needs: helping with them now. Both counts read
            # only the index of open cases by advocate (``case_advocate_open``), not the cases.
            experience=Coalesce(
                Subquery(
                    theirs.filter(status__in=CASELOAD_STATUSES, need_categories__overlap=needs)
                    .annotate(n=Count("*"))
                    .values("n")
                )
                if needs
                else Value(0),
                0,
                output_field=IntegerField(),
            ),
            absent=Exists(absence),
            away_until=Subquery(absence.order_by("-ends_on").values("ends_on")[:1]),
            last_assigned_at=Subquery(
                CaseEvent.objects.filter(advocate=OuterRef("pk"), kind__in=[EventKind.ASSIGNED, EventKind.REASSIGNED])
                .order_by("-at")
                .values("at")[:1]
            ),
        )
        .only("pk", "first_name", "last_name", "languages", "regions", "expertise", "capacity", "organisation_id")
    )
    region_name = REGION_NAMES.get(case.region, case.region)
    language_name = str(_LANGUAGE_NAMES.get(language, language))
    suggestions = []
    for advocate in advocates:
        suggestion = Suggestion(
            advocate=advocate,
            open_cases=advocate.open_cases,
            capacity=advocate.capacity,
            absent=advocate.absent,
            away_until=advocate.away_until,
            speaks_language=(language in advocate.languages) if language else None,
            covers_region=(case.region in advocate.regions) if case.region else None,
            expertise=[code for code in needs if code in advocate.expertise],
            experience=advocate.experience,
            last_assigned_at=advocate.last_assigned_at,
        )
        suggestion.reasons = _reasons(
            suggestion,
            language_name=language_name,
            region_name=region_name,
            away_text=_("Away today, until %(date)s")
            % {"date": date_format(suggestion.away_until, "l j F") if suggestion.away_until else "?"},
        )
        suggestions.append(suggestion)
    suggestions.sort(key=Suggestion.rank_key)
    return suggestions
