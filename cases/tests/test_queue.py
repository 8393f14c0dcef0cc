"""The supervisor's queue: waiting requests in order, with their deadlines in working days,
filters and counts; the advocates suggested for one, with reasons; assigning one or many, and
two supervisors assigning the same request at once; automatic assignment."""

from __future__ import annotations

import datetime
import threading

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import Absence
from accounts.tests.factories import AdvocateFactory, SupervisorFactory
from cases import services
from cases.choices import CaseStatus, EventKind
from cases.models import Case
from cases.notifications import CASE_ASSIGNED, NEW_CASE, NO_ADVOCATE_AVAILABLE
from cases.selectors import QueueFilters, assignment_suggestions, queue_for_user, supervisor_counts
from notifications.models import Notification

from .factories import AssignedCaseFactory, CaseFactory, RequestDraftFactory

pytestmark = pytest.mark.django_db

#: A Wednesday in a week without public holidays in England.
WEDNESDAY = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def on_a_wednesday():
    with time_machine.travel(WEDNESDAY, tick=False):
        yield


def waiting(organisation, **kwargs) -> Case:
    kwargs.setdefault("first_contact_due", datetime.date(2026, 12, 4))
    case = CaseFactory(organisation=organisation, **kwargs)
    case.refresh_from_db()  # the needs the database noted on it
    return case


def sent(case: Case, days_ago: float) -> Case:
    Case.objects.filter(pk=case.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=days_ago))
    return case


def references(supervisor, **filters) -> list[str]:
    return [row.reference for row in queue_for_user(user=supervisor, filters=QueueFilters(**filters)).page]


def test_urgent_first_then_the_longest_waiting(supervisor, organisation):
    recent = sent(waiting(organisation, reference="MS-RECENT001"), 0.1)
    old = sent(waiting(organisation, reference="MS-OLDEST001"), 3)
    urgent_recent = sent(waiting(organisation, reference="MS-URGENT002", is_urgent=True), 0.2)
    urgent_old = sent(waiting(organisation, reference="MS-URGENT001", is_urgent=True), 1)
    AssignedCaseFactory(organisation=organisation, reference="MS-ASSIGNED1")
    waiting(SupervisorFactory().organisation, reference="MS-ELSEWHER", country="DK")
    assert references(supervisor) == [
        urgent_old.reference,
        urgent_recent.reference,
        old.reference,
        recent.reference,
    ]


def test_each_deadline_in_working_days_and_the_counts(supervisor, organisation):
    # Wednesday 25 November: Thursday is 1 working day away; the Monday after is 3.
    waiting(organisation, reference="MS-PAST0001", first_contact_due=datetime.date(2026, 11, 24))
    waiting(organisation, reference="MS-TODAY001", first_contact_due=datetime.date(2026, 11, 25))
    waiting(organisation, reference="MS-TOMORROW", first_contact_due=datetime.date(2026, 11, 26))
    waiting(organisation, reference="MS-MONDAY01", first_contact_due=datetime.date(2026, 11, 30), is_urgent=True)
    queue = queue_for_user(user=supervisor, filters=QueueFilters())
    left = {row.reference: row.days_left for row in queue.page}
    assert left == {"MS-PAST0001": -1, "MS-TODAY001": 0, "MS-TOMORROW": 1, "MS-MONDAY01": 3}
    assert queue.counts == {"waiting": 4, "urgent": 1, "at_risk": 2, "overdue": 1}


def test_the_page_says_how_much_of_each_deadline_is_left(client, supervisor, organisation):
    waiting(organisation, reference="MS-PAST0001", first_contact_due=datetime.date(2026, 11, 23))
    waiting(organisation, reference="MS-MONDAY01", first_contact_due=datetime.date(2026, 11, 30))
    client.force_login(supervisor)
    body = client.get(reverse("queue")).content.decode()
    assert "2 working days past" in body and "Past the first-contact target" in body
    assert "3 working days left" in body
    assert "Due by Monday 30 November 2026" in body


def test_filters_by_need_region_and_language(supervisor, organisation):
    waiting(organisation, reference="MS-MONEY-EN", categories=["financial_assistance"], region="GB-ENG")
    waiting(organisation, reference="MS-TRANS-SC", categories=["transport"], region="GB-SCT", language="fr")
    assert references(supervisor, need="transport") == ["MS-TRANS-SC"]
    assert references(supervisor, region="GB-ENG") == ["MS-MONEY-EN"]
    assert references(supervisor, language="fr") == ["MS-TRANS-SC"]
    assert references(supervisor, need="transport", region="GB-ENG") == []


def test_the_queue_reads_the_same_number_of_queries_whatever_its_size(
    client, supervisor, organisation, django_assert_num_queries
):
    client.force_login(supervisor)
    waiting(organisation)
    client.get(reverse("queue"))  # sessions, caches
    # session, user, organisation (filters' regions), counts, closures, page, advocates (the
    # second factor comes from the cache)
    with django_assert_num_queries(7):
        small = client.get(reverse("queue"))
    for number in range(25):
        waiting(organisation, is_urgent=number % 3 == 0, region="GB-SCT" if number % 2 else "GB-ENG")
    with django_assert_num_queries(7):
        large = client.get(reverse("queue"))
    assert small.status_code == large.status_code == 200
    assert "26 requests, urgent first" in large.content.decode()


def test_the_supervisors_start_page_has_the_true_numbers(client, supervisor, organisation):
    waiting(organisation, first_contact_due=datetime.date(2026, 11, 24))
    waiting(organisation, is_urgent=True)
    late = AssignedCaseFactory(organisation=organisation)
    Case.objects.filter(pk=late.pk).update(next_follow_up_at=timezone.now() - datetime.timedelta(hours=1))
    counts = supervisor_counts(user=supervisor)
    assert counts == {"waiting": 2, "urgent": 1, "at_risk": 0, "overdue": 1, "overdue_follow_ups": 1}
    client.force_login(supervisor)
    body = client.get(reverse("home")).content.decode()
    assert "Assign the 2 waiting requests" in body
    assert "No new requests are waiting" not in body


def test_an_empty_queue_says_so(client, supervisor):
    client.force_login(supervisor)
    body = client.get(reverse("queue")).content.decode()
    assert "No new requests are waiting" in body


# --- suggestions ----------------------------------------------------------------------------


def test_advocates_are_ranked_with_their_reasons(organisation):
    case = waiting(organisation, categories=["transport"], region="GB-SCT", language="fr")
    fits = AdvocateFactory(
        organisation=organisation, first_name="Fits", languages=["fr"], regions=["GB-SCT"], expertise=["transport"]
    )
    AdvocateFactory(organisation=organisation, first_name="Speaks", languages=["fr"], regions=["GB-ENG"])
    busy = AdvocateFactory(
        organisation=organisation, first_name="Busy", languages=["fr"], regions=["GB-SCT"], capacity=1
    )
    AssignedCaseFactory(organisation=organisation, assigned_to=busy)
    away = AdvocateFactory(
        organisation=organisation, first_name="Away", languages=["fr"], regions=["GB-SCT"], expertise=["transport"]
    )
    Absence.objects.create(
        advocate=away, covered_by=fits, starts_on=datetime.date(2026, 11, 23), ends_on=datetime.date(2026, 11, 27)
    )
    AdvocateFactory(organisation=organisation, first_name="Nothing", languages=["en"])
    AdvocateFactory(organisation=organisation, first_name="Left", is_active=False)
    AdvocateFactory(first_name="Elsewhere")
    suggestions = assignment_suggestions(case=case, language="fr")
    assert [s.advocate.first_name for s in suggestions] == ["Fits", "Speaks", "Nothing", "Busy", "Away"]
    reasons = {s.advocate.first_name: [r.text for r in s.reasons] for s in suggestions}
    assert reasons["Fits"] == ["Speaks French", "Covers Scotland", "Knows transport", "0 open cases of 40"]
    assert "Does not cover Scotland" in reasons["Speaks"]
    assert "Does not speak French" in reasons["Nothing"]
    assert "1 open cases of 1" in reasons["Busy"]
    assert reasons["Away"][0] == "Away today, until Friday 27 November"
    assert [s.available for s in suggestions] == [True, True, True, False, False]


def test_among_equals_the_least_loaded_then_the_longest_waiting(organisation):
    case = waiting(organisation, categories=["housing"])  # nobody has helped with it before
    # Three with one open case each, last given one now, yesterday and 30 days ago; one with none.
    now = AdvocateFactory(organisation=organisation, first_name="Now")
    AssignedCaseFactory(organisation=organisation, assigned_to=now)
    for name, days in (("Longest", 30), ("Recent", 1)):
        advocate = AdvocateFactory(organisation=organisation, first_name=name)
        with time_machine.travel(WEDNESDAY - datetime.timedelta(days=days), tick=False):
            services.case_assign(case=waiting(organisation), advocate=advocate, actor=None)
    AdvocateFactory(organisation=organisation, first_name="Idle")
    ranked = [s.advocate.first_name for s in assignment_suggestions(case=case)]
    assert ranked == ["Idle", "Longest", "Recent", "Now"]


def test_suggestions_take_one_query_whatever_the_team(organisation, django_assert_num_queries):
    case = waiting(organisation, categories=["transport"])
    AdvocateFactory(organisation=organisation)
    with django_assert_num_queries(1):
        assignment_suggestions(case=case, language="en")
    for _ in range(6):
        advocate = AdvocateFactory(organisation=organisation)
        AssignedCaseFactory(organisation=organisation, assigned_to=advocate, categories=["transport"])
    with django_assert_num_queries(1):
        assert len(assignment_suggestions(case=case, language="en")) == 7


# --- assigning --------------------------------------------------------------------------------


def test_assign_one_from_its_page(client, supervisor, organisation):
    case = waiting(organisation, reference="MS-ASSIGN01")
    sam = AdvocateFactory(organisation=organisation, first_name="Sam", last_name="Lee")
    client.force_login(supervisor)
    page = client.get(reverse("queue_assign", args=[case.pk])).content.decode()
    assert "Sam Lee" in page and "Suggested" in page
    response = client.post(reverse("queue_assign", args=[case.pk]), {"advocate": str(sam.pk)}, follow=True)
    case.refresh_from_db()
    assert (case.status, case.assigned_to) == (CaseStatus.ASSIGNED, sam)
    assert "MS-ASSIGN01 given to Sam Lee. They have been told." in response.content.decode()
    event = case.events.get(kind=EventKind.ASSIGNED)
    assert (event.actor, event.advocate) == (supervisor, sam)
    assert Notification.objects.filter(kind=CASE_ASSIGNED, recipient=sam, about_id=case.pk).exists()
    # And it is in Sam's caseload.
    client.force_login(sam)
    assert "MS-ASSIGN01" in client.get(reverse("caseload")).content.decode()


def test_choosing_nobody_is_refused_with_a_message(client, supervisor, organisation):
    case = waiting(organisation)
    AdvocateFactory(organisation=organisation)
    client.force_login(supervisor)
    response = client.post(reverse("queue_assign", args=[case.pk]), {})
    assert response.status_code == 400
    assert "Select the advocate who should take this request" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.NEW


def test_an_advocate_of_another_society_cannot_be_chosen(client, supervisor, organisation):
    case = waiting(organisation)
    AdvocateFactory(organisation=organisation)
    stranger = AdvocateFactory()
    client.force_login(supervisor)
    response = client.post(reverse("queue_assign", args=[case.pk]), {"advocate": str(stranger.pk)})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.assigned_to is None


def test_a_request_someone_already_assigned_says_who(client, supervisor, organisation):
    case = waiting(organisation, reference="MS-TAKEN001")
    sam = AdvocateFactory(organisation=organisation, first_name="Sam", last_name="Lee")
    kim = AdvocateFactory(organisation=organisation, first_name="Kim", last_name="Ray")
    colleague = SupervisorFactory(organisation=organisation, first_name="Jo", last_name="Park")
    client.force_login(supervisor)
    client.get(reverse("queue_assign", args=[case.pk]))
    services.case_assign(case=case, advocate=sam, actor=colleague)
    response = client.post(reverse("queue_assign", args=[case.pk]), {"advocate": str(kim.pk)})
    assert response.status_code == 409
    assert "Jo Park has just assigned this request to Sam Lee." in response.content.decode()
    case.refresh_from_db()
    assert case.assigned_to == sam


def test_assign_many_at_once_and_hear_about_the_one_taken_meanwhile(client, supervisor, organisation):
    first = waiting(organisation, reference="MS-MANY0001")
    second = waiting(organisation, reference="MS-MANY0002")
    taken = waiting(organisation, reference="MS-MANY0003")
    elsewhere = waiting(SupervisorFactory().organisation, country="DK", reference="MS-ELSEWHER")
    sam = AdvocateFactory(organisation=organisation, first_name="Sam", last_name="Lee")
    kim = AdvocateFactory(organisation=organisation, first_name="Kim", last_name="Ray")
    services.case_assign(case=taken, advocate=kim, actor=SupervisorFactory(organisation=organisation))
    client.force_login(supervisor)
    response = client.post(
        reverse("queue_assign_many"),
        {"cases": [str(first.pk), str(second.pk), str(taken.pk), str(elsewhere.pk)], "advocate": str(sam.pk)},
        follow=True,
    )
    body = response.content.decode()
    assert "2 requests given to Sam Lee: MS-MANY0001, MS-MANY0002." in body
    assert "MS-MANY0003 was not assigned:" in body and "to Kim Ray" in body
    assert "MS-ELSEWHER" not in body
    assert set(Case.objects.filter(assigned_to=sam).values_list("reference", flat=True)) == {
        "MS-MANY0001",
        "MS-MANY0002",
    }
    elsewhere.refresh_from_db()
    assert elsewhere.assigned_to is None


def test_assign_many_without_a_choice_says_what_is_missing(client, supervisor, organisation):
    waiting(organisation)
    AdvocateFactory(organisation=organisation)
    client.force_login(supervisor)
    response = client.post(reverse("queue_assign_many"), {})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Select at least one request to assign" in body
    assert "Choose the advocate to give the selected requests to" in body


def test_a_refused_assignment_keeps_what_was_ticked_and_chosen(client, supervisor, organisation):
    ticked = waiting(organisation, reference="MS-TICKED01")
    waiting(organisation, reference="MS-NOTTICKD")
    sam = AdvocateFactory(organisation=organisation, first_name="Sam", last_name="Lee")
    client.force_login(supervisor)
    response = client.post(reverse("queue_assign_many"), {"cases": [str(ticked.pk)]})
    body = response.content.decode()
    assert response.status_code == 400
    assert body.count(" checked>") == 1
    assert f'value="{ticked.pk}" checked>' in body
    response = client.post(reverse("queue_assign_many"), {"advocate": str(sam.pk)})
    body = response.content.decode()
    assert response.status_code == 400
    assert f'<option value="{sam.pk}" selected>Sam Lee</option>' in body
    assert " checked>" not in body


def test_what_people_wrote_is_escaped_in_the_queue(client, supervisor, organisation):
    waiting(organisation, for_self=False, person_name="<b>Ruth</b> & Co", relationship="partner", person_agreed="yes")
    AdvocateFactory(organisation=organisation, first_name="<i>Sam</i>", last_name="O'Neil")
    client.force_login(supervisor)
    body = client.get(reverse("queue")).content.decode()
    assert "&lt;b&gt;Ruth&lt;/b&gt; &amp; Co" in body and "<b>Ruth</b>" not in body
    assert "&lt;i&gt;Sam&lt;/i&gt; O&#x27;Neil</option>" in body and "<i>Sam</i>" not in body


def test_advocates_may_not_open_the_queue(client, advocate):
    client.force_login(advocate)
    assert client.get(reverse("queue")).status_code == 403


def test_another_societys_supervisor_gets_a_404(client, other_org_supervisor, organisation):
    case = waiting(organisation)
    client.force_login(other_org_supervisor)
    assert client.get(reverse("queue_assign", args=[case.pk])).status_code == 404


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_supervisors_assign_the_same_request_at_once_one_wins(organisation):
    """Each supervisor in their own database connection, released together: the row lock
    decides; exactly one assignment is kept, the other is told who made it."""
    case = waiting(organisation)
    first = SupervisorFactory(organisation=organisation, first_name="Jo", last_name="Park")
    second = SupervisorFactory(organisation=organisation, first_name="Ali", last_name="Khan")
    sam = AdvocateFactory(organisation=organisation, first_name="Sam", last_name="Lee")
    kim = AdvocateFactory(organisation=organisation, first_name="Kim", last_name="Ray")
    start = threading.Barrier(2, timeout=10)
    outcomes: dict[str, str] = {}

    def assign(supervisor, advocate) -> None:
        try:
            start.wait()
            services.case_assign(case=case, advocate=advocate, actor=supervisor, only_if_waiting=True)
            outcomes[supervisor.first_name] = "assigned"
        except services.AlreadyAssigned as error:
            outcomes[supervisor.first_name] = error.message
        finally:
            connection.close()

    threads = [threading.Thread(target=assign, args=(first, sam)), threading.Thread(target=assign, args=(second, kim))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert sorted(outcomes) == ["Ali", "Jo"] and list(outcomes.values()).count("assigned") == 1, outcomes
    winner = "Jo" if outcomes["Jo"] == "assigned" else "Ali"
    loser = "Ali" if winner == "Jo" else "Jo"
    names = {"Jo": ("Jo Park", "Sam Lee"), "Ali": ("Ali Khan", "Kim Ray")}
    assert outcomes[loser] == "{} has just assigned this request to {}.".format(*names[winner])
    case.refresh_from_db()
    assert case.assigned_to.get_full_name() == names[winner][1]
    assert case.events.filter(kind__in=[EventKind.ASSIGNED, EventKind.REASSIGNED]).count() == 1


# --- automatic assignment ---------------------------------------------------------------------


def submit(organisation, **answers) -> Case:
    draft = RequestDraftFactory(country=organisation.countries[0], **answers)
    return services.case_submit(draft_id=draft.pk, applicant=draft.applicant)


def test_automatic_assignment_is_off_by_default(organisation):
    AdvocateFactory(organisation=organisation)
    case = submit(organisation)
    assert (case.status, case.assigned_to) == (CaseStatus.NEW, None)


def test_a_new_request_goes_to_the_best_available_advocate_with_the_reason(client, organisation, supervisor):
    organisation.auto_assign = True
    organisation.save()
    full = AdvocateFactory(organisation=organisation, first_name="Full", capacity=1, languages=["en"])
    AssignedCaseFactory(organisation=organisation, assigned_to=full)
    away = AdvocateFactory(organisation=organisation, first_name="Away", languages=["en"])
    Absence.objects.create(
        advocate=away, covered_by=full, starts_on=datetime.date(2026, 11, 25), ends_on=datetime.date(2026, 11, 25)
    )
    chosen = AdvocateFactory(organisation=organisation, first_name="Chosen", last_name="One", languages=["en"])
    case = submit(organisation, language="en")
    assert (case.status, case.assigned_to) == (CaseStatus.ASSIGNED, chosen)
    event = case.events.get(kind=EventKind.ASSIGNED)
    assert event.actor is None and event.payload["automatic"]["language"] is True
    assert Notification.objects.filter(kind=CASE_ASSIGNED, recipient=chosen).exists()
    client.force_login(supervisor)
    body = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "Assigned to Chosen One automatically: speaks the client's language, had 0 open cases of 40" in body


def test_when_nobody_has_room_the_request_waits_and_supervisors_are_told(organisation, supervisor):
    organisation.auto_assign = True
    organisation.save()
    full = AdvocateFactory(organisation=organisation, capacity=1)
    AssignedCaseFactory(organisation=organisation, assigned_to=full)
    case = submit(organisation)
    assert (case.status, case.assigned_to) == (CaseStatus.NEW, None)
    assert Notification.objects.filter(kind=NO_ADVOCATE_AVAILABLE, recipient=supervisor, about_id=case.pk).exists()
    assert Notification.objects.filter(kind=NEW_CASE, recipient=supervisor, about_id=case.pk).exists()


def test_a_big_team_shows_the_best_ten_and_the_rest_a_link_away(client, supervisor, organisation):
    case = waiting(organisation, language="fr")
    best = AdvocateFactory(organisation=organisation, first_name="Best", languages=["fr"])
    others = [
        AdvocateFactory(organisation=organisation, first_name=f"Other{n:02d}", languages=["en"]) for n in range(14)
    ]
    client.force_login(supervisor)
    page = client.get(reverse("queue_assign", args=[case.pk])).content.decode()
    assert page.count('name="advocate" type="radio"') == 10
    assert "Best" in page and "Show 5 more advocates" in page
    everyone = client.get(reverse("queue_assign", args=[case.pk]) + "?all=1").content.decode()
    assert everyone.count('name="advocate" type="radio"') == 15
    # The last of the list can still be chosen (from the full list), and is.
    last = others[-1]
    response = client.post(reverse("queue_assign", args=[case.pk]), {"advocate": str(last.pk)})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assigned_to == last and best.pk != last.pk


# --- reassigning ------------------------------------------------------------------------------


def test_a_supervisor_reassigns_a_case_with_the_reason(client, supervisor, organisation):
    sam = AdvocateFactory(organisation=organisation, first_name="Sam", last_name="Lee")
    kim = AdvocateFactory(organisation=organisation, first_name="Kim", last_name="Ray")
    case = AssignedCaseFactory(organisation=organisation, assigned_to=sam)
    client.force_login(supervisor)
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "Give the case to another advocate" in page
    url = reverse("case_reassign", args=[case.pk])
    form = client.get(url).content.decode()
    assert "Kim Ray" in form and f'<option value="{sam.pk}"' not in form  # not to whom it is with
    response = client.post(url, {"advocate": str(kim.pk), "reason": "Sam is going part-time", "version": case.version})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assigned_to == kim
    event = case.events.get(kind=EventKind.REASSIGNED)
    assert (event.actor, event.advocate, event.payload["reason"]) == (supervisor, kim, "Sam is going part-time")
    assert Notification.objects.filter(kind=CASE_ASSIGNED, recipient=kim, about_id=case.pk).exists()
    # Sam no longer sees it; Kim does.
    client.force_login(sam)
    assert client.get(reverse("case_detail", args=[case.pk])).status_code == 404
    client.force_login(kim)
    assert client.get(reverse("case_detail", args=[case.pk])).status_code == 200


def test_reassigning_without_a_reason_is_refused(client, supervisor, organisation):
    case = AssignedCaseFactory(organisation=organisation)
    kim = AdvocateFactory(organisation=organisation)
    client.force_login(supervisor)
    response = client.post(reverse("case_reassign", args=[case.pk]), {"advocate": str(kim.pk), "version": case.version})
    assert response.status_code == 400
    assert "Say why the case changes hands" in response.content.decode()
    case.refresh_from_db()
    assert case.assigned_to != kim


def test_reassigning_from_a_page_opened_before_a_colleagues_change_is_told(client, supervisor, organisation):
    sam = AdvocateFactory(organisation=organisation, first_name="Sam", last_name="Lee")
    kim = AdvocateFactory(organisation=organisation, first_name="Kim", last_name="Ray")
    jo = AdvocateFactory(organisation=organisation, first_name="Jo", last_name="Park")
    case = AssignedCaseFactory(organisation=organisation, assigned_to=sam)
    seen = case.version
    services.case_assign(case=case, advocate=jo, actor=SupervisorFactory(organisation=organisation), reason="Cover")
    client.force_login(supervisor)
    response = client.post(
        reverse("case_reassign", args=[case.pk]), {"advocate": str(kim.pk), "reason": "Balance", "version": seen}
    )
    assert response.status_code == 409
    assert "it is now with Jo Park" in response.content.decode()
    case.refresh_from_db()
    assert case.assigned_to == jo


def test_advocates_cannot_reassign(client, organisation):
    sam = AdvocateFactory(organisation=organisation)
    case = AssignedCaseFactory(organisation=organisation, assigned_to=sam)
    client.force_login(sam)
    assert client.get(reverse("case_reassign", args=[case.pk])).status_code == 403
    assert (
        "Give the case to another advocate" not in client.get(reverse("case_detail", args=[case.pk])).content.decode()
    )


# --- passing a case to another society ----------------------------------------------------------


def test_a_case_passed_to_another_society_joins_its_queue_with_its_history(client, supervisor, organisation):
    from accounts.tests.factories import OrganisationFactory

    canada = OrganisationFactory(name="MS Canada", countries=["CA"], timezone="America/Toronto")
    their_supervisor = SupervisorFactory(organisation=canada, first_name="Jennifer", last_name="Wong")
    sam = AdvocateFactory(organisation=organisation)
    case = AssignedCaseFactory(organisation=organisation, assigned_to=sam, reference="MS-MOVE-0001")
    events_before = case.events.count()
    client.force_login(supervisor)
    url = reverse("case_transfer", args=[case.pk])
    assert "Canada" in client.get(url).content.decode()
    response = client.post(
        url, {"country": "CA", "region": "CA-ON", "reason": "The client moved to Toronto."}, follow=True
    )
    assert "MS-MOVE-0001 is passed to the other society" in response.content.decode()
    case.refresh_from_db()
    assert (case.organisation, case.status, case.assigned_to, case.country, case.region) == (
        canada,
        CaseStatus.TRANSFERRED,
        None,
        "CA",
        "CA-ON",
    )
    assert case.events.count() == events_before + 1  # its history came with it
    moved = case.events.get(kind=EventKind.TRANSFERRED)
    assert moved.payload["reason"] == "The client moved to Toronto."
    # Access moved with it: the old society's staff get 404, the new supervisor has it in the queue.
    assert client.get(reverse("case_detail", args=[case.pk])).status_code == 404
    client.force_login(sam)
    assert client.get(reverse("case_detail", args=[case.pk])).status_code == 404
    client.force_login(their_supervisor)
    assert "MS-MOVE-0001" in client.get(reverse("queue")).content.decode()
    assert client.get(reverse("case_detail", args=[case.pk])).status_code == 200
    assert Notification.objects.filter(kind=NEW_CASE, recipient=their_supervisor, about_id=case.pk).exists()
    # And they can assign it.
    theirs = AdvocateFactory(organisation=canada)
    client.post(reverse("queue_assign", args=[case.pk]), {"advocate": str(theirs.pk)})
    case.refresh_from_db()
    assert (case.status, case.assigned_to) == (CaseStatus.ASSIGNED, theirs)


def test_passing_a_case_on_needs_a_country_served_elsewhere_and_a_reason(client, supervisor, organisation):
    from accounts.tests.factories import OrganisationFactory

    OrganisationFactory(countries=["DE"])
    case = AssignedCaseFactory(organisation=organisation)
    client.force_login(supervisor)
    url = reverse("case_transfer", args=[case.pk])
    for data, message in [
        ({"country": "DE", "reason": ""}, "Say why the case is passed on"),
        ({"country": "", "reason": "Moved"}, "Choose the country the client lives in now"),
        ({"country": "GB", "reason": "Moved"}, "Choose one of the countries listed"),
        ({"country": "DE", "region": "GB-SCT", "reason": "Moved"}, "Choose a region of the country you chose"),
    ]:
        response = client.post(url, data)
        assert response.status_code == 400 and message in response.content.decode(), message
    case.refresh_from_db()
    assert case.organisation == organisation
