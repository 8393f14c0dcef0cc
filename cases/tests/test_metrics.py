"""The metrics page: what is counted for a date range (in each organisation's own dates), who
sees which organisations, the charts and tables, the CSV files, and a constant number of queries."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import AdvocateFactory, ClientFactory, OrganisationFactory
from cases import services
from cases.choices import (
    AssessmentDomain,
    CaseOutcome,
    CaseStatus,
    EventKind,
    NeedLevel,
    ReferralOutcome,
    Visibility,
)
from cases.models import Assessment, AssessmentRating, Case, CaseEvent
from cases.selectors.metrics import METRICS_QUERIES, MetricsRange, metrics_for_user

from .factories import AssignedCaseFactory, CaseFactory, FollowUpFactory, ReferralFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=datetime.UTC)
LAST_30_DAYS = MetricsRange(datetime.date(2026, 10, 27), datetime.date(2026, 11, 25))
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def fixed_now():
    with time_machine.travel(NOW, tick=False):
        yield


def event(case: Case, kind: str, at: datetime.datetime, *, from_status: str = "", to_status: str = "") -> None:
    CaseEvent.objects.create(
        case=case,
        kind=kind,
        at=at,
        from_status=from_status,
        to_status=to_status,
        actor=case.assigned_to,
        advocate=case.assigned_to if kind == EventKind.ASSIGNED else None,
        visibility=Visibility.CLIENT,
    )


def a_case(
    organisation,
    *,
    submitted: datetime.datetime,
    status: str = CaseStatus.IN_PROGRESS,
    assigned_after: datetime.timedelta | None = None,
    contacted_after: datetime.timedelta | None = None,
    resolved_after: datetime.timedelta | None = None,
    closed_after: datetime.timedelta | None = None,
    outcome: str = "",
    advocate=None,
    target_days: int = 2,
) -> Case:
    """A case with the moments of its life: assigned, first contacted, resolved, closed."""
    extra = {} if status == CaseStatus.NEW else {"assigned_to": advocate or AdvocateFactory(organisation=organisation)}
    case = (CaseFactory if status == CaseStatus.NEW else _Unassigned)(
        organisation=organisation,
        status=status,
        submitted_at=submitted,
        first_contact_due=(submitted + target_days * DAY).date(),
        outcome=outcome,
        closed_at=submitted + closed_after if closed_after else None,
        first_contact_at=submitted + contacted_after if contacted_after else None,
        **extra,
    )
    if assigned_after is not None:
        event(case, EventKind.ASSIGNED, submitted + assigned_after, from_status="new", to_status="assigned")
    if resolved_after is not None:
        resolved = submitted + resolved_after
        event(case, EventKind.STATUS_CHANGED, resolved, from_status="in_progress", to_status="resolved")
    if closed_after is not None:
        event(case, EventKind.CLOSED, submitted + closed_after, from_status="resolved", to_status="closed")
    return case


class _Unassigned(CaseFactory):
    """A case with an advocate, without the factory's own "assigned" event: the tests write the
    moments themselves."""

    class Meta:
        model = Case


@pytest.fixture
def life(organisation):
    """Three requests in the last 30 days, one long before, and one elsewhere."""
    advocate = AdvocateFactory(organisation=organisation, first_name="Ann", capacity=2)
    done = a_case(
        organisation,
        submitted=NOW - 10 * DAY,
        status=CaseStatus.CLOSED,
        assigned_after=2 * HOUR,
        contacted_after=1 * DAY,
        resolved_after=5 * DAY,
        closed_after=6 * DAY,
        outcome=CaseOutcome.NEEDS_MET,
        advocate=advocate,
    )
    late = a_case(
        organisation, submitted=NOW - 8 * DAY, assigned_after=4 * HOUR, contacted_after=4 * DAY, advocate=advocate
    )
    waiting = a_case(organisation, submitted=NOW - 3 * DAY, status=CaseStatus.NEW, target_days=1)
    old = a_case(
        organisation,
        submitted=NOW - 400 * DAY,
        status=CaseStatus.CLOSED,
        assigned_after=HOUR,
        contacted_after=DAY,
        closed_after=30 * DAY,
        outcome=CaseOutcome.STABILISED,
        advocate=advocate,
    )
    elsewhere = a_case(
        OrganisationFactory(name="MS Society Elsewhere", countries=["CA"], timezone="America/Toronto"),
        submitted=NOW - 5 * DAY,
        assigned_after=HOUR,
    )
    return {"advocate": advocate, "done": done, "late": late, "waiting": waiting, "old": old, "elsewhere": elsewhere}


def test_counts_the_requests_waits_and_outcomes_in_the_range(supervisor, life):
    f = metrics_for_user(user=supervisor, range=LAST_30_DAYS).single

    assert f.organisation == supervisor.organisation
    assert f.received == 3
    assert f.open_now == 2  # the late one in progress, the waiting one
    # Assigned after 2 and 4 hours: the median between them, the 90th percentile near the slower.
    assert f.to_assignment.count == 2
    assert f.to_assignment.median == pytest.approx(3 * 3600)
    assert f.to_assignment.p90 == pytest.approx(3.8 * 3600)
    assert f.to_first_contact.count == 2
    assert f.to_first_contact.median == pytest.approx(2.5 * 86400)
    assert f.to_resolution.count == 1
    assert f.to_resolution.median == pytest.approx(5 * 86400)
    # Due: the two contacted and the waiting one past its deadline; in time: only the first.
    assert (f.contact_due, f.contacted_on_time) == (3, 1)
    assert f.closures == {CaseOutcome.NEEDS_MET: 1}
    assert f.needs == {"transport": 3, "financial_assistance": 3}
    assert sum(f.weekly["received"].values()) == 3
    assert sum(f.weekly["contacted"].values()) == 2
    assert sum(f.weekly["resolved"].values()) == 1
    [ann] = f.advocates
    assert (ann.open_cases, ann.capacity) == (1, 2)


def test_a_longer_range_counts_the_older_case(supervisor, life):
    year = MetricsRange(datetime.date(2025, 10, 1), datetime.date(2026, 11, 25))
    f = metrics_for_user(user=supervisor, range=year).single
    assert f.received == 4
    assert f.closures == {CaseOutcome.NEEDS_MET: 1, CaseOutcome.STABILISED: 1}


def test_days_are_the_organisations_own(other_org_supervisor):
    """Toronto is five hours behind UTC in November: 03:00 UTC on 1 November is still 31 October there."""
    organisation = other_org_supervisor.organisation
    a_case(organisation, submitted=datetime.datetime(2026, 11, 1, 3, 0, tzinfo=datetime.UTC), status=CaseStatus.NEW)
    a_case(organisation, submitted=datetime.datetime(2026, 11, 1, 6, 0, tzinfo=datetime.UTC), status=CaseStatus.NEW)
    november = MetricsRange(datetime.date(2026, 11, 1), datetime.date(2026, 11, 25))
    assert metrics_for_user(user=other_org_supervisor, range=november).single.received == 1


def test_overdue_follow_ups_are_counted_for_the_team_and_each_advocate(supervisor, life):
    FollowUpFactory(case=life["late"], owner=life["advocate"], due_at=NOW - DAY)
    FollowUpFactory(case=life["late"], owner=life["advocate"], due_at=NOW + DAY)
    FollowUpFactory(case=life["late"], owner=life["advocate"], due_at=NOW - DAY, completed_at=NOW)
    f = metrics_for_user(user=supervisor, range=LAST_30_DAYS).single
    assert f.overdue_follow_ups == 1
    assert [a.overdue for a in f.advocates] == [1]


def test_referral_outcomes_by_need(supervisor, life):
    case = life["late"]
    transport = case.needs.get(category="transport")
    ReferralFactory(case=case, need=transport, outcome=ReferralOutcome.RECEIVED_HELP, referred_by=life["advocate"])
    ReferralFactory(case=case, need=transport, outcome=ReferralOutcome.NOT_ELIGIBLE, referred_by=life["advocate"])
    ReferralFactory(case=case, need=transport, referred_by=life["advocate"])
    ReferralFactory(case=case, need=None, outcome=ReferralOutcome.RECEIVED_HELP, referred_by=life["advocate"])
    f = metrics_for_user(user=supervisor, range=LAST_30_DAYS).single
    assert f.referrals["transport"] == {"received_help": 1, "not_eligible": 1, "": 1}
    assert f.referrals[""] == {"received_help": 1}


def assess(case, when, **levels):
    assessment = Assessment.objects.create(case=case, assessed_by=case.assigned_to, assessed_at=when)
    for domain, level in levels.items():
        AssessmentRating.objects.create(assessment=assessment, domain=domain, level=level)


def test_needs_assessment_change_from_the_first_rating_to_the_latest(supervisor, life):
    assess(life["late"], NOW - 60 * DAY, transport=NeedLevel.URGENT, money_benefits=NeedLevel.SOME)
    assess(life["late"], NOW - 30 * DAY, transport=NeedLevel.URGENT, money_benefits=NeedLevel.URGENT)
    assess(life["late"], NOW - 5 * DAY, transport=NeedLevel.SOME, money_benefits=NeedLevel.SOME)
    assess(life["done"], NOW - 20 * DAY, transport=NeedLevel.NO_NEED)
    assess(life["done"], NOW - 2 * DAY, transport=NeedLevel.URGENT)
    # Assessed only once: nothing to compare.
    assess(life["old"], NOW - 3 * DAY, transport=NeedLevel.URGENT)
    f = metrics_for_user(user=supervisor, range=LAST_30_DAYS).single
    assert f.assessment_change == {
        "transport": {"better": 1, "same": 0, "worse": 1},
        "money_benefits": {"better": 0, "same": 1, "worse": 0},
    }


def test_the_latest_rating_is_the_last_before_the_range_ends(supervisor, life):
    """A later reassessment, after the range, does not count; nor does a case reassessed only
    before the range."""
    assess(life["late"], NOW - 60 * DAY, transport=NeedLevel.SOME)
    assess(life["late"], NOW - 30 * DAY, transport=NeedLevel.URGENT)
    assess(life["late"], NOW - 5 * DAY, transport=NeedLevel.NO_NEED)
    assess(life["done"], NOW - 50 * DAY, transport=NeedLevel.SOME)
    assess(life["done"], NOW - 45 * DAY, transport=NeedLevel.URGENT)
    six_weeks_to_ten_days_ago = MetricsRange((NOW - 40 * DAY).date(), (NOW - 10 * DAY).date())
    f = metrics_for_user(user=supervisor, range=six_weeks_to_ten_days_ago).single
    assert f.assessment_change == {"transport": {"better": 0, "same": 0, "worse": 1}}
    f = metrics_for_user(user=supervisor, range=LAST_30_DAYS).single
    assert f.assessment_change == {"transport": {"better": 1, "same": 0, "worse": 0}}


def kept_assessments(case: Case) -> tuple[list | None, list | None]:
    """What the case keeps of its assessments (``Case.assessment_times``, ``assessment_ratings``)."""
    case.refresh_from_db(fields=["assessment_times", "assessment_ratings"])
    return case.assessment_times, case.assessment_ratings


def assessments_of(case: Case) -> tuple[list | None, list | None]:
    """The same, read from its assessments and their ratings: nothing until there are two."""
    assessments = list(Assessment.objects.filter(case=case).order_by("assessed_at", "id").prefetch_related("ratings"))
    if len(assessments) < 2:
        return None, None
    return [a.assessed_at for a in assessments], [{r.domain: r.level for r in a.ratings.all()} for a in assessments]


def test_the_case_keeps_its_assessments_as_they_are_recorded_changed_and_removed(supervisor, organisation):
    case = AssignedCaseFactory(organisation=organisation)
    advocate = case.assigned_to

    def record(at: datetime.datetime, **levels: str) -> Assessment:
        with time_machine.travel(at, tick=False):
            ratings = {domain: services.Rating(level) for domain, level in levels.items()}
            return services.assessment_record(case=case, actor=advocate, ratings=ratings).assessment

    first = record(NOW - 40 * DAY, transport=NeedLevel.URGENT, work=NeedLevel.SOME)
    assert kept_assessments(case) == (None, None)  # nothing to compare yet
    record(NOW - DAY, transport=NeedLevel.SOME, work=NeedLevel.SOME, isolation=NeedLevel.NO_NEED)
    assert kept_assessments(case) == assessments_of(case) != (None, None)
    assert kept_assessments(case)[1][0] == {"transport": "urgent", "work": "some"}

    AssessmentRating.objects.create(assessment=first, domain=AssessmentDomain.ISOLATION, level=NeedLevel.URGENT)
    AssessmentRating.objects.filter(assessment=first, domain=AssessmentDomain.WORK).update(level=NeedLevel.URGENT)
    AssessmentRating.objects.filter(assessment=first, domain=AssessmentDomain.TRANSPORT).delete()
    assert kept_assessments(case)[1][0] == {"isolation": "urgent", "work": "urgent"}
    Assessment.objects.filter(pk=first.pk).update(assessed_at=NOW)  # now the latest
    assert kept_assessments(case) == assessments_of(case)
    assert kept_assessments(case)[1][-1] == {"isolation": "urgent", "work": "urgent"}

    first.ratings.all().delete()
    first.delete()
    assert kept_assessments(case) == (None, None)


def test_joining_two_cases_moves_what_each_keeps_of_its_assessments(supervisor, organisation):
    person = ClientFactory()
    keep = AssignedCaseFactory(organisation=organisation, applicant=person)
    remove = CaseFactory(organisation=organisation, applicant=person)
    for case, days_ago in ((keep, 60), (remove, 50), (remove, 20)):
        with time_machine.travel(NOW - days_ago * DAY, tick=False):
            ratings = {AssessmentDomain.TRANSPORT: services.Rating(NeedLevel.URGENT if days_ago > 30 else "some")}
            services.assessment_record(case=case, actor=supervisor, ratings=ratings)
    assert kept_assessments(remove) == assessments_of(remove) != (None, None)
    assert kept_assessments(keep) == (None, None)

    services.case_merge(keep=keep, remove=remove, actor=supervisor, reason="Same person, asked twice")

    assert kept_assessments(remove) == (None, None)
    assert kept_assessments(keep) == assessments_of(keep)
    assert len(kept_assessments(keep)[0]) == 3
    f = metrics_for_user(user=supervisor, range=LAST_30_DAYS).single
    assert f.assessment_change == {"transport": {"better": 1, "same": 0, "worse": 0}}


def test_the_number_of_queries_does_not_grow_with_the_data(supervisor, organisation, django_assert_num_queries):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            metrics_for_user(user=supervisor, range=LAST_30_DAYS)
        return len(queries)

    a_case(organisation, submitted=NOW - 2 * DAY, assigned_after=HOUR, contacted_after=DAY)
    small = count()
    for days in range(1, 12):
        case = a_case(organisation, submitted=NOW - days * DAY, assigned_after=HOUR, contacted_after=DAY)
        FollowUpFactory(case=case, owner=case.assigned_to, due_at=NOW - DAY)
        ReferralFactory(case=case, referred_by=case.assigned_to, outcome=ReferralOutcome.DECLINED)
    assert count() == small == METRICS_QUERIES


def test_the_site_admin_sees_every_organisation_side_by_side(site_admin, life, organisation):
    metrics = metrics_for_user(user=site_admin, range=LAST_30_DAYS)
    received = {f.organisation.name: f.received for f in metrics.organisations}
    assert received == {organisation.name: 3, "MS Society Elsewhere": 1}
    one = metrics_for_user(user=site_admin, range=LAST_30_DAYS, organisation_id=organisation.pk)
    assert one.single.organisation == organisation


# --- the page ------------------------------------------------------------------------------


def test_the_page_shows_each_chart_with_its_title_description_and_table(client, supervisor, life):
    client.force_login(supervisor)
    response = client.get(reverse("metrics"))
    assert response.status_code == 200
    page = response.content.decode()
    for chart in ("chart-weekly", "chart-caseloads", "chart-needs", "chart-closures"):
        assert f'aria-labelledby="{chart}-title"' in page
        assert f'<title id="{chart}-title">' in page
        assert f'<desc id="{chart}-desc">' in page
    # Eight tables; with no referral and no reassessment yet, those two say so instead.
    assert page.count('<table class="govuk-table') == 6
    assert page.count("Nothing to count in these dates.") == 2
    assert "Caseload per advocate" in page and "Ann" in page
    assert "metrics/needs.csv" in page
    # The range shown: the last twelve months.
    assert "From 26 November 2025 to 25 November 2026." in page


def test_the_chosen_dates_are_counted(client, supervisor, life):
    client.force_login(supervisor)
    query = {"start_day": 16, "start_month": 11, "start_year": 2026, "end_day": 25, "end_month": 11, "end_year": 2026}
    response = client.get(reverse("metrics"), query)
    assert response.status_code == 200
    assert "From 16 November 2026 to 25 November 2026." in response.content.decode()
    table = {row[0].text: row[1].value for row in _table(response, "summary").rows}
    assert table["Requests received"] == 2  # the one ten days ago is before the 16th


def _table(response, slug):
    return next(t for t in response.context["tables"] if t.slug == slug)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start_day": 20, "start_month": 11, "start_year": 2026, "end_day": 1, "end_month": 11, "end_year": 2026},
         "The end date must be the same as or after the start date"),
        ({"start_day": 1, "start_month": 11, "start_year": 2026, "end_day": 1, "end_month": 12, "end_year": 2026},
         "The end date must be today or in the past"),
        ({"start_day": 31, "start_month": 2, "start_year": 2026, "end_day": 1, "end_month": 11, "end_year": 2026},
         "Enter a real date"),
        ({"start_day": 1, "start_month": 1, "start_year": 2020, "end_day": 1, "end_month": 11, "end_year": 2026},
         "Choose dates no more than 3 years apart"),
    ],
)  # fmt: skip
def test_bad_dates_are_explained_and_the_last_twelve_months_shown(client, supervisor, life, query, message):
    client.force_login(supervisor)
    response = client.get(reverse("metrics"), query)
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page and message in page
    assert response.context["metrics"].range == MetricsRange(datetime.date(2025, 11, 26), datetime.date(2026, 11, 25))
    assert client.get(reverse("metrics_csv", args=["needs"]), query).status_code == 400


def test_each_table_downloads_as_csv_with_the_raw_numbers(client, supervisor, life):
    client.force_login(supervisor)
    response = client.get(reverse("metrics_csv", args=["timings"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="metrics-timings-2025-11-26-to-2026-11-25.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Step", "Cases", "Median", "90th percentile"]
    assert rows[1] == ["From request to assignment", "2", "3.0", "3.8"]  # hours
    for slug in ("summary", "weekly", "caseloads", "needs", "referrals", "closures", "assessment"):
        assert client.get(reverse("metrics_csv", args=[slug])).status_code == 200
    assert client.get(reverse("metrics_csv", args=["nonsense"])).status_code == 404


def test_csv_cells_a_spreadsheet_would_run_as_formulas_are_written_as_text(client, supervisor, organisation):
    AdvocateFactory(organisation=organisation, first_name="=HYPERLINK(1)", last_name="")
    client.force_login(supervisor)
    rows = list(csv.reader(io.StringIO(client.get(reverse("metrics_csv", args=["caseloads"])).content.decode())))
    assert rows[1][0] == "'=HYPERLINK(1)"


def test_a_supervisor_sees_only_their_own_organisation(client, other_org_supervisor, life):
    client.force_login(other_org_supervisor)
    response = client.get(reverse("metrics"))
    [figures] = response.context["metrics"].organisations
    assert figures.organisation == other_org_supervisor.organisation
    assert figures.received == 1
    # The other society's advocate is nowhere: not in the caseloads, not on the page. (By her full
    # name: the signed-in supervisor's own made-up first name may contain "Ann".)
    ann = life["done"].assigned_to
    assert ann.first_name == "Ann"
    assert all(row[0].text != ann.get_full_name() for row in _table(response, "caseloads").rows)
    assert ann.get_full_name() not in response.content.decode()
    # Choosing an organisation is the site admin's: the parameter is ignored for anyone else.
    response = client.get(reverse("metrics"), {"organisation": str(life["done"].organisation_id)})
    assert response.context["metrics"].single.organisation == other_org_supervisor.organisation


def test_the_site_admin_compares_organisations_and_can_choose_one(client, site_admin, life, organisation):
    client.force_login(site_admin)
    response = client.get(reverse("metrics"))
    assert response.status_code == 200
    comparison = _table(response, "organisations")
    received = {row[0].text: row[1].value for row in comparison.rows}
    assert received[organisation.display_name] == 3
    assert len(received) == 2
    assert 'aria-labelledby="chart-organisations-title"' in response.content.decode()
    query = {"organisation": str(organisation.pk)}
    response = client.get(reverse("metrics"), query)
    assert response.context["metrics"].single.organisation == organisation
    unknown = client.get(reverse("metrics"), {"organisation": "00000000-0000-0000-0000-000000000000"})
    assert unknown.status_code == 400


def test_advocates_and_clients_may_not_see_metrics(client, advocate, client_user):
    for user in (advocate, client_user):
        client.force_login(user)
        assert client.get(reverse("metrics")).status_code == 403
        assert client.get(reverse("metrics_csv", args=["needs"])).status_code == 403


def test_the_page_counts_with_a_constant_number_of_queries(client, supervisor, organisation, life):
    client.force_login(supervisor)
    client.get(reverse("metrics"))  # the first request of a session also reads and refreshes it
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("metrics"))
    for days in range(1, 8):
        a_case(organisation, submitted=timezone.now() - days * DAY, assigned_after=HOUR, contacted_after=DAY)
    with CaptureQueriesContext(connection) as second:
        client.get(reverse("metrics"))
    # The session, the user, their organisation, and the counts (the second factor is cached).
    assert len(first) == len(second) == 3 + METRICS_QUERIES


def test_a_request_joined_into_another_as_its_duplicate_is_not_counted_again(supervisor, organisation, life):
    a_case(organisation, submitted=NOW - 2 * DAY, status=CaseStatus.MERGED, assigned_after=HOUR)
    f = metrics_for_user(user=supervisor, range=LAST_30_DAYS).single
    assert f.received == 3
    assert f.to_assignment.count == 2


def test_the_case_keeps_its_milestones_from_its_events(supervisor, organisation):
    """First assigned and first resolved, kept by the database from the events the services
    write: a reassignment or a second resolution after reopening does not move them."""
    from cases import services

    first, second = AdvocateFactory(organisation=organisation), AdvocateFactory(organisation=organisation)
    case = CaseFactory(organisation=organisation)
    with time_machine.travel(NOW + HOUR, tick=False):
        services.case_assign(case=case, advocate=first, actor=supervisor)
    with time_machine.travel(NOW + 2 * HOUR, tick=False):
        services.case_assign(case=case, advocate=second, actor=supervisor, reason="Speaks Welsh")
        services.case_transition(case=case, to=CaseStatus.IN_PROGRESS, actor=second)
    with time_machine.travel(NOW + DAY, tick=False):
        services.case_transition(case=case, to=CaseStatus.RESOLVED, actor=second)
    with time_machine.travel(NOW + 2 * DAY, tick=False):
        services.case_transition(case=case, to=CaseStatus.IN_PROGRESS, actor=second, reason="It broke again")
    with time_machine.travel(NOW + 3 * DAY, tick=False):
        services.case_transition(case=case, to=CaseStatus.CLOSED, actor=second, outcome=CaseOutcome.NEEDS_MET)
    case.refresh_from_db()
    assert case.assigned_at == NOW + HOUR
    assert case.resolved_at == NOW + DAY
    assert case.closed_at == NOW + 3 * DAY
