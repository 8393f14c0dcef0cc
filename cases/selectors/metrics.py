"""The programme's numbers for a date range: what supervisors, organisation admins and the site
admin read on the metrics page and export as CSV.

Everything is counted by PostgreSQL with aggregate queries (``percentile_cont`` for medians and
90th percentiles, ``FILTER`` for conditional counts, ``date_trunc`` for the weeks), grouped by
organisation, so one organisation and every organisation side by side cost the same queries:
``METRICS_QUERIES`` of them, whatever the number of cases and events. The cases are read from
indexes that hold the columns counted, with what each case keeps of its history (its milestones
and, once reassessed, its assessments' ratings: ``cases.models.activity_triggers``) rather than
from its events and ratings.

Dates are each organisation's own: "received on 3 March" is 3 March where the society is (its
time zone), and a range's last day is included. Each figure counts what happened in the range:
requests received in it, cases assigned, first contacted, resolved or closed in it, referrals
made in it, reassessments recorded in it. "Open now", the overdue follow-ups and the caseloads
are today's. A case passed to another society counts for the society that has it now.
"""

from __future__ import annotations

import datetime
import json
import uuid
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.http import Http404
from django.utils import timezone

from accounts.models import Organisation, Role, User

from ..choices import (
    CaseStatus,
    NeedLevel,
)
from .staff import CASELOAD_STATUSES
from .supervisor import open_cases_count

__all__ = [
    "METRICS_QUERIES",
    "Metrics",
    "MetricsRange",
    "metrics_for_user",
    "metrics_organisations_for_user",
]

#: The queries the metrics page makes, for one organisation or all of them.
METRICS_QUERIES = 5
#: The longest range one page may count (about three years).
MAX_RANGE_DAYS = 3 * 366

_OPEN = sorted(
    {CaseStatus.NEW, CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS, CaseStatus.WAITING_ON_CLIENT, CaseStatus.TRANSFERRED}
)
_FINISHED_WITHOUT_CONTACT = [CaseStatus.WITHDRAWN.value]
_LEVEL_RANK = {NeedLevel.NO_NEED.value: 0, NeedLevel.SOME.value: 1, NeedLevel.URGENT.value: 2}


@dataclass(frozen=True)
class MetricsRange:
    """From ``start`` to ``end``, both days included."""

    start: datetime.date
    end: datetime.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def weeks(self) -> list[datetime.date]:
        """The Mondays of the weeks the range touches."""
        monday = self.start - datetime.timedelta(days=self.start.weekday())
        weeks = []
        while monday <= self.end:
            weeks.append(monday)
            monday += datetime.timedelta(days=7)
        return weeks


# --- what the page shows -------------------------------------------------------------------


@dataclass
class Duration:
    """A median and a 90th percentile, in seconds; None when nothing was counted."""

    count: int
    median: float | None
    p90: float | None


@dataclass
class OrganisationFigures:
    organisation: Organisation
    received: int = 0
    open_now: int = 0
    to_assignment: Duration = field(default_factory=lambda: Duration(0, None, None))
    to_first_contact: Duration = field(default_factory=lambda: Duration(0, None, None))
    to_resolution: Duration = field(default_factory=lambda: Duration(0, None, None))
    #: Requests received in the range whose first-contact deadline has passed or that were contacted.
    contact_due: int = 0
    contacted_on_time: int = 0
    overdue_follow_ups: int = 0
    advocates: list[Any] = field(default_factory=list)
    needs: dict[str, int] = field(default_factory=dict)
    #: need category ("" when the referral names none) -> outcome ("" when none yet) -> count
    referrals: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    closures: dict[str, int] = field(default_factory=dict)
    #: domain -> {"better": n, "same": n, "worse": n}
    assessment_change: dict[str, dict[str, int]] = field(default_factory=dict)
    #: series -> Monday -> count
    weekly: dict[str, dict[datetime.date, int]] = field(default_factory=lambda: defaultdict(dict))

    @property
    def on_time_share(self) -> float | None:
        return self.contacted_on_time / self.contact_due if self.contact_due else None

    @property
    def open_cases(self) -> int:
        return sum(a.open_cases for a in self.advocates)

    @property
    def capacity(self) -> int:
        return sum(a.capacity for a in self.advocates)


@dataclass
class Metrics:
    range: MetricsRange
    organisations: list[OrganisationFigures]
    #: When the figures were counted ("now" for the overdue follow-ups and caseloads).
    counted_at: datetime.datetime

    @property
    def single(self) -> OrganisationFigures | None:
        return self.organisations[0] if len(self.organisations) == 1 else None


# --- who sees which organisations ----------------------------------------------------------


def metrics_organisations_for_user(*, user: User, organisation_id: uuid.UUID | None = None) -> list[Organisation]:
    """The organisations whose numbers ``user`` may read: their own (supervisors and organisation
    admins), or every one (the site admin; ``organisation_id`` narrows to one, 404 if unknown)."""
    if user.role == Role.SITE_ADMIN:
        organisations = Organisation.objects.order_by("name")
        if organisation_id is not None:
            organisations = organisations.filter(pk=organisation_id)
            if not organisations:
                raise Http404
        return list(organisations)
    if user.role in (Role.SUPERVISOR, Role.ORG_ADMIN) and user.organisation_id:
        return [user.organisation]
    raise Http404


# --- counting ------------------------------------------------------------------------------


def metrics_for_user(
    *,
    user: User,
    range: MetricsRange,
    organisation_id: uuid.UUID | None = None,
    now: datetime.datetime | None = None,
) -> Metrics:
    """Every figure of the metrics page for the organisations ``user`` may read. Queries:
    ``METRICS_QUERIES`` (5), plus 1 to read the organisations, whatever the data's size."""
    organisations = metrics_organisations_for_user(user=user, organisation_id=organisation_id)
    now = now or timezone.now()
    figures = {o.pk: OrganisationFigures(organisation=o) for o in organisations}
    if figures:
        params = _params(organisations, range, now)
        with connection.cursor() as cursor:
            _cases(cursor, params, figures)
            _referrals(cursor, params, figures)
            _assessment_change(cursor, params, figures)
            overdue = _overdue_follow_ups(cursor, params, figures)
        _caseloads(list(figures), overdue, figures)
    return Metrics(range=range, organisations=list(figures.values()), counted_at=now)


def _params(organisations: list[Organisation], range: MetricsRange, now: datetime.datetime) -> dict[str, Any]:
    """Each organisation's range as instants: from midnight of the first day to midnight after
    the last, where the organisation is (its time zone), and its today."""
    lows, highs, todays = [], [], []
    for organisation in organisations:
        zone = zoneinfo.ZoneInfo(organisation.timezone)
        lows.append(datetime.datetime.combine(range.start, datetime.time.min, tzinfo=zone))
        highs.append(datetime.datetime.combine(range.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone))
        todays.append(now.astimezone(zone).date())
    return {
        "orgs": [o.pk for o in organisations],
        "zones": [o.timezone for o in organisations],
        "lows": lows,
        "highs": highs,
        "todays": todays,
        "low": min(lows),
        "high": max(highs),
        "now": now,
        "open": [str(s) for s in _OPEN],
        "caseload": [str(s) for s in CASELOAD_STATUSES],
        "withdrawn": CaseStatus.WITHDRAWN.value,
        "closed": CaseStatus.CLOSED.value,
        "merged": CaseStatus.MERGED.value,
    }


#: Each organisation's range (``b``): joined to every query, which counts per organisation.
_BOUNDS = """
    b AS (
        SELECT * FROM unnest(%(orgs)s::uuid[], %(zones)s::text[], %(lows)s::timestamptz[],
                             %(highs)s::timestamptz[], %(todays)s::date[]) AS b(org, zone, low, high, today)
    )"""

#: The organisation's recent or open cases, with the columns the metrics count: those with a
#: moment (received, assigned, first contact, resolved, closed) in or after the range, then those
#: still open from before it. Both parts are read from the index "case_org_latest_moment" alone
#: (the expression is the index's; the columns are in it). A request joined into another as its
#: duplicate is not counted: its work went to the other.
_RECENT_OR_OPEN = """
    SELECT b.org, b.zone, b.low, b.high, b.today, c.status, c.submitted_at, c.assigned_at,
           c.first_contact_at, c.first_contact_due, c.resolved_at, c.closed_at, c.outcome, c.need_categories
      FROM b JOIN cases_case c ON c.organisation_id = b.org
       AND GREATEST(c.submitted_at, c.assigned_at, c.first_contact_at, c.resolved_at, c.closed_at) {moment} b.low
       AND {status}"""
_RECENT = _RECENT_OR_OPEN.format(moment=">=", status="c.status <> %(merged)s")
_OPEN_FROM_BEFORE = _RECENT_OR_OPEN.format(moment="<", status="c.status = ANY(%(open)s)")


def _in(column: str, bounds: str = "b") -> str:
    """The instant in ``column`` falls in the organisation's range (its ``low`` and ``high`` are
    columns of ``bounds``)."""
    return f"({column} >= {bounds}.low AND {column} < {bounds}.high)"


def _percentiles(column: str, bounds: str = "b") -> str:
    """Median and 90th percentile (in seconds from the request, as one array: one sort) and count
    of the cases whose ``column`` falls in the range."""
    # The seconds exactly as extract() counts them, made a float through whole microseconds: the
    # same number as extract()'s own cast to float (which goes through text), in half the time.
    seconds = f"(extract(epoch FROM {column} - c.submitted_at) * 1000000)::bigint::float8 / 1000000"
    counted = _in(column, bounds)
    return (
        f"percentile_cont('{{0.5,0.9}}'::float8[]) WITHIN GROUP (ORDER BY {seconds}) FILTER (WHERE {counted}), "
        f"count(*) FILTER (WHERE {counted})"
    )


def _week(series: str, column: str) -> str:
    """The weeks (Mondays, in the organisation's time zone) of the ``column`` moments in the range,
    one row per case, as ``series``."""
    week = f"date_trunc('week', {column} AT TIME ZONE c.zone)::date"
    return f"SELECT c.org, '{series}' AS series, {week} AS week FROM recent c WHERE {_in(column, 'c')}"  # noqa: S608


def _cases(cursor, params: dict, figures: dict) -> None:
    """Everything read from the cases themselves, in one pass over the organisation's recent or
    open cases (``recent``, read once): received, open now, the waits (to assignment, first
    contact, resolution: the case's milestones), first contact within the target; per week,
    requests received, first contacts made and cases resolved; the needs of the requests
    received (one count per case and category: the cases are counted by their list of needs
    first, then each list's needs); how the cases closed in the range ended.
    Each part's rows come back as JSON arrays, tagged with the part."""
    received = _in("c.submitted_at", "c")
    cursor.execute(
        f"""
        WITH {_BOUNDS},
        recent AS MATERIALIZED ({_RECENT}
            UNION ALL{_OPEN_FROM_BEFORE}
        )
        SELECT c.org, 'summary', jsonb_build_array(
               count(*) FILTER (WHERE {received}),
               count(*) FILTER (WHERE c.status = ANY(%(open)s)),
               {_percentiles("c.assigned_at", "c")},
               {_percentiles("c.first_contact_at", "c")},
               {_percentiles("c.resolved_at", "c")},
               count(*) FILTER (WHERE {received} AND (c.first_contact_at IS NOT NULL
                   OR (c.first_contact_due < c.today AND c.status <> %(withdrawn)s))),
               count(*) FILTER (WHERE {received}
                   AND c.first_contact_at < ((c.first_contact_due + 1)::timestamp AT TIME ZONE c.zone))
          ) FROM recent c GROUP BY c.org
        UNION ALL
        SELECT m.org, 'week', jsonb_build_array(m.series, m.week, count(*))
          FROM ({_week("received", "c.submitted_at")}
                UNION ALL {_week("contacted", "c.first_contact_at")}
                UNION ALL {_week("resolved", "c.resolved_at")}) m
         GROUP BY m.org, m.series, m.week
        UNION ALL
        SELECT n.org, 'need', jsonb_build_array(category, sum(n.cases)::bigint)
          FROM (SELECT c.org, c.need_categories, count(*) AS cases FROM recent c WHERE {received}
                 GROUP BY c.org, c.need_categories) n
         CROSS JOIN unnest(n.need_categories) AS category
         GROUP BY n.org, category
        UNION ALL
        SELECT c.org, 'closure', jsonb_build_array(c.outcome, count(*))
          FROM recent c
         WHERE c.status = %(closed)s AND {_in("c.closed_at", "c")}
         GROUP BY c.org, c.outcome
        """,  # noqa: S608 - the query's pieces are this module's constants; every value is a parameter
        params,
    )
    for org, part, text in cursor.fetchall():
        values = json.loads(text)  # Django leaves JSON from PostgreSQL as text
        f = figures[org]
        if part == "summary":
            f.received, f.open_now, *waits, f.contact_due, f.contacted_on_time = values
            # Each wait: its median and 90th percentile (null when nothing was counted), its count.
            f.to_assignment, f.to_first_contact, f.to_resolution = (
                Duration(count, *(percentiles or (None, None)))
                for percentiles, count in zip(waits[::2], waits[1::2], strict=True)
            )
        elif part == "week":
            series, week, count = values
            f.weekly[series][datetime.date.fromisoformat(week)] = count
        elif part == "need":
            f.needs[values[0]] = values[1]
        else:
            f.closures[values[0]] = values[1]


def _referrals(cursor, params: dict, figures: dict) -> None:
    """The referrals made in the range, by the need they were for and what came of them. Those
    made on the organisations' cases in the widest range (``made``: the cases' keys from the
    index "case_org_latest_moment", hashed), then each organisation's own range."""
    cursor.execute(
        f"""
        WITH {_BOUNDS},
        made AS MATERIALIZED (
            SELECT c.organisation_id AS org, r.need_id, r.outcome, r.created_at
              FROM cases_referral r
              JOIN cases_case c ON c.id = r.case_id
             WHERE c.organisation_id = ANY(%(orgs)s) AND r.created_at >= %(low)s AND r.created_at < %(high)s
        )
        SELECT b.org, coalesce(n.category, ''), r.outcome, count(*)
          FROM made r
          JOIN b ON b.org = r.org AND {_in("r.created_at")}
          LEFT JOIN cases_need n ON n.id = r.need_id
         GROUP BY 1, 2, 3
        """,  # noqa: S608 - the query's pieces are this module's constants; every value is a parameter
        params,
    )
    for org, category, outcome, count in cursor.fetchall():
        figures[org].referrals[category][outcome] = count


def _assessment_change(cursor, params: dict, figures: dict) -> None:
    """For the cases reassessed in the range: each domain's latest rating (in the range) against
    the case's first (better: less need; worse: more). Read from the cases assessed twice or more
    (index "case_org_reassessed"), which keep when each assessment was made and its ratings, in
    order (``Case.assessment_times``, ``assessment_ratings``): the latest is the last made before
    the range ends."""
    rank = "CASE {value} " + " ".join(f"WHEN '{code}' THEN {n}" for code, n in _LEVEL_RANK.items()) + " END"
    latest_ratings = "(c.assessment_ratings -> (n.latest - 1)::int)"
    cursor.execute(
        f"""
        WITH {_BOUNDS},
        ratings AS MATERIALIZED (
            SELECT b.org, f.key AS domain, {rank.format(value="f.value")} AS first,
                   {rank.format(value=f"({latest_ratings} ->> f.key)")} AS latest
              FROM b
              JOIN cases_case c ON c.organisation_id = b.org AND c.assessment_times IS NOT NULL
             CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE t < b.high) AS latest,
                                        bool_or({_in("t")}) AS in_range
                                   FROM unnest(c.assessment_times) AS t) n
             CROSS JOIN LATERAL jsonb_each_text(c.assessment_ratings -> 0) f
             WHERE c.organisation_id = ANY(%(orgs)s) AND n.in_range AND n.latest > 1
               AND {latest_ratings} ? f.key
        )
        SELECT r.org, r.domain,
               count(*) FILTER (WHERE r.latest < r.first),
               count(*) FILTER (WHERE r.latest = r.first),
               count(*) FILTER (WHERE r.latest > r.first)
          FROM ratings r
         GROUP BY 1, 2
        """,  # noqa: S608 - the query's pieces are this module's constants; every value is a parameter
        params,
    )
    for org, domain, better, same, worse in cursor.fetchall():
        figures[org].assessment_change[domain] = {"better": better, "same": same, "worse": worse}


def _overdue_follow_ups(cursor, params: dict, figures: dict) -> dict[Any, int]:
    """Follow-ups past their time and not done, on cases still being worked on, now: per
    organisation, and per advocate who owns them (returned). Only the cases whose next follow-up
    is past (``Case.next_follow_up_at``, index "case_org_next_follow_up") have one."""
    cursor.execute(
        f"""
        WITH {_BOUNDS}
        SELECT b.org, f.owner_id, count(*)
          FROM b
          JOIN cases_case c ON c.organisation_id = b.org AND c.status = ANY(%(caseload)s)
                           AND c.next_follow_up_at < %(now)s
          JOIN cases_followup f ON f.case_id = c.id AND f.completed_at IS NULL AND f.due_at < %(now)s
         GROUP BY 1, 2
        """,  # noqa: S608 - the query's pieces are this module's constants; every value is a parameter
        params,
    )
    per_owner: dict[Any, int] = {}
    for org, owner, count in cursor.fetchall():
        figures[org].overdue_follow_ups += count
        per_owner[owner] = count
    return per_owner


def _caseloads(organisation_ids: list, overdue: dict[Any, int], figures: dict) -> None:
    """Each active advocate's open cases against their capacity, and their overdue follow-ups."""
    advocates = (
        User.objects.filter(role=Role.ADVOCATE, is_active=True, organisation_id__in=organisation_ids)
        .annotate(open_cases=open_cases_count())
        .only("id", "first_name", "last_name", "email", "capacity", "organisation_id")
        .order_by("first_name", "last_name", "id")
    )
    for advocate in advocates:
        advocate.overdue = overdue.get(advocate.pk, 0)
        figures[advocate.organisation_id].advocates.append(advocate)
