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

from accounts.models import Absence, Role, User
from accounts.working_days import WorkingCalendar, organisation_calendars
from patientportal.reference import LANGUAGE_CHOICES
from patientportal.regions import REGION_NAMES

from ..choices import CATEGORIES, CaseAction, CaseStatus, EventKind
from ..models import Case, CaseEvent
from ..permissions import CASES
from .staff import CASELOAD_STATUSES, _calendar_owner

__all__ = [
    "QUEUE_PAGE_SIZE",
    "Queue",
    "QueueFilters",
    "Suggestion",
    "assignment_suggestions",
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
    """One waiting request: ``QUEUE_ROW_FIELDS`` and ``days_left`` (working days until its
    first-contact deadline: 0 is today, negative is past it)."""

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

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def at_risk(self) -> bool:
        return self.days_left is not None and 0 <= self.days_left <= 1


def _waiting(user: User):
    """The cases waiting in ``user``'s queue: new, unassigned, theirs to assign."""
    return CASES.filter(user, CaseAction.ASSIGN).filter(status=CaseStatus.NEW, assigned_to__isnull=True)


def _calendars(user: User, places: set, today: datetime.date) -> dict[tuple[str, str], WorkingCalendar]:
    """A working-day calendar per (country, region), around today. One query (the closures)."""
    organisation = _calendar_owner(user)
    if organisation is None or not places:
        return {}
    return organisation_calendars(
        organisation=organisation,
        places=places,
        since=today - datetime.timedelta(days=366),
        until=today + datetime.timedelta(days=366),
    )


def _days_left(calendars: dict, place: tuple[str, str], today: datetime.date, due: datetime.date) -> int | None:
    calendar = calendars.get(place)
    if calendar is None or not calendar.since <= due <= calendar.until:
        return None
    return calendar.working_days_between(today, due)


class _QueuePage:
    """What the paginator pages: the count is known (the counts query gave it); a slice is one query."""

    ordered = True

    def __init__(self, rows, count: int, place):
        self._rows = rows
        self._count = count
        self._place = place

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: slice) -> list[QueueRow]:
        rows = [QueueRow(**row) for row in self._rows[index]]
        self._place(rows)
        return rows


def queue_for_user(*, user: User, filters: QueueFilters, page_number: Any = 1) -> Queue:
    """The requests waiting for an advocate in ``user``'s organisation: urgent first, then the
    longest waiting; with each one's first-contact deadline in working days and how much of it
    is left, and the counts at the top.

    Queries: 3 whatever the number of cases: the counts (with where and by when each waiting
    request must be contacted), the organisation's closures (working days), the page of rows.
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
    counts = waiting.aggregate(
        waiting=Count("pk"),
        urgent=Count("pk", filter=Q(is_urgent=True)),
        shown=Count("pk", filter=shown),
        deadlines=ArrayAgg(
            Concat("country", Value("|"), "region", Value("|"), Cast("first_contact_due", CharField())),
            default=Value([]),
        ),
    )
    deadlines = [entry.split("|") for entry in counts.pop("deadlines")]
    calendars = _calendars(user, {(country, region) for country, region, _due in deadlines}, today)
    left = [
        _days_left(calendars, (country, region), today, datetime.date.fromisoformat(due))
        for country, region, due in deadlines
    ]
    counts["overdue"] = sum(1 for days in left if days is not None and days < 0)
    counts["at_risk"] = sum(1 for days in left if days is not None and 0 <= days <= 1)

    rows = (
        waiting.filter(shown)
        .annotate(
            first_name=F("applicant__first_name"),
            for_self=F("intake__for_self"),
            person_name=F("intake__person_name"),
            language=F("intake__language"),
        )
        .order_by("-is_urgent", "submitted_at", "pk")
        .values(*QUEUE_ROW_FIELDS)
    )

    def place(page_rows: list[QueueRow]) -> None:
        for row in page_rows:
            row.days_left = _days_left(calendars, (row.country, row.region), today, row.first_contact_due)

    page = Paginator(_QueuePage(rows, counts.pop("shown"), place), QUEUE_PAGE_SIZE).get_page(page_number)
    return Queue(page=page, filters=filters, counts=counts)


def supervisor_counts(*, user: User) -> dict[str, int]:
    """The supervisor's start page: requests waiting, those at risk of missing the first-contact
    target or past it, and the team's overdue follow-ups. Queries: 3 (the queue's counts, the
    closures, the overdue follow-ups)."""
    queue = queue_for_user(user=user, filters=QueueFilters(), page_number=1)
    counts = dict(queue.counts)
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
    back_on: datetime.date | None
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


def _reasons(s: Suggestion, *, language_name: str, region_name: str, back_on_text: str) -> list[Reason]:
    reasons = []
    if s.absent:
        reasons.append(Reason(back_on_text, False))
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
                _("Has helped with these needs in %(count)s cases") % {"count": s.experience}
                if s.experience != 1
                else _("Has helped with these needs in 1 case"),
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


def assignment_suggestions(*, case: Case, language: str = "") -> list[Suggestion]:
    """The active advocates of ``case``'s organisation, best placed first, each with the reasons
    (the caller has checked the user may assign the case). ``language``: the client's, if given.

    Queries: 1 whatever the number of advocates and cases (each advocate with their open cases,
    their cases with any of these needs, whether they are away today and until when, and when
    they were last given a case, as subqueries).
    """
    today = timezone.localdate()
    needs = list(case.need_categories or [])
    theirs = Case.objects.filter(assigned_to=OuterRef("pk")).order_by().values("assigned_to")
    absence = Absence.objects.filter(advocate=OuterRef("pk"), starts_on__lte=today, ends_on__gte=today)
    advocates = (
        User.objects.filter(organisation_id=case.organisation_id, role=Role.ADVOCATE, is_active=True)
        .annotate(
            open_cases=Coalesce(
                Subquery(theirs.filter(status__in=CASELOAD_STATUSES).annotate(n=Count("pk")).values("n")),
                0,
                output_field=IntegerField(),
            ),
            experience=Coalesce(
                Subquery(theirs.filter(need_categories__overlap=needs).annotate(n=Count("pk")).values("n"))
                if needs
                else Value(0),
                0,
                output_field=IntegerField(),
            ),
            absent=Exists(absence),
            back_on=Subquery(absence.order_by("-ends_on").values("ends_on")[:1]),
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
            back_on=advocate.back_on,
            speaks_language=(language in advocate.languages) if language else None,
            covers_region=(case.region in advocate.regions) if case.region else None,
            expertise=[code for code in needs if code in advocate.expertise],
            experience=advocate.experience,
            last_assigned_at=advocate.last_assigned_at,
        )
        back = suggestion.back_on + datetime.timedelta(days=1) if suggestion.back_on else None
        suggestion.reasons = _reasons(
            suggestion,
            language_name=language_name,
            region_name=region_name,
            back_on_text=_("Away today, back on %(date)s") % {"date": date_format(back, "l j F") if back else "?"},
        )
        suggestions.append(suggestion)
    suggestions.sort(key=Suggestion.rank_key)
    return suggestions
