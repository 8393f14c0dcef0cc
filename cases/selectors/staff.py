"""What staff read: an advocate's caseload, ordered by what needs doing next, and the case record.

Every read goes through ``cases.permissions.CASES``; query counts are stated per function and
proven by tests at two data sizes (``cases/tests/test_caseload.py``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.models import Organisation, Role, User
from accounts.working_days import organisation_calendars

from .. import lifecycle
from ..choices import OPEN_STATUSES, AssessmentDomain, CaseAction, CaseStatus, EventKind
from ..models import (
    Assessment,
    AssessmentRating,
    Case,
    CaseEvent,
    ContactPreferences,
    FollowUp,
    Interaction,
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
    "CaseRecord",
    "Caseload",
    "CaseloadFilters",
    "case_advocates",
    "case_get_for_staff",
    "case_has_assessment",
    "case_moves_for_user",
    "case_record_for_user",
    "caseload_for_user",
]

CASELOAD_PAGE_SIZE = 25

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


@dataclass(frozen=True)
class _Row:
    """What the caseload needs to know of one case to count it, flag it, filter it and place it."""

    pk: Any
    status: str
    country: str
    region: str
    awaiting_first_contact: bool
    first_contact_due: datetime.date
    submitted_at: datetime.datetime
    next_follow_up_at: datetime.datetime | None
    last_contact_at: datetime.datetime | None
    waiting_since: datetime.datetime | None
    has_unread: bool
    categories: list[str]


def _rows(cases: QuerySet[Case]) -> list[_Row]:
    """One row per case, with the few facts that order it: one query (correlated subqueries on
    indexed columns; the cases are one advocate's, a few hundred at most)."""
    next_follow_up = (
        FollowUp.objects.filter(case=OuterRef("pk"), completed_at__isnull=True).order_by("due_at").values("due_at")[:1]
    )
    waiting_since = (
        CaseEvent.objects.filter(case=OuterRef("pk"), to_status=CaseStatus.WAITING_ON_CLIENT)
        .order_by("-at")
        .values("at")[:1]
    )
    last_contact = Interaction.objects.filter(case=OuterRef("pk")).order_by("-occurred_at").values("occurred_at")[:1]
    unread = Message.objects.filter(case=OuterRef("pk"), read_at__isnull=True, sender=OuterRef("applicant_id"))
    categories = ArraySubquery(Need.objects.filter(case=OuterRef("pk")).values("category"))
    values = cases.annotate(
        next_follow_up_at=Subquery(next_follow_up),
        last_contact_at=Subquery(last_contact),
        waiting_since=Subquery(waiting_since),
        has_unread=Exists(unread),
        categories=categories,
    ).values_list(
        "pk",
        "status",
        "country",
        "region",
        "first_contact_at",
        "first_contact_due",
        "submitted_at",
        "next_follow_up_at",
        "last_contact_at",
        "waiting_since",
        "has_unread",
        "categories",
    )
    return [
        _Row(pk, status, country, region, first is None, due, submitted, follow_up, contact, waiting, unread, needs)
        for pk, status, country, region, first, due, submitted, follow_up, contact, waiting, unread, needs in values
    ]


def _first_contact_deadlines(organisation: Organisation, rows: list[_Row], today: datetime.date) -> dict:
    """For each place with a case still to contact: the last date that is "by the next working
    day" on its calendar. One query (the organisation's closures), however many places."""
    places = {(row.country, row.region) for row in rows if row.awaiting_first_contact}
    calendars = organisation_calendars(organisation=organisation, places=places)
    return {place: calendar.add_working_days(today, 1) for place, calendar in calendars.items()}


def caseload_for_user(*, user: User, filters: CaseloadFilters, page_number: Any = 1) -> Caseload:
    """The open cases ``user`` is responsible for, in the order of what needs doing next, one
    page of them, with the counts at the top.

    Queries: 5, whatever the number of cases: one row per case with what orders and flags it,
    the organisation's closures (working days), and for the page only its cases (with the client
    and the intake), their needs and their open follow-ups. Counting, flagging, filtering and
    ordering a few hundred rows is done here, once, rather than in three queries that would each
    compute every case's next follow-up again.
    """
    now = timezone.now()
    today = timezone.localtime(now).date()
    waiting_limit = now - datetime.timedelta(days=settings.CASE_WAITING_ON_CLIENT_ALERT_DAYS)
    rows = _rows(CASES.filter(user, CaseAction.RESPONSIBLE).filter(status__in=CASELOAD_STATUSES))
    deadlines = _first_contact_deadlines(user.organisation, rows, today) if user.organisation_id else {}

    def urgency(row: _Row) -> int:
        if row.next_follow_up_at is not None and row.next_follow_up_at < now:
            return OVERDUE
        return FIRST_CONTACT if row.awaiting_first_contact else PLANNED

    def at_risk(row: _Row) -> bool:
        due_by = deadlines.get((row.country, row.region))
        return row.awaiting_first_contact and due_by is not None and row.first_contact_due <= due_by

    def waiting_too_long(row: _Row) -> bool:
        return row.status == CaseStatus.WAITING_ON_CLIENT and bool(
            row.waiting_since and row.waiting_since < waiting_limit
        )

    counts = {
        "open": len(rows),
        "overdue": sum(urgency(row) == OVERDUE for row in rows),
        "awaiting_first_contact": sum(row.awaiting_first_contact for row in rows),
        "first_contact_at_risk": sum(at_risk(row) for row in rows),
        "unread": sum(row.has_unread for row in rows),
        "waiting_too_long": sum(waiting_too_long(row) for row in rows),
    }
    shown = [
        row
        for row in rows
        if (not filters.status or row.status == filters.status)
        and (not filters.need or filters.need in (row.categories or []))
        and (not filters.overdue or urgency(row) == OVERDUE)
    ]
    far = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    shown.sort(
        key=lambda row: (
            urgency(row),
            row.first_contact_due if urgency(row) == FIRST_CONTACT else datetime.date.max,
            row.next_follow_up_at or far,
            row.submitted_at,
            str(row.pk),
        )
    )
    page = Paginator(shown, CASELOAD_PAGE_SIZE).get_page(page_number)
    by_pk = {
        case.pk: case
        for case in Case.objects.filter(pk__in=[row.pk for row in page])
        .select_related("applicant", "intake")
        .prefetch_related(
            Prefetch("needs", queryset=Need.objects.order_by("created_at", "id")),
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.filter(completed_at__isnull=True).order_by("due_at", "id"),
                to_attr="open_follow_ups",
            ),
        )
    }
    cases = []
    for row in page:
        case = by_pk[row.pk]
        case.urgency = urgency(row)
        case.at_risk = at_risk(row)
        case.waiting_too_long = waiting_too_long(row)
        case.has_unread = row.has_unread
        case.last_contact_at = row.last_contact_at
        case.next_follow_up = case.open_follow_ups[0] if case.open_follow_ups else None
        cases.append(case)
    page.object_list = cases
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
class AssessmentComparison:
    """The first needs assessment of a case beside the latest: each area's rating then and now."""

    first: Assessment
    latest: Assessment
    count: int
    #: (area, its rating in the first, in the latest); None where the area was not talked about.
    rows: list[tuple[AssessmentDomain, AssessmentRating | None, AssessmentRating | None]]

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
    #: A page of notes, newest first (``NOTES_PAGE_SIZE``); ``notes_page`` is its number.
    notes: list[Note]
    #: A page of the conversation, newest page first, each page oldest message first.
    messages: Page
    timeline: Page
    timeline_filter: str
    assessment: AssessmentComparison | None = None
    notes_page: int = 1
    notes_has_more: bool = False


def case_get_for_staff(*, user: User, case_id: Any, action: str = CaseAction.VIEW) -> Case:
    """A case ``user`` may ``action`` (one query); missing and "not yours" are the same 404."""
    return CASES.get(user, action, case_id, Case.objects.select_related("organisation", "assigned_to", "applicant"))


def case_advocates(*, case: Case) -> QuerySet[User]:
    """The advocates of the case's organisation who may own its follow-ups (one query)."""
    return User.objects.filter(organisation_id=case.organisation_id, role=Role.ADVOCATE, is_active=True).order_by(
        "first_name", "last_name"
    )


def case_has_assessment(*, case: Case) -> bool:
    """Whether a needs assessment was recorded on ``case`` (one query)."""
    return Assessment.objects.filter(case=case).exists()


def _assessment_comparison(case: Case) -> AssessmentComparison | None:
    """The first and the latest assessment with their ratings: two queries whatever the number of
    assessments (the two with how many there are; their ratings)."""
    ordered = Assessment.objects.filter(case=case).order_by("assessed_at", "id").values("pk")
    ends = list(
        Assessment.objects.filter(Q(pk=Subquery(ordered[:1])) | Q(pk=Subquery(ordered.reverse()[:1])))
        .select_related("assessed_by")
        .annotate(
            total=Subquery(Assessment.objects.filter(case=case).values("case").annotate(n=Count("pk")).values("n"))
        )
        .order_by("assessed_at", "id")
    )
    if not ends:
        return None
    first, latest = ends[0], ends[-1]
    ratings: dict[tuple[int, str], AssessmentRating] = {
        (rating.assessment_id, rating.domain): rating
        for rating in AssessmentRating.objects.filter(assessment__in=[first.pk, latest.pk])
    }
    rows = [
        (domain, ratings.get((first.pk, domain.value)), ratings.get((latest.pk, domain.value)))
        for domain in AssessmentDomain
    ]
    return AssessmentComparison(first=first, latest=latest, count=first.total, rows=rows)


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

    Queries: 14 whatever the number of needs, follow-ups, referrals, notes, messages, assessments
    and events (the case with its client, intake, advocate and organisation's wellbeing service;
    needs; open follow-ups; referrals with their services (and their phones, when there are
    referrals); notes; the conversation's count and page; contact preferences; the last follow-ups
    done; the first and latest assessments and their ratings; the timeline's count and page). The
    page adds the access record and the signed-in user's own.
    """
    case = CASES.get(
        user,
        CaseAction.VIEW,
        case_id,
        Case.objects.select_related(
            "organisation", "organisation__wellbeing_service", "assigned_to", "applicant", "intake"
        ).prefetch_related(
            Prefetch("needs", queryset=Need.objects.order_by("created_at", "id")),
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.filter(completed_at__isnull=True)
                .select_related("owner")
                .order_by("due_at", "id"),
                to_attr="open_follow_ups",
            ),
            Prefetch(
                "referrals",
                queryset=Referral.objects.select_related("service", "service__provider", "need", "referred_by")
                .prefetch_related("service__phones")
                .order_by("-created_at", "-id"),
            ),
        ),
    )
    events = CaseEvent.objects.filter(case=case).select_related("actor", "advocate").order_by("-at", "-id")
    if timeline_filter in TIMELINE_FILTERS:
        events = events.filter(kind__in=TIMELINE_FILTERS[timeline_filter])
    else:
        timeline_filter = ""
    conversation = Message.objects.filter(case=case).select_related("sender").order_by("-created_at", "-id")
    messages = Paginator(conversation, MESSAGES_PAGE_SIZE).get_page(messages_page)
    messages.object_list = list(reversed(messages.object_list))
    done = FollowUp.objects.filter(case=case, completed_at__isnull=False).select_related("owner")
    notes_page = _page_number(notes_page)
    start = (notes_page - 1) * NOTES_PAGE_SIZE
    # One row more than a page says whether there are earlier notes, without counting them.
    notes = list(
        Note.objects.filter(case=case)
        .select_related("author")
        .order_by("-created_at", "-id")[start : start + NOTES_PAGE_SIZE + 1]
    )
    return CaseRecord(
        case=case,
        contact=case.contact_preferences.order_by("-created_at", "-id").first(),
        needs=list(case.needs.all()),
        open_follow_ups=case.open_follow_ups,
        done_follow_ups=list(done.order_by("-completed_at", "-id")[:DONE_FOLLOW_UPS_SHOWN]),
        referrals=list(case.referrals.all()),
        notes=notes[:NOTES_PAGE_SIZE],
        notes_page=notes_page,
        notes_has_more=len(notes) > NOTES_PAGE_SIZE,
        messages=messages,
        timeline=Paginator(events, TIMELINE_PAGE_SIZE).get_page(timeline_page),
        timeline_filter=timeline_filter,
        assessment=_assessment_comparison(case),
    )
