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

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Absence, User
from accounts.selectors import organisation_advocates
from accounts.working_days import MAX_SPAN, organisation_calendars
from patientportal.reference import LANGUAGE_CHOICES
from patientportal.regions import region_label
from patientportal.templatetags.dates import date
from patientportal.text import in_sentence

from ..choices import CATEGORIES, CaseAction, EventKind
from ..lifecycle import WAITING_STATUSES
from ..models import Case, CaseEvent
from ..permissions import CASES
from .duplicates import PossibleDuplicate, possible_duplicate_columns, possible_duplicate_of_row
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


#: What a row of the queue shows of a case (``cases.queue_html``): each field, and its column in
#: ``_page_rows``'s query (``c`` the case, ``u`` its applicant, ``i`` its intake).
QUEUE_ROW_COLUMNS = {
    "pk": "c.id",
    "reference": "c.reference",
    "version": "c.version",
    "is_urgent": "c.is_urgent",
    "country": "c.country",
    "region": "c.region",
    "submitted_at": "c.submitted_at",
    "first_contact_due": "c.first_contact_due",
    "need_categories": "c.need_categories",
    "first_name": "u.first_name",
    "for_self": "i.for_self",
    "person_name": "i.person_name",
    "language": "i.language",
}


class QueueRow(SimpleNamespace):
    """One waiting request: ``QUEUE_ROW_COLUMNS``; ``overdue`` (its first-contact deadline has
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
        return str(region_label(self.region))

    @property
    def days_past(self) -> int:
        """Working days since the deadline passed (0 when it has not)."""
        return max(-(self.days_left or 0), 0)


def _waiting(user: User):
    """The cases waiting in ``user``'s queue, theirs to assign, without an advocate: new, or
    passed on by another society."""
    return CASES.filter(user, CaseAction.ASSIGN).filter(status__in=sorted(WAITING_STATUSES), assigned_to__isnull=True)


def _page_rows(chosen: QuerySet[Case]) -> list[QueueRow]:
    """The rows of the cases ``chosen`` (a query of their ids), urgent first, then the longest
    waiting, each with its possible duplicate. One query: the cases are chosen from the cases
    table alone (in the queue's index order), then only those few are joined to their client and
    intake. Written in SQL, as their duplicates are (``duplicates.possible_duplicate_columns``)."""
    try:
        chosen_sql, chosen_params = chosen.query.sql_with_params()
    except EmptyResultSet:  # an empty page of an empty queue
        return []
    duplicates, duplicate_params = possible_duplicate_columns(case="c", applicant="u", intake="i")
    columns = ", ".join(f"{column} AS {name}" for name, column in QUEUE_ROW_COLUMNS.items())
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns}, {duplicates} FROM cases_case c"  # noqa: S608 - input only in the parameters
            " JOIN accounts_user u ON u.id = c.applicant_id LEFT JOIN cases_caseintake i ON i.case_id = c.id"
            f" WHERE c.id IN ({chosen_sql}) ORDER BY c.is_urgent DESC, c.submitted_at, c.id",
            [*duplicate_params, *chosen_params],
        )
        names = [column.name for column in cursor.description]
        return [QueueRow(**dict(zip(names, row, strict=True))) for row in cursor.fetchall()]


class _QueuePage:
    """What the paginator pages: the count is known (the counts query gave it); a slice is one
    query (``_page_rows``), then ``place`` is given the page's rows at once."""

    ordered = True

    def __init__(self, chosen: QuerySet[Case], count: int, place):
        self._chosen = chosen
        self._count = count
        self._place = place

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: slice) -> list[QueueRow]:
        rows = _page_rows(self._chosen.values("pk")[index])
        self._place(rows)
        return rows


#: How far ahead "by the next working day" can reach (a long holiday weekend): deadlines up to
#: this many days away are read with their place, to be checked on its calendar.
_NEXT_WORKING_DAY_REACH = datetime.timedelta(days=14)


def _queue_counts(
    waiting: QuerySet[Case], shown: Q, today: datetime.date
) -> tuple[dict[str, int], list[list[str]], int]:
    """The queue's counts (but "at risk", which needs the calendars), the deadlines of the next
    days with their places ([country, region, date]), and how many the filters show. One query:
    an aggregate of the waiting cases' columns that the queue's index holds (without filters, an
    index-only scan), in SQL as the page's rows are: the ORM took longer to build it than
    PostgreSQL to run it."""
    columns = ["is_urgent", "first_contact_due", "country", "region"]
    if shown:
        waiting = waiting.annotate(shown=ExpressionWrapper(shown, output_field=BooleanField()))
        columns.append("shown")
    try:
        cases_sql, cases_params = waiting.order_by().values(*columns).query.sql_with_params()
    except EmptyResultSet:  # nothing this user may assign
        return {"waiting": 0, "urgent": 0, "overdue": 0}, [], 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE is_urgent),"  # noqa: S608 - input only in the parameters
            " count(*) FILTER (WHERE first_contact_due < %s),"
            f" count(*) FILTER (WHERE {'shown' if shown else 'true'}),"
            " array_agg(concat_ws('|', country, region, first_contact_due))"
            " FILTER (WHERE first_contact_due BETWEEN %s AND %s)"
            f" FROM ({cases_sql}) waiting",
            [today, today, today + _NEXT_WORKING_DAY_REACH, *cases_params],
        )
        count, urgent, overdue, shown_count, soon = cursor.fetchone()
    due_soon = [entry.split("|") for entry in soon or []]
    return {"waiting": count, "urgent": urgent, "overdue": overdue}, due_soon, shown_count


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
    ``duplicates.possible_duplicate_columns``), the organisation's closures (the working-day
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

    chosen = waiting.filter(shown).order_by("-is_urgent", "submitted_at", "pk")
    page = Paginator(_QueuePage(chosen, shown_count, place), QUEUE_PAGE_SIZE).get_page(page_number)
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


class _Wording:
    """The words of the reasons given for one request, translated once for all the advocates
    (a society can have a hundred: translating every reason for each was a fifth of the page's time)."""

    def __init__(self, *, language_name: str, region_name: str):
        self.speaks = _("Speaks %(language)s") % {"language": language_name}
        self.does_not_speak = _("Does not speak %(language)s") % {"language": language_name}
        self.covers = _("Covers %(region)s") % {"region": region_name}
        self.does_not_cover = _("Does not cover %(region)s") % {"region": region_name}
        self.knows = _("Knows %(needs)s")
        self.open_cases = _("%(open)s open cases of %(capacity)s")
        self.away = _("Away today, until %(date)s")
        self._need_names: dict[str, str] = {}
        self._helping: dict[int, str] = {}

    def need_name(self, code: str) -> str:
        if code not in self._need_names:
            self._need_names[code] = in_sentence(CATEGORIES[code][0])
        return self._need_names[code]

    def helping(self, count: int) -> str:
        if count not in self._helping:
            self._helping[count] = ngettext(
                "Helping %(count)s client with these needs now",
                "Helping %(count)s clients with these needs now",
                count,
            ) % {"count": count}
        return self._helping[count]


def _reasons(s: Suggestion, words: _Wording) -> list[Reason]:
    reasons = []
    if s.absent:
        away_until = date(s.away_until, "WEEKDAY_MONTH_DAY_FORMAT") if s.away_until else "?"
        reasons.append(Reason(words.away % {"date": away_until}, False))
    if s.speaks_language is not None:
        reasons.append(Reason(words.speaks, True) if s.speaks_language else Reason(words.does_not_speak, False))
    if s.covers_region is not None:
        reasons.append(Reason(words.covers, True) if s.covers_region else Reason(words.does_not_cover, False))
    if s.expertise:
        names = ", ".join(words.need_name(code) for code in s.expertise if code in CATEGORIES)
        reasons.append(Reason(words.knows % {"needs": names}, True))
    if s.experience:
        reasons.append(Reason(words.helping(s.experience), True))
    reasons.append(Reason(words.open_cases % {"open": s.open_cases, "capacity": s.capacity}, s.has_room))
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
    words = _Wording(
        language_name=str(_LANGUAGE_NAMES.get(language, language)),
        region_name=str(region_label(case.region)),
    )
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
        suggestion.reasons = _reasons(suggestion, words)
        suggestions.append(suggestion)
    suggestions.sort(key=Suggestion.rank_key)
    return suggestions
