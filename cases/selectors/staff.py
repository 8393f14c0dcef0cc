"""What staff read: an advocate's caseload, ordered by what needs doing next, and the case record.

Every read goes through ``cases.permissions.CASES``; query counts are stated per function and
proven by tests at two data sizes (``cases/tests/test_caseload.py``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Case as Conditional
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from accounts.models import Organisation, Role, User
from accounts.working_days import organisation_calendars

from .. import lifecycle
from ..choices import OPEN_STATUSES, CaseAction, CaseStatus, EventKind
from ..models import Case, CaseEvent, ContactPreferences, FollowUp, Interaction, Message, Need, Referral
from ..permissions import CASES

__all__ = [
    "CASELOAD_PAGE_SIZE",
    "TIMELINE_FILTERS",
    "CaseRecord",
    "Caseload",
    "CaseloadFilters",
    "case_advocates",
    "case_get_for_staff",
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

#: A condition no case meets, that SQL can still evaluate: ``Q(pk__in=[])`` would make Django
#: skip a whole aggregate query as empty, and report every count as 0.
_NEVER = Q(pk__isnull=True)


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


def _annotated(queryset: QuerySet[Case], now: datetime.datetime) -> QuerySet[Case]:
    open_follow_ups = FollowUp.objects.filter(case=OuterRef("pk"), completed_at__isnull=True).order_by("due_at", "id")
    waiting_since = (
        CaseEvent.objects.filter(case=OuterRef("pk"), to_status=CaseStatus.WAITING_ON_CLIENT)
        .order_by("-at")
        .values("at")[:1]
    )
    last_contact = Interaction.objects.filter(case=OuterRef("pk")).order_by("-occurred_at").values("occurred_at")[:1]
    unread = Message.objects.filter(case=OuterRef("pk"), read_at__isnull=True, sender=OuterRef("applicant_id"))
    return queryset.annotate(
        next_follow_up_at=Subquery(open_follow_ups.values("due_at")[:1]),
        last_contact_at=Subquery(last_contact),
        waiting_since=Subquery(waiting_since),
        has_unread=Exists(unread),
    ).annotate(
        urgency=Conditional(
            When(next_follow_up_at__lt=now, then=Value(OVERDUE)),
            When(first_contact_at__isnull=True, then=Value(FIRST_CONTACT)),
            default=Value(PLANNED),
            output_field=IntegerField(),
        ),
    )


def _at_risk_rule(organisation: Organisation, cases: QuerySet[Case], today: datetime.date) -> Q:
    """Cases whose first contact is still to make and due by the next working day, on each
    place's calendar. Two queries: the places, and the organisation's closures."""
    places = set(cases.filter(first_contact_at__isnull=True).values_list("country", "region").distinct().order_by())
    calendars = organisation_calendars(organisation=organisation, places=places)
    rule = _NEVER
    for (country, region), calendar in calendars.items():
        rule |= Q(country=country, region=region, first_contact_due__lte=calendar.add_working_days(today, 1))
    return Q(first_contact_at__isnull=True) & rule


def caseload_for_user(*, user: User, filters: CaseloadFilters, page_number: Any = 1) -> Caseload:
    """The open cases ``user`` is responsible for, in the order of what needs doing next, one
    page of them, with the counts at the top.

    Queries: 7, whatever the number of cases: the places and the closures for the first-contact
    rule, the counts, the page's count, the page's rows (with the client and the intake), their
    needs, their open follow-ups.
    """
    now = timezone.now()
    organisation = user.organisation
    today = timezone.localtime(now, timezone=timezone.get_current_timezone()).date()
    mine = CASES.filter(user, CaseAction.RESPONSIBLE).filter(status__in=CASELOAD_STATUSES)
    annotated = _annotated(mine, now)
    at_risk = _at_risk_rule(organisation, mine, today) if organisation is not None else _NEVER
    waiting_limit = now - datetime.timedelta(days=settings.CASE_WAITING_ON_CLIENT_ALERT_DAYS)
    counts = annotated.aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=Q(urgency=OVERDUE)),
        awaiting_first_contact=Count("pk", filter=Q(first_contact_at__isnull=True)),
        first_contact_at_risk=Count("pk", filter=at_risk),
        unread=Count("pk", filter=Q(has_unread=True)),
        waiting_too_long=Count("pk", filter=Q(status=CaseStatus.WAITING_ON_CLIENT, waiting_since__lt=waiting_limit)),
    )
    rows = annotated
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.need:
        rows = rows.filter(Exists(Need.objects.filter(case=OuterRef("pk"), category=filters.need)))
    if filters.overdue:
        rows = rows.filter(urgency=OVERDUE)
    rows = (
        rows.annotate(
            at_risk=Conditional(When(at_risk, then=Value(True)), default=Value(False)),
            deadline=Conditional(When(urgency=FIRST_CONTACT, then=F("first_contact_due")), default=None),
        )
        .select_related("applicant", "intake")
        .prefetch_related(
            Prefetch("needs", queryset=Need.objects.order_by("created_at", "id")),
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.filter(completed_at__isnull=True).order_by("due_at", "id"),
                to_attr="open_follow_ups",
            ),
        )
        .order_by(
            "urgency",
            F("deadline").asc(nulls_last=True),
            F("next_follow_up_at").asc(nulls_last=True),
            "submitted_at",
            "pk",
        )
    )
    page = Paginator(rows, CASELOAD_PAGE_SIZE).get_page(page_number)
    for case in page:
        case.next_follow_up = case.open_follow_ups[0] if case.open_follow_ups else None
        case.waiting_too_long = (
            case.status == CaseStatus.WAITING_ON_CLIENT
            and case.waiting_since is not None
            and case.waiting_since < waiting_limit
        )
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
    "needs": (
        EventKind.NEED_ADDED,
        EventKind.NEED_UPDATED,
        EventKind.ADDED_TO,
        EventKind.REFERRAL_MADE,
        EventKind.REFERRAL_FEEDBACK,
    ),
}


@dataclass
class CaseRecord:
    """Everything the case page shows."""

    case: Case
    contact: ContactPreferences | None
    needs: list[Need]
    open_follow_ups: list[FollowUp]
    done_follow_ups: list[FollowUp]
    referrals: list[Referral]
    messages: list[Message]
    timeline: Page
    timeline_filter: str


def case_get_for_staff(*, user: User, case_id: Any, action: str = CaseAction.VIEW) -> Case:
    """A case ``user`` may ``action`` (one query); missing and "not yours" are the same 404."""
    return CASES.get(user, action, case_id, Case.objects.select_related("organisation", "assigned_to", "applicant"))


def case_advocates(*, case: Case) -> QuerySet[User]:
    """The advocates of the case's organisation who may own its follow-ups (one query)."""
    return User.objects.filter(organisation_id=case.organisation_id, role=Role.ADVOCATE, is_active=True).order_by(
        "first_name", "last_name"
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


def case_record_for_user(*, user: User, case_id: Any, timeline_filter: str = "", timeline_page: Any = 1) -> CaseRecord:
    """One case with its whole story, for staff who may see it.

    Queries: 10 whatever the number of needs, follow-ups, referrals, messages and events (the
    case with its client, intake and advocate; its contact preferences; needs; follow-ups;
    referrals with their services and phones (3); messages; the timeline's count and page).
    """
    case = CASES.get(
        user,
        CaseAction.VIEW,
        case_id,
        Case.objects.select_related("organisation", "assigned_to", "applicant", "intake").prefetch_related(
            Prefetch("needs", queryset=Need.objects.order_by("created_at", "id")),
            Prefetch("follow_ups", queryset=FollowUp.objects.select_related("owner").order_by("due_at", "id")),
            Prefetch(
                "referrals",
                queryset=Referral.objects.select_related("service", "service__provider", "need", "referred_by")
                .prefetch_related("service__phones")
                .order_by("-created_at", "-id"),
            ),
            Prefetch("messages", queryset=Message.objects.select_related("sender").order_by("created_at", "id")),
        ),
    )
    events = CaseEvent.objects.filter(case=case).select_related("actor", "advocate").order_by("-at", "-id")
    if timeline_filter in TIMELINE_FILTERS:
        events = events.filter(kind__in=TIMELINE_FILTERS[timeline_filter])
    else:
        timeline_filter = ""
    follow_ups = list(case.follow_ups.all())
    return CaseRecord(
        case=case,
        contact=case.contact_preferences.order_by("-created_at", "-id").first(),
        needs=list(case.needs.all()),
        open_follow_ups=[f for f in follow_ups if f.completed_at is None],
        done_follow_ups=[f for f in follow_ups if f.completed_at is not None],
        referrals=list(case.referrals.all()),
        messages=list(case.messages.all()),
        timeline=Paginator(events, TIMELINE_PAGE_SIZE).get_page(timeline_page),
        timeline_filter=timeline_filter,
    )
