"""What staff read: an advocate's caseload, ordered by what needs doing next, and the case record.

Every read goes through ``cases.permissions.CASES``; query counts are stated per function and
proven by tests at two data sizes (``cases/tests/test_caseload.py``).
"""

from __future__ import annotations

import datetime
import functools
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.contrib.postgres.aggregates import ArrayAgg
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Case as DbCase
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from accounts.models import Organisation, User
from accounts.selectors import organisation_advocates, organisation_timezone
from accounts.working_days import organisation_calendars
from resources.models import Provider, Service

from .. import lifecycle
from ..choices import OPEN_STATUSES, AssessmentDomain, CaseAction, CaseStatus, EventKind, Visibility
from ..models import (
    Assessment,
    AssessmentRating,
    Case,
    ContactPreferences,
    FollowUp,
    Message,
    Need,
    Note,
    Referral,
)
from ..permissions import CASES
from .rows import Rows, build

__all__ = [
    "CASELOAD_PAGE_SIZE",
    "TIMELINE_FILTERS",
    "AssessmentComparison",
    "CaseMerged",
    "CaseRecord",
    "Caseload",
    "CaseloadFilters",
    "Slice",
    "case_advocates",
    "case_get_for_staff",
    "case_has_assessment",
    "case_moves_for_user",
    "case_record_for_user",
    "caseload_for_user",
]

#: Twenty cases a page: enough to plan a morning, few enough to read with a screen magnifier.
CASELOAD_PAGE_SIZE = 20

#: The statuses a caseload shows (open, and with an advocate).
CASELOAD_STATUSES = sorted(OPEN_STATUSES - {CaseStatus.NEW, CaseStatus.TRANSFERRED})

#: Rows in the order of what needs doing next: an overdue follow-up, then a first contact still
#: to make (earliest deadline first), then the next follow-up (cases with none last).
OVERDUE, FIRST_CONTACT, PLANNED = 0, 1, 2


@dataclass(frozen=True)
class CaseloadFilters:
    status: str = ""
    need: str = ""
    overdue: bool = False

    @property
    def active(self) -> bool:
        return bool(self.status or self.need or self.overdue)


@dataclass
class Caseload:
    page: Page
    filters: CaseloadFilters
    #: open, overdue, awaiting_first_contact, first_contact_at_risk, unread, waiting_too_long
    counts: dict[str, int] = field(default_factory=dict)


def _calendar_owner(user: User) -> Organisation | None:
    """The user's organisation as far as its working-day calendar needs it (its id and time
    zone), without a query: the time zone comes from the cache every staff page reads it from."""
    if not user.organisation_id:
        return None
    if "organisation" in user._state.fields_cache:
        return user.organisation
    zone = organisation_timezone(organisation_id=user.organisation_id)
    return Organisation(pk=user.organisation_id, timezone=zone)


def _first_contact_deadlines(organisation: Organisation | None, places: set, today: datetime.date) -> dict:
    """For each place with a case still to contact: the last date that is "by the next working
    day" on its calendar. One query (the organisation's closures), however many places."""
    if organisation is None:
        return {}
    calendars = organisation_calendars(organisation=organisation, places=places)
    return {place: calendar.add_working_days(today, 1) for place, calendar in calendars.items()}


#: What a row of My cases shows of a case (``cases/staff/caseload_row.html``).
CASELOAD_ROW_FIELDS = (
    "pk",
    "reference",
    "status",
    "is_urgent",
    "country",
    "region",
    "first_contact_at",
    "first_contact_due",
    "submitted_at",
    "next_follow_up_at",
    "next_follow_up_summary",
    "last_contact_at",
    "waiting_since",
    "has_unread",
    "need_categories",
    "first_name",
    "for_self",
    "person_name",
)


class CaseloadRow(SimpleNamespace):
    """One case of My cases: ``CASELOAD_ROW_FIELDS``, and the flags ``urgency``, ``at_risk``
    and ``waiting_too_long``."""

    @property
    def client_name(self) -> str:
        """The first name of the person the case is for (the client, or whom they care for)."""
        return self.first_name if self.for_self else self.person_name


class _CaseloadPage:
    """What the paginator pages: ``count()`` is known (the counts query gave it); a slice is one
    query. The slice's cases are chosen in a subquery that reads the cases table alone (ordered,
    then cut to the page), and only those few are joined to their client and intake: asked as
    one flat query, PostgreSQL would join every case of the caseload (it cannot tell how few
    they are) before sorting them."""

    #: Read by the paginator, which warns about unordered lists (the query is ordered).
    ordered = True

    def __init__(self, chosen: QuerySet[Case], rows: QuerySet, count: int, place: Callable[[CaseloadRow], None]):
        self._chosen = chosen
        self._rows = rows
        self._count = count
        self._place = place

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: slice) -> list[CaseloadRow]:
        cases = [CaseloadRow(**row) for row in self._rows.filter(pk__in=self._chosen.values("pk")[index])]
        for case in cases:
            self._place(case)
        # The same order as the subquery chose them in (``_caseload_order``).
        return sorted(cases, key=_caseload_order)


def _caseload_order(case: CaseloadRow) -> tuple:
    far = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    return (
        case.urgency,
        case.first_contact_due if case.urgency == FIRST_CONTACT else datetime.date.max,
        case.next_follow_up_at or far,
        case.submitted_at,
        case.pk,
    )


def caseload_for_user(*, user: User, filters: CaseloadFilters, page_number: Any = 1) -> Caseload:
    """The open cases ``user`` is responsible for, in the order of what needs doing next, one
    page of them, with the counts at the top.

    Queries: 3 whatever the number of cases: the counts (one aggregate, with where and by when
    the cases still to contact must be), the organisation's closures (working days; its time
    zone comes from the cache), and the page of cases
    (ordered and flagged in PostgreSQL, with the client, the intake and what the next follow-up
    says). No query reads every case's follow-ups, contacts, events or messages:
    the database keeps those facts on the case (``models/activity_triggers.py``).
    """
    now = timezone.now()
    today = timezone.localtime(now).date()
    waiting_limit = now - datetime.timedelta(days=settings.CASE_WAITING_ON_CLIENT_ALERT_DAYS)
    mine = CASES.filter(user, CaseAction.RESPONSIBLE).filter(status__in=CASELOAD_STATUSES)

    awaiting = Q(first_contact_at__isnull=True)
    overdue = Q(next_follow_up_at__lt=now)
    waiting_too_long = Q(status=CaseStatus.WAITING_ON_CLIENT, waiting_since__lt=waiting_limit)
    shown = Q()
    if filters.status:
        shown &= Q(status=filters.status)
    if filters.need:
        shown &= Q(need_categories__contains=[filters.need])
    if filters.overdue:
        shown &= overdue

    counts = mine.aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=overdue),
        awaiting_first_contact=Count("pk", filter=awaiting),
        unread=Count("pk", filter=Q(has_unread=True)),
        waiting_too_long=Count("pk", filter=waiting_too_long),
        shown=Count("pk", filter=shown),
        # Where and by when each case still to contact first must be: "at risk" is counted here,
        # on the working-day calendar of its place.
        to_contact=ArrayAgg(
            Concat("country", Value("|"), "region", Value("|"), Cast("first_contact_due", CharField())),
            filter=awaiting,
            default=Value([]),
        ),
    )
    to_contact = [entry.split("|") for entry in counts.pop("to_contact")]
    places = {(country, region) for country, region, _due in to_contact}
    deadlines = _first_contact_deadlines(_calendar_owner(user), places, today)
    counts["first_contact_at_risk"] = sum(
        (country, region) in deadlines and datetime.date.fromisoformat(due) <= deadlines[(country, region)]
        for country, region, due in to_contact
    )

    urgency = DbCase(
        When(overdue, then=Value(OVERDUE)), When(awaiting, then=Value(FIRST_CONTACT)), default=Value(PLANNED)
    )
    deadline_first = DbCase(When(~overdue & awaiting, then=F("first_contact_due")), default=Value(datetime.date.max))
    chosen = (
        mine.filter(shown)
        .annotate(urgency=urgency, deadline_first=deadline_first)
        .order_by("urgency", "deadline_first", F("next_follow_up_at").asc(nulls_last=True), "submitted_at", "pk")
    )
    # The page's rows as plain values (no model instances: a row of My cases only shows them).
    rows = Case.objects.annotate(
        first_name=F("applicant__first_name"),
        for_self=F("intake__for_self"),
        person_name=F("intake__person_name"),
        # What the next follow-up says (its time is ``next_follow_up_at``).
        next_follow_up_summary=Subquery(
            FollowUp.objects.filter(case=OuterRef("pk"), completed_at__isnull=True)
            .order_by("due_at", "id")
            .values("summary")[:1]
        ),
    ).values(*CASELOAD_ROW_FIELDS)

    def place(case: CaseloadRow) -> None:
        """The page's few cases flagged as the counts were (the same rules, in Python)."""
        awaiting_first = case.first_contact_at is None
        if case.next_follow_up_at is not None and case.next_follow_up_at < now:
            case.urgency = OVERDUE
        else:
            case.urgency = FIRST_CONTACT if awaiting_first else PLANNED
        due_by = deadlines.get((case.country, case.region))
        case.at_risk = awaiting_first and due_by is not None and case.first_contact_due <= due_by
        case.waiting_too_long = case.status == CaseStatus.WAITING_ON_CLIENT and bool(
            case.waiting_since and case.waiting_since < waiting_limit
        )

    page = Paginator(_CaseloadPage(chosen, rows, counts.pop("shown"), place), CASELOAD_PAGE_SIZE).get_page(page_number)
    return Caseload(page=page, filters=filters, counts=counts)


# --- the case record -----------------------------------------------------------------------

TIMELINE_PAGE_SIZE = 20

#: The timeline's filters: name -> the kinds of event it shows.
TIMELINE_FILTERS: dict[str, tuple[str, ...]] = {
    "contacts": (
        EventKind.CONTACT_LOGGED,
        EventKind.FOLLOW_UP_SCHEDULED,
        EventKind.FOLLOW_UP_RESCHEDULED,
        EventKind.FOLLOW_UP_COMPLETED,
    ),
    "messages": (EventKind.MESSAGE_SENT,),
    "status": (
        EventKind.SUBMITTED,
        EventKind.ASSIGNED,
        EventKind.REASSIGNED,
        EventKind.STATUS_CHANGED,
        EventKind.CLOSED,
        EventKind.REOPENED,
        EventKind.WITHDRAWN,
        EventKind.TRANSFERRED,
        EventKind.MERGED,
    ),
    "notes": (EventKind.NOTE_ADDED, EventKind.NOTE_EDITED),
    "assessment": (EventKind.ASSESSMENT_RECORDED,),
    "needs": (
        EventKind.NEED_ADDED,
        EventKind.NEED_UPDATED,
        EventKind.ADDED_TO,
        EventKind.REFERRAL_MADE,
        EventKind.REFERRAL_FEEDBACK,
        EventKind.REFERRAL_OUTCOME,
    ),
}


MESSAGES_PAGE_SIZE = 10
NOTES_PAGE_SIZE = 10
#: A page number past this is treated as the last sensible one (no scan of a huge offset).
MAX_PAGE = 1000


def _page_number(value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


#: Follow-ups done that the case page lists (the timeline has them all).
DONE_FOLLOW_UPS_SHOWN = 5


@dataclass
class Slice:
    """A page of a list that is not counted: whether there is another page after it is known by
    reading one row more (``more``). Pages the way a template asks a ``Page`` (``has_next`` ...)."""

    object_list: list
    number: int
    more: bool

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_next(self) -> bool:
        return self.more

    def has_previous(self) -> bool:
        return self.number > 1

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def _slice(rows: QuerySet, page_number: Any, size: int) -> Slice:
    """Page ``page_number`` of ``rows`` in one query: one row more than a page says whether there
    is another page after it, without counting them all."""
    number = _page_number(page_number)
    start = (number - 1) * size
    read = list(rows[start : start + size + 1])
    return Slice(object_list=read[:size], number=number, more=len(read) > size)


@dataclass
class AssessmentComparison:
    """The first needs assessment of a case beside the latest: each area's rating then and now."""

    first: Assessment
    latest: Assessment
    count: int
    #: (area, its rating in the first, in the latest); None where the area was not talked about.
    rows: list[tuple[AssessmentDomain, AssessmentRating | None, AssessmentRating | None]]
    #: What the organisation says to do after a positive depression screen, and the directory
    #: service it suggests (id and name), if any (``Organisation.wellbeing_guidance``).
    wellbeing_guidance: str = ""
    wellbeing_service_pk: Any = None
    wellbeing_service_name: str = ""

    @property
    def compared(self) -> bool:
        return self.first.pk != self.latest.pk


@dataclass
class CaseRecord:
    """Everything the case page shows."""

    case: Case
    contact: ContactPreferences | None
    needs: list[Need]
    open_follow_ups: list[FollowUp]
    done_follow_ups: list[FollowUp]
    referrals: list[Referral]
    #: A page of notes, newest first (``NOTES_PAGE_SIZE``).
    notes: Slice
    #: A page of the conversation, newest page first, each page oldest message first.
    messages: Slice
    timeline: Page
    timeline_filter: str
    assessment: AssessmentComparison | None = None


class CaseMerged(Exception):
    """The case asked for was joined into another (``case.merged_into_id``): its record lives
    there now."""

    def __init__(self, case: Case):
        super().__init__(case.reference)
        self.case = case


@dataclass(frozen=True)
class MergedFrom:
    """A case joined into the one shown: its events are on the timeline, labelled with these."""

    reference: str
    merged_at: datetime.datetime | None


@dataclass(frozen=True, slots=True)
class PersonName:
    """Someone a page names, and nothing else about them."""

    first_name: str
    last_name: str

    def get_full_name(self) -> str:  # as ``User.get_full_name``
        return f"{self.first_name} {self.last_name}".strip()

    def __str__(self) -> str:
        return self.get_full_name()


def _person(first_name: str | None, last_name: str | None) -> PersonName | None:
    return None if first_name is None else PersonName(first_name, last_name or "")


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """What the timeline shows of a ``CaseEvent`` (the same attribute names, for its partials);
    ``merged_from`` labels an event of a case joined into the one shown (None for its own)."""

    pk: int
    case_id: Any
    kind: str
    at: datetime.datetime
    to_status: str
    payload: Any
    visibility: str
    actor: PersonName | None
    advocate: PersonName | None
    merged_from: MergedFrom | None = None

    @property
    def visible_to_client(self) -> bool:
        return self.visibility == Visibility.CLIENT


def case_get_for_staff(*, user: User, case_id: Any, action: str = CaseAction.VIEW) -> Case:
    """A case ``user`` may ``action`` (one query); missing and "not yours" are the same 404."""
    return CASES.get(user, action, case_id, Case.objects.select_related("organisation", "assigned_to", "applicant"))


def case_advocates(*, case: Case) -> QuerySet[User]:
    """The advocates of the case's organisation who may own its follow-ups (one query)."""
    return organisation_advocates(organisation_id=case.organisation_id)


def case_has_assessment(*, case: Case) -> bool:
    """Whether a needs assessment was recorded on ``case`` (one query)."""
    return Assessment.objects.filter(case=case).exists()


def case_moves_for_user(*, user: User, case: Case) -> list[tuple[str, str]]:
    """The status moves ``user`` may make on ``case`` now, as (status, label) for a form: the
    lifecycle's moves from its status that need nothing but a status, that the policy allows."""
    labels = dict(CaseStatus.choices)
    return [
        (transition.target, labels[transition.target])
        for transition in lifecycle.TRANSITIONS
        if case.status in transition.sources
        and not transition.requires
        and transition.action != CaseAction.WITHDRAW
        and CASES.allows(user, transition.action, case)
    ]


def _names_of(relation: str) -> list[str]:
    """What a page shows of a person it names: their name (``get_full_name``)."""
    return [relation, f"{relation}__first_name", f"{relation}__last_name"]


#: The columns of a named person a page does not need (the password hash, preferences ...).
_USER_FIELDS_NOT_SHOWN = ("password", "last_login", "languages", "regions", "date_joined")


#: What the case page reads of the case: every column of its own but the figures kept for the
#: metrics (``Case.assessment_times`` and ``assessment_ratings``), its people's names, and what
#: the person asked for (how to contact them comes from ``ContactPreferences``). Fewer columns
#: to compile, read and decrypt.
_CASE_RECORD_FIELDS = (
    *(
        field.name
        for field in Case._meta.concrete_fields
        if field.name not in ("assessment_times", "assessment_ratings")
    ),
    *_names_of("assigned_to"),
    *_names_of("applicant"),
    "intake__for_self",
    "intake__person_name",
    "intake__relationship",
    "intake__description",
)


#: What the case page reads of the people it names: all but the password hash and preferences.
_PERSON = Rows(User, [f.name for f in User._meta.concrete_fields if f.name not in _USER_FIELDS_NOT_SHOWN])
_NAMES = Rows(User, ["id", "first_name", "last_name"])
_FOLLOW_UP = Rows(FollowUp)
_MESSAGE = Rows(Message, ["id", "sender", "body", "created_at", "read_at"])
_NOTE = Rows(Note)
_CONTACT = Rows(ContactPreferences)
_NEED = Rows(Need)
_REFERRAL = Rows(Referral, ["id", "need", "service", "created_at", "client_feedback", "outcome"])
_REFERRAL_NEED = Rows(Need, ["id", "category"])
_SERVICE = Rows(Service, ["id", "provider", "name"])
_PROVIDER = Rows(Provider, ["id", "name"])
_RATING = Rows(AssessmentRating, ["assessment", "domain", "level", "note"])


def _events_where(*, joined: bool, filtered: bool) -> str:
    """The timeline's rows: the case's events, and those of the cases joined into it (each join
    told once, by the event on this case); of the filter's kinds only, when one is chosen."""
    where = (
        "e.case_id = ANY(%(cases)s) AND NOT (e.kind = %(merged)s AND e.case_id <> %(case)s)"
        if joined
        else "e.case_id = %(case)s"
    )
    return f"{where} AND e.kind = ANY(%(kinds)s)" if filtered else where


def _timeline_sql(*, joined: bool, filtered: bool) -> str:
    """A page of the timeline, newest first, as JSON: each event with the names of who did it
    and of the advocate it is about (``TimelineEvent``'s fields, in its order)."""
    # Only constants and the models' column names are written into the SQL; values are parameters.
    return f"""
    SELECT json_agg(json_build_array(e.id, e.case_id, e.kind, e.at, e.to_status, e.payload, e.visibility,
                                     a.first_name, a.last_name, v.first_name, v.last_name)
                    ORDER BY e.at DESC, e.id DESC)
      FROM (SELECT * FROM cases_caseevent e WHERE {_events_where(joined=joined, filtered=filtered)}
             ORDER BY e.at DESC, e.id DESC LIMIT {TIMELINE_PAGE_SIZE} OFFSET %(timeline_offset)s) e
      LEFT JOIN accounts_user a ON a.id = e.actor_id
      LEFT JOIN accounts_user v ON v.id = e.advocate_id"""  # noqa: S608


@functools.cache
def _record_sql(*, joined: bool, filtered: bool) -> str:
    """The case page's lists in one statement (``cases.selectors.rows``): a row of JSON arrays,
    in ``_RecordRow``'s order. Written once per process for each kind of timeline."""
    person = _PERSON.columns
    # Only constants and the models' column names are written into the SQL; values are parameters.
    return f"""
    SELECT
     (SELECT json_agg(json_build_array({_FOLLOW_UP.columns("f")}, {person("o")}) ORDER BY f.due_at, f.id)
        FROM cases_followup f JOIN accounts_user o ON o.id = f.owner_id
       WHERE f.case_id = %(case)s
         AND (f.completed_at IS NULL OR f.id IN (
              SELECT d.id FROM cases_followup d WHERE d.case_id = %(case)s AND d.completed_at IS NOT NULL
               ORDER BY d.completed_at DESC, d.id DESC LIMIT {DONE_FOLLOW_UPS_SHOWN}))),
     (SELECT json_agg(json_build_array({_MESSAGE.columns("m")}, {_NAMES.columns("s")})
                      ORDER BY m.created_at DESC, m.id DESC)
        FROM (SELECT * FROM cases_message WHERE case_id = %(case)s ORDER BY created_at DESC, id DESC
               LIMIT {MESSAGES_PAGE_SIZE + 1} OFFSET %(messages_offset)s) m
        JOIN accounts_user s ON s.id = m.sender_id),
     (SELECT json_agg(json_build_array({_NOTE.columns("n")}, {person("u")}) ORDER BY n.created_at DESC, n.id DESC)
        FROM (SELECT * FROM cases_note WHERE case_id = %(case)s ORDER BY created_at DESC, id DESC
               LIMIT {NOTES_PAGE_SIZE + 1} OFFSET %(notes_offset)s) n
        JOIN accounts_user u ON u.id = n.author_id),
     (SELECT json_build_array({_CONTACT.columns("c")}) FROM cases_contactpreferences c
       WHERE c.case_id = %(case)s ORDER BY c.created_at DESC, c.id DESC LIMIT 1),
     (SELECT json_agg(json_build_array({_NEED.columns("n")}) ORDER BY n.created_at, n.id)
        FROM cases_need n WHERE n.case_id = %(case)s),
     (SELECT json_agg(json_build_array({_REFERRAL.columns("r")}, {_REFERRAL_NEED.columns("n")},
                                       {_SERVICE.columns("s")}, {_PROVIDER.columns("p")})
                      ORDER BY r.created_at DESC, r.id DESC)
        FROM cases_referral r LEFT JOIN cases_need n ON n.id = r.need_id
        JOIN resources_service s ON s.id = r.service_id LEFT JOIN resources_provider p ON p.id = s.provider_id
       WHERE r.case_id = %(case)s),
     (SELECT count(*) FROM cases_caseevent e WHERE {_events_where(joined=joined, filtered=filtered)}),
     ({_timeline_sql(joined=joined, filtered=filtered)}),
     (SELECT json_agg(json_build_array(a.id, a.assessed_at, a.phq2_interest, a.phq2_mood, u.first_name, u.last_name)
                      ORDER BY a.assessed_at, a.id)
        FROM cases_assessment a LEFT JOIN accounts_user u ON u.id = a.assessed_by_id WHERE a.case_id = %(case)s),
     (SELECT json_agg(json_build_array({_RATING.columns("r")})) FROM cases_assessmentrating r
       WHERE r.assessment_id IN (
             (SELECT id FROM cases_assessment WHERE case_id = %(case)s ORDER BY assessed_at, id LIMIT 1),
             (SELECT id FROM cases_assessment WHERE case_id = %(case)s ORDER BY assessed_at DESC, id DESC LIMIT 1))),
     (SELECT json_build_array(o.wellbeing_guidance, o.wellbeing_service_id, ws.name)
        FROM accounts_organisation o LEFT JOIN resources_service ws ON ws.id = o.wellbeing_service_id
       WHERE o.id = %(organisation)s)
    """  # noqa: S608


def _timeline_number(value: Any) -> int | None:
    """The timeline page asked for, as ``Paginator.get_page`` reads it: not a number is the
    first page; None: past the end or before the start, which is the last page."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return number if 1 <= number <= MAX_PAGE else None


def _timeline_event(values: list, merged_from: dict[str, MergedFrom]) -> TimelineEvent:
    (pk, case_id, kind, at, to_status, payload, visibility, actor_first, actor_last, advocate_first, advocate_last) = (
        values
    )
    return TimelineEvent(
        pk,
        uuid.UUID(case_id),
        kind,
        datetime.datetime.fromisoformat(at),
        to_status,
        payload,
        visibility,
        _person(actor_first, actor_last),
        _person(advocate_first, advocate_last),
        merged_from.get(case_id) if merged_from else None,
    )


def _page_of(rows: list, number: int, size: int) -> Slice:
    return Slice(object_list=rows[:size], number=number, more=len(rows) > size)


def _assessment_comparison(
    case: Case, assessments: list | None, ratings: list | None, wellbeing: list
) -> AssessmentComparison | None:
    """The first and the latest assessment beside each other, from the record's rows (every
    assessment, oldest first; the ratings of the first and the latest)."""
    if not assessments:
        return None
    first, latest = (
        Assessment(
            pk=pk,
            case=case,
            assessed_at=datetime.datetime.fromisoformat(at),
            phq2_interest=interest,
            phq2_mood=mood,
            assessed_by=User(first_name=first_name, last_name=last_name),
        )
        for pk, at, interest, mood, first_name, last_name in (assessments[0], assessments[-1])
    )
    by_area = {(r.assessment_id, r.domain): r for r in map(_RATING.build, ratings or ())}
    guidance, service_pk, service_name = wellbeing
    return AssessmentComparison(
        first=first,
        latest=latest,
        count=len(assessments),
        rows=[
            (domain, by_area.get((first.pk, domain.value)), by_area.get((latest.pk, domain.value)))
            for domain in AssessmentDomain
        ],
        wellbeing_guidance=guidance,
        wellbeing_service_pk=service_pk and uuid.UUID(service_pk),
        wellbeing_service_name=service_name or "",
    )


def case_record_for_user(
    *,
    user: User,
    case_id: Any,
    timeline_filter: str = "",
    timeline_page: Any = 1,
    messages_page: Any = 1,
    notes_page: Any = 1,
) -> CaseRecord:
    """One case with its whole story, for staff who may see it: everything about the person,
    the needs, open follow-ups and referrals; the conversation and the timeline a page at a time.

    The timeline holds the events of the case and of the cases joined into it (events are
    append-only: they stay where they were written), each of those labelled with the case it
    came from and when it was joined (``event.merged_from``). A case that was itself
    joined into another raises ``CaseMerged``: its record is the other case's now.

    Queries: 2 whatever the number of needs, follow-ups, referrals, notes, messages, assessments,
    events and joined cases: the case with its client, intake and advocate (through the access
    policy), then every list in one statement (``_record_sql``: the open follow-ups and the last
    few done, a page of the conversation, a page of notes, contact preferences, needs, referrals
    with their services, the timeline's count and page, the assessments with the ratings of the
    first and the latest and what the organisation says to do after a positive depression
    screen). One more when cases were joined into it (which ones), and one more for a timeline
    page past the end (the last page, as ``Paginator.get_page`` gives). The page adds the access
    record and the signed-in user's own.
    """
    case = CASES.get(
        user,
        CaseAction.VIEW,
        case_id,
        Case.objects.select_related("assigned_to", "applicant", "intake")
        .only(*_CASE_RECORD_FIELDS)
        .annotate(
            # Whether other cases were joined into it: only then are they read (rarely).
            joined=Exists(Case.objects.filter(merged_into=OuterRef("pk"))),
        ),
    )
    if case.merged_into_id is not None:
        raise CaseMerged(case)
    merged_from = (
        {
            str(pk): MergedFrom(reference=reference, merged_at=merged_at)
            for pk, reference, merged_at in Case.objects.filter(merged_into=case.pk).values_list(
                "pk", "reference", "closed_at"
            )
        }
        if case.joined
        else {}
    )
    if timeline_filter not in TIMELINE_FILTERS:
        timeline_filter = ""
    messages_number = _page_number(messages_page)
    notes_number = _page_number(notes_page)
    timeline_number = _timeline_number(timeline_page)
    shape = {"joined": bool(merged_from), "filtered": bool(timeline_filter)}
    params = {
        "case": case.pk,
        "cases": [case.pk, *(uuid.UUID(pk) for pk in merged_from)],
        "merged": EventKind.MERGED.value,
        "kinds": list(TIMELINE_FILTERS.get(timeline_filter, ())),
        "organisation": case.organisation_id,
        "messages_offset": (messages_number - 1) * MESSAGES_PAGE_SIZE,
        "notes_offset": (notes_number - 1) * NOTES_PAGE_SIZE,
        "timeline_offset": ((timeline_number or 1) - 1) * TIMELINE_PAGE_SIZE,
    }
    with connection.cursor() as cursor:
        cursor.execute(_record_sql(**shape), params)
        (
            follow_up_rows,
            message_rows,
            note_rows,
            contact_row,
            need_rows,
            referral_rows,
            event_count,
            event_rows,
            assessment_rows,
            rating_rows,
            wellbeing,
        ) = cursor.fetchone()
        paginator = Paginator((), TIMELINE_PAGE_SIZE)
        paginator.count = event_count  # counted in the statement (a cached property)
        if timeline_number is None or timeline_number > paginator.num_pages:
            # Past the end (or before the start): the last page, as Paginator.get_page does.
            timeline_number = paginator.num_pages
            cursor.execute(
                f"SELECT ({_timeline_sql(**shape)})",
                {**params, "timeline_offset": (timeline_number - 1) * TIMELINE_PAGE_SIZE},
            )
            (event_rows,) = cursor.fetchone()
    follow_ups = [build(row, _FOLLOW_UP, ("owner", _PERSON)) for row in follow_up_rows or ()]
    conversation = _page_of(
        [build(row, _MESSAGE, ("sender", _NAMES)) for row in message_rows or ()], messages_number, MESSAGES_PAGE_SIZE
    )
    conversation.object_list.reverse()  # each page oldest message first
    return CaseRecord(
        case=case,
        contact=contact_row and _CONTACT.build(contact_row),
        needs=[_NEED.build(row) for row in need_rows or ()],
        open_follow_ups=[f for f in follow_ups if f.completed_at is None],
        done_follow_ups=sorted(
            (f for f in follow_ups if f.completed_at is not None),
            key=lambda f: (f.completed_at, f.pk),
            reverse=True,
        ),
        referrals=[
            build(row, _REFERRAL, ("need", _REFERRAL_NEED), ("service", _SERVICE), ("service.provider", _PROVIDER))
            for row in referral_rows or ()
        ],
        notes=_page_of(
            [build(row, _NOTE, ("author", _PERSON)) for row in note_rows or ()], notes_number, NOTES_PAGE_SIZE
        ),
        messages=conversation,
        timeline=Page([_timeline_event(row, merged_from) for row in event_rows or ()], timeline_number, paginator),
        timeline_filter=timeline_filter,
        assessment=_assessment_comparison(case, assessment_rows, rating_rows, wellbeing),
    )
