"""What staff read: an advocate's caseload, ordered by what needs doing next, and the case record.

Every read goes through ``cases.permissions.CASES``; query counts are stated per function and
proven by tests at two data sizes (``cases/tests/test_caseload.py``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.contrib.postgres.aggregates import ArrayAgg
from django.core.paginator import Page, Paginator
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

from .. import lifecycle
from ..choices import OPEN_STATUSES, AssessmentDomain, CaseAction, CaseStatus, EventKind, Visibility
from ..models import (
    Assessment,
    AssessmentRating,
    Case,
    CaseEvent,
    ContactPreferences,
    FollowUp,
    Message,
    Need,
    Note,
    Referral,
)
from ..permissions import CASES

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


#: The columns of a timeline row, in ``TimelineEvent``'s order (the names of who did it and of
#: the advocate it is about, as two columns each). Read as plain rows: fifty model instances
#: and a hundred of their people cost more to build than the page's rendering of them.
_TIMELINE_COLUMNS = (
    "pk",
    "case_id",
    "kind",
    "at",
    "to_status",
    "payload",
    "visibility",
    "actor__first_name",
    "actor__last_name",
    "advocate__first_name",
    "advocate__last_name",
)


def _timeline_page(events: QuerySet, number: Any, merged_from: dict[str, MergedFrom]) -> Page:
    """A page of the timeline (its count and its rows: two queries), each event from a case
    joined into this one labelled with that case (``event.merged_from``; None for its own)."""
    page = Paginator(events, TIMELINE_PAGE_SIZE).get_page(number)
    page.object_list = [
        TimelineEvent(
            pk,
            case_id,
            kind,
            at,
            to_status,
            payload,
            visibility,
            _person(actor_first, actor_last),
            _person(advocate_first, advocate_last),
            merged_from.get(str(case_id)) if merged_from else None,
        )
        for (
            pk,
            case_id,
            kind,
            at,
            to_status,
            payload,
            visibility,
            actor_first,
            actor_last,
            advocate_first,
            advocate_last,
        ) in page.object_list
    ]
    return page


def case_get_for_staff(*, user: User, case_id: Any, action: str = CaseAction.VIEW) -> Case:
    """A case ``user`` may ``action`` (one query); missing and "not yours" are the same 404."""
    return CASES.get(user, action, case_id, Case.objects.select_related("organisation", "assigned_to", "applicant"))


def case_advocates(*, case: Case) -> QuerySet[User]:
    """The advocates of the case's organisation who may own its follow-ups (one query)."""
    return organisation_advocates(organisation_id=case.organisation_id)


def case_has_assessment(*, case: Case) -> bool:
    """Whether a needs assessment was recorded on ``case`` (one query)."""
    return Assessment.objects.filter(case=case).exists()


def _assessment_comparison(case: Case) -> AssessmentComparison | None:
    """The first and the latest assessment with their ratings, how many there were, and what the
    organisation says to do after a positive depression screen: two plain queries whatever the
    number of assessments (the case's assessments, a row each; the ratings of the first and the
    latest), one when there is none."""
    assessments = list(
        Assessment.objects.filter(case_id=case.pk)
        .order_by("assessed_at", "id")
        .values_list(
            "pk",
            "assessed_at",
            "phq2_interest",
            "phq2_mood",
            "assessed_by__first_name",
            "assessed_by__last_name",
            # What the organisation says to do after a positive screen (the same on each row).
            "case__organisation__wellbeing_guidance",
            "case__organisation__wellbeing_service_id",
            "case__organisation__wellbeing_service__name",
        )
    )
    if not assessments:
        return None
    first, latest = (
        Assessment(
            pk=pk,
            case=case,
            assessed_at=at,
            phq2_interest=interest,
            phq2_mood=mood,
            assessed_by=User(first_name=first_name, last_name=last_name),
        )
        for pk, at, interest, mood, first_name, last_name, *_wellbeing in (assessments[0], assessments[-1])
    )
    guidance, service_pk, service_name = assessments[0][-3:]
    ratings = {
        (assessment_id, domain): AssessmentRating(assessment_id=assessment_id, domain=domain, level=level, note=note)
        for assessment_id, domain, level, note in AssessmentRating.objects.filter(
            assessment_id__in={first.pk, latest.pk}
        ).values_list("assessment_id", "domain", "level", "note")
    }
    return AssessmentComparison(
        first=first,
        latest=latest,
        count=len(assessments),
        rows=[
            (domain, ratings.get((first.pk, domain.value)), ratings.get((latest.pk, domain.value)))
            for domain in AssessmentDomain
        ],
        wellbeing_guidance=guidance,
        wellbeing_service_pk=service_pk,
        wellbeing_service_name=service_name or "",
    )


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


def _other_user_fields(relation: str) -> list[str]:
    """The columns of a named person a page does not need (the password hash, preferences ...)."""
    return [f"{relation}__{name}" for name in ("password", "last_login", "languages", "regions", "date_joined")]


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

    Queries: 11 whatever the number of needs, follow-ups, referrals, notes, messages, assessments,
    events and joined cases (the case with its client, intake and advocate; the cases joined into
    it, only if there are any: one more query then; needs; the open follow-ups and the last few
    done; referrals with their services; a page of notes; a page of the conversation; contact
    preferences; the assessments, with what the organisation says to do after a positive
    depression screen, and the ratings of the first and the latest (not asked when there is no
    assessment); the timeline's count and page). The page adds the access record and the
    signed-in user's own.
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
    # Each list read by its own query on the case's id, rather than through prefetch_related:
    # the same queries, without the prefetch machinery's work (a third of building the record).
    follow_up_rows = list(
        # The case's id outside the OR, so that PostgreSQL reads the case's follow-ups by their
        # index rather than every follow-up (an OR with a subquery cannot use the index).
        FollowUp.objects.filter(
            Q(completed_at__isnull=True)
            # ... and the last few done, in the same query.
            | Q(
                pk__in=FollowUp.objects.filter(case_id=case.pk, completed_at__isnull=False)
                .order_by("-completed_at", "-id")
                .values("pk")[:DONE_FOLLOW_UPS_SHOWN]
            ),
            case_id=case.pk,
        )
        .select_related("owner")
        .defer(*_other_user_fields("owner"))
        .order_by("due_at", "id")
    )
    events = (
        CaseEvent.objects.filter(case_id__in=[case.pk, *merged_from])
        .order_by("-at", "-id")
        .values_list(*_TIMELINE_COLUMNS)
    )
    if merged_from:  # each join is told once, by the event on this case
        events = events.exclude(Q(kind=EventKind.MERGED) & ~Q(case_id=case.pk))
    if timeline_filter in TIMELINE_FILTERS:
        events = events.filter(kind__in=TIMELINE_FILTERS[timeline_filter])
    else:
        timeline_filter = ""
    conversation = _slice(
        Message.objects.filter(case=case)
        .select_related("sender")
        .only("pk", "body", "created_at", "read_at", *_names_of("sender"))
        .order_by("-created_at", "-id"),
        messages_page,
        MESSAGES_PAGE_SIZE,
    )
    conversation.object_list.reverse()  # each page oldest message first
    open_follow_ups = [f for f in follow_up_rows if f.completed_at is None]
    done = sorted(
        (f for f in follow_up_rows if f.completed_at is not None),
        key=lambda f: (f.completed_at, f.pk),
        reverse=True,
    )
    notes = _slice(
        Note.objects.filter(case=case)
        .select_related("author")
        .defer(*_other_user_fields("author"))
        .order_by("-created_at", "-id"),
        notes_page,
        NOTES_PAGE_SIZE,
    )
    return CaseRecord(
        case=case,
        contact=next(iter(ContactPreferences.objects.filter(case_id=case.pk).order_by("-created_at", "-id")[:1]), None),
        needs=list(Need.objects.filter(case_id=case.pk).order_by("created_at", "id")),
        open_follow_ups=open_follow_ups,
        done_follow_ups=done,
        referrals=list(
            Referral.objects.filter(case_id=case.pk)
            .select_related("service", "service__provider", "need")
            # What the page shows of each: services' long texts are many (and cost to compile
            # as a list of columns to leave out).
            .only(
                "pk",
                "created_at",
                "client_feedback",
                "outcome",
                "need__category",
                "service__name",
                "service__provider__name",
            )
            .order_by("-created_at", "-id")
        ),
        notes=notes,
        messages=conversation,
        timeline=_timeline_page(events, timeline_page, merged_from),
        timeline_filter=timeline_filter,
        assessment=_assessment_comparison(case),
    )
