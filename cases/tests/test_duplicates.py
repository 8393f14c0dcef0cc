"""Possible duplicates and joining two cases of the same person.

A request that looks like the same person as another open or recent case is flagged in the queue
with the reason (``cases.selectors.duplicates``); a supervisor joins two such cases
(``services.case_merge``): one remains, with both histories on its timeline, and the join is an
event on both."""

from __future__ import annotations

import datetime

import pytest
from django.db import InternalError, ProgrammingError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import AdvocateFactory, ClientFactory, SupervisorFactory
from cases import services
from cases.choices import AssessmentDomain, CaseOutcome, CaseStatus, DuplicateReason, EventKind, NeedLevel
from cases.models import Case, CaseEvent, FollowUp, Interaction, Message, Need, Note, Referral
from cases.notifications import CASES_MERGED
from cases.selectors import (
    QueueFilters,
    case_possible_duplicates,
    case_record_for_user,
    queue_for_user,
)
from cases.services import merge as merge_module
from notifications.models import Notification
from patientportal.errors import InvalidInput, InvalidState, NotAllowed, NotFound

from .factories import AssignedCaseFactory, CaseFactory, FollowUpFactory, InteractionFactory, ReferralFactory

pytestmark = pytest.mark.django_db

_phones = iter(range(100, 10_000))


def request_for(organisation, name: str, *, factory=CaseFactory, phone: str = "", email: str = "", **kwargs) -> Case:
    """A request for ``name``, made by a carer (their own account unless ``applicant``), with a
    phone number no other request has unless one is given."""
    kwargs.setdefault("applicant", ClientFactory(first_name="Carer", last_name=f"Number {next(_phones)}"))
    case = factory(
        organisation=organisation,
        for_self=False,
        person_name=name,
        relationship="partner",
        person_agreed="yes",
        phone=phone or f"020 7946 {next(_phones):04d}",
        contact_email=email,
        **kwargs,
    )
    case.refresh_from_db()
    return case


def flag(supervisor, case: Case):
    """What the queue says of ``case``: its possible duplicate, or None."""
    rows = {row.reference: row for row in queue_for_user(user=supervisor, filters=QueueFilters()).page}
    return rows[case.reference].duplicate


def finished(case: Case, *, days_ago: int) -> Case:
    """``case`` closed ``days_ago`` days ago (through the lifecycle, then dated back)."""
    services.case_transition(case=case, to=CaseStatus.IN_PROGRESS, actor=case.assigned_to)
    services.case_transition(case=case, to=CaseStatus.CLOSED, actor=case.assigned_to, outcome=CaseOutcome.NEEDS_MET)
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - datetime.timedelta(days=days_ago))
    return case


# --- who looks like the same person ----------------------------------------------------------------


def test_the_same_account_asking_again_for_the_same_person_is_flagged(supervisor, organisation):
    person = ClientFactory(first_name="Patrick", last_name="Quinn")
    first = AssignedCaseFactory(organisation=organisation, applicant=person, reference="MS-FIRST-001")
    again = CaseFactory(organisation=organisation, applicant=person, reference="MS-AGAIN-001", phone="0161 496 0999")
    assert flag(supervisor, again).reason == DuplicateReason.SAME_ACCOUNT
    assert flag(supervisor, again).reference == first.reference


def test_a_carer_asking_for_two_different_people_is_not_flagged(supervisor, organisation):
    carer = ClientFactory()
    request_for(organisation, "Ruth Okafor", applicant=carer)
    brother = request_for(organisation, "Ben Okafor", applicant=carer)
    assert flag(supervisor, brother) is None


def test_a_close_name_with_the_same_phone_written_another_way_is_flagged(supervisor, organisation):
    person = ClientFactory(first_name="Patrick", last_name="Quinn")
    theirs = AssignedCaseFactory(organisation=organisation, applicant=person, phone="01632 960 105")
    partners = request_for(organisation, "Patrick Quin", phone="+44 1632 960105")
    found = flag(supervisor, partners)
    assert (found.reason, found.reference) == (DuplicateReason.SAME_NAME_AND_PHONE, theirs.reference)


def test_a_close_name_with_the_same_e_mail_in_other_letters_is_flagged(supervisor, organisation):
    first = request_for(organisation, "Ruth Okafor", factory=AssignedCaseFactory, email="Ruth.Okafor@example.test")
    second = request_for(organisation, "Ruth Okafur", email="ruth.okafor@EXAMPLE.test")
    found = flag(supervisor, second)
    assert (found.reason, found.reference) == (DuplicateReason.SAME_NAME_AND_EMAIL, first.reference)


def test_the_reason_is_shown_in_the_queue_with_a_way_to_join_them(client, supervisor, organisation):
    first = request_for(organisation, "Ruth Okafor", factory=AssignedCaseFactory, phone="01632 960 222")
    second = request_for(organisation, "Ruth Okafor", phone="01632960222")
    client.force_login(supervisor)
    page = client.get(reverse("queue")).content.decode()
    assert "Possible duplicate" in page
    assert f"Same name and phone number as {first.reference}" in page
    assert reverse("case_merge", args=[second.pk]) in page


@pytest.mark.parametrize(
    "other",
    [
        "another society",
        "closed long ago",
        "another phone and e-mail",
        "same phone, another name",
        "withdrawn",
    ],
)
def test_what_is_not_a_duplicate(supervisor, organisation, other):
    phone = "01632 960 333"
    if other == "another society":
        request_for(SupervisorFactory().organisation, "Ruth Okafor", phone=phone, country="DK")
    elif other == "closed long ago":
        finished(request_for(organisation, "Ruth Okafor", factory=AssignedCaseFactory, phone=phone), days_ago=120)
    elif other == "another phone and e-mail":
        request_for(organisation, "Ruth Okafor", phone="01632 960 444", email="ruth@example.test")
    elif other == "same phone, another name":
        request_for(organisation, "Graham Reid", phone=phone)
    else:
        withdrawn = request_for(organisation, "Ruth Okafor", phone=phone)
        services.case_withdraw(case=withdrawn, acting_user=withdrawn.applicant, reason="Sorted")
    new = request_for(organisation, "Ruth Okafor", phone=phone, email="other@example.test")
    assert flag(supervisor, new) is None


def test_a_case_closed_recently_still_counts(supervisor, organisation):
    phone = "01632 960 555"
    closed = finished(request_for(organisation, "Ruth Okafor", factory=AssignedCaseFactory, phone=phone), days_ago=30)
    new = request_for(organisation, "Ruth Okafor", phone=phone)
    assert flag(supervisor, new).reference == closed.reference


def test_the_queue_reads_its_duplicates_in_the_same_queries_whatever_its_size(
    client, supervisor, organisation, django_assert_num_queries
):
    """7, as without duplicates (``test_queue``): session, user, organisation, counts, closures,
    the page of rows with their possible duplicates, advocates."""
    client.force_login(supervisor)
    request_for(organisation, "Ruth Okafor", factory=AssignedCaseFactory, phone="01632 960 666")
    request_for(organisation, "Ruth Okafor", phone="01632 960 666")
    client.get(reverse("queue"))
    with django_assert_num_queries(7):
        small = client.get(reverse("queue"))
    for number in range(8):
        name = f"Person Number{number}"
        request_for(organisation, name, factory=AssignedCaseFactory, email=f"p{number}@example.test")
        request_for(organisation, name, email=f"P{number}@example.test")
        request_for(organisation, f"Someone Else{number}")
    with django_assert_num_queries(7):
        large = client.get(reverse("queue"))
    assert small.status_code == large.status_code == 200
    assert large.content.decode().count("Possible duplicate") == 9


# --- joining two cases -------------------------------------------------------------------------------


@pytest.fixture
def pair(organisation):
    """Ruth's case being worked on (needs: transport, money), and a second request for her from
    the same carer, urgent and waiting in the queue (needs: transport, housing)."""
    carer = ClientFactory(first_name="Sam", last_name="Okafor")
    keep = request_for(
        organisation,
        "Ruth Okafor",
        factory=AssignedCaseFactory,
        applicant=carer,
        phone="01632 960 777",
        reference="MS-KEEP-0001",
        categories=["transport", "financial_assistance"],
    )
    remove = request_for(
        organisation,
        "Ruth Okafor",
        applicant=carer,
        phone="01632 960 777",
        reference="MS-JOIN-0001",
        categories=["transport", "housing"],
        is_urgent=True,
    )
    return keep, remove


def test_joining_moves_the_work_and_keeps_both_histories(supervisor, pair):
    keep, remove = pair
    helper = AdvocateFactory(organisation=keep.organisation)
    InteractionFactory(case=remove, logged_by=helper)
    FollowUpFactory(case=remove, owner=helper)
    note = Note.objects.create(case=remove, author=helper, body="Ruth prefers mornings")
    message = Message.objects.create(case=remove, sender=remove.applicant, body="Any news?")
    transport = remove.needs.get(category="transport")
    referral = ReferralFactory(case=remove, referred_by=helper, need=transport)
    services.assessment_record(
        case=remove, actor=supervisor, ratings={AssessmentDomain.TRANSPORT: services.Rating(NeedLevel.SOME)}
    )
    removed_events = set(remove.events.values_list("pk", flat=True))

    services.case_merge(keep=keep, remove=remove, actor=supervisor, reason="Same person, asked twice")

    remove.refresh_from_db()
    keep.refresh_from_db()
    assert (remove.status, remove.merged_into, remove.closed_at is not None) == (CaseStatus.MERGED, keep, True)
    assert keep.is_urgent and keep.status == CaseStatus.ASSIGNED
    # The work moved; the events stayed where they were written (append-only), plus the join's own.
    for model in (Interaction, FollowUp, Note, Message, Referral):
        assert model.objects.filter(case=keep).exists(), model
        assert not model.objects.filter(case=remove).exists(), model
    assert Note.objects.get(pk=note.pk).case == keep and Message.objects.get(pk=message.pk).case == keep
    assert keep.assessments.count() == 1
    # One need per category: Ruth's transport need stays, the referral made for the other follows it.
    assert sorted(keep.need_categories) == ["financial_assistance", "housing", "transport"]
    assert Referral.objects.get(pk=referral.pk).need == keep.needs.get(category="transport")
    assert Need.objects.filter(case=remove).count() == 1
    # Open follow-ups go to the advocate of the case that remains.
    assert set(FollowUp.objects.filter(case=keep, completed_at__isnull=True).values_list("owner", flat=True)) == {
        keep.assigned_to_id
    }
    assert removed_events < set(remove.events.values_list("pk", flat=True))

    joined = remove.events.get(kind=EventKind.MERGED)
    assert (joined.actor, joined.from_status, joined.to_status) == (supervisor, CaseStatus.NEW, CaseStatus.MERGED)
    assert joined.payload["into_reference"] == keep.reference
    assert joined.payload["reason"] == "Same person, asked twice"
    told = keep.events.get(kind=EventKind.MERGED)
    assert (told.actor, told.payload["from_reference"], told.payload["reason"]) == (
        supervisor,
        remove.reference,
        "Same person, asked twice",
    )
    assert told.payload["needs_moved"] == ["housing"] and told.payload["needs_already"] == ["transport"]

    # The timeline of the case that remains reads both histories, the other's labelled.
    record = case_record_for_user(user=supervisor, case_id=keep.pk)
    events = list(record.timeline)
    submitted = [event for event in events if event.kind == EventKind.SUBMITTED]
    assert {event.case_id for event in submitted} == {keep.pk, remove.pk}
    label = next(event.merged_from for event in submitted if event.case_id == remove.pk)
    assert label.reference == remove.reference and label.merged_at == remove.closed_at
    assert [event.case_id for event in events if event.kind == EventKind.MERGED] == [keep.pk]  # told once


def test_the_joined_cases_events_are_still_append_only(supervisor, pair):
    keep, remove = pair
    services.case_merge(keep=keep, remove=remove, actor=supervisor, reason="Same person")
    event = remove.events.get(kind=EventKind.SUBMITTED)
    for sql in (
        "UPDATE cases_caseevent SET case_id = %s WHERE id = %s",
        "DELETE FROM cases_caseevent WHERE id = %s AND %s IS NOT NULL",
    ):
        with pytest.raises((InternalError, ProgrammingError)), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [keep.pk, event.pk] if "UPDATE" in sql else [event.pk, keep.pk])
    assert CaseEvent.objects.get(pk=event.pk).case_id == remove.pk


def test_a_case_joined_earlier_follows_into_the_next_join(supervisor, pair, organisation):
    keep, remove = pair
    third = request_for(organisation, "Ruth Okafor", applicant=keep.applicant, phone="01632 960 777")
    services.case_merge(keep=remove, remove=third, actor=supervisor, reason="Same person")
    services.case_merge(keep=keep, remove=remove, actor=supervisor, reason="Same person")
    assert Case.objects.get(pk=third.pk).merged_into_id == keep.pk
    record = case_record_for_user(user=supervisor, case_id=keep.pk)
    assert {event.case_id for event in record.timeline} == {keep.pk, remove.pk, third.pk}


def test_the_advocates_are_told_but_not_the_supervisor_who_joined_them(supervisor, pair):
    keep, remove = pair
    services.case_merge(keep=keep, remove=remove, actor=supervisor, reason="Same person")
    told = Notification.objects.filter(kind=CASES_MERGED)
    assert set(told.values_list("recipient_id", flat=True)) == {keep.assigned_to_id}
    assert told.get().about_id == str(remove.pk)


def test_a_page_that_showed_an_older_version_changes_nothing(supervisor, pair):
    keep, remove = pair
    seen = remove.version
    services.case_assign(case=remove, advocate=keep.assigned_to, actor=supervisor)
    with pytest.raises(services.StaleEdit):
        services.case_merge(
            keep=keep, remove=remove, actor=supervisor, reason="x", keep_version=keep.version, remove_version=seen
        )
    assert Case.objects.get(pk=remove.pk).status == CaseStatus.ASSIGNED
    assert not CaseEvent.objects.filter(kind=EventKind.MERGED).exists()


def test_who_may_join_and_what_cannot_be_joined(supervisor, other_org_supervisor, pair):
    keep, remove = pair
    services.case_assign(case=remove, advocate=keep.assigned_to, actor=supervisor)
    with pytest.raises(NotAllowed):  # the advocate of both may see them, not join them
        services.case_merge(keep=keep, remove=remove, actor=keep.assigned_to, reason="x")
    with pytest.raises(NotFound):
        services.case_merge(keep=keep, remove=remove, actor=other_org_supervisor, reason="x")
    with pytest.raises(InvalidInput):
        services.case_merge(keep=keep, remove=keep, actor=supervisor, reason="x")
    with pytest.raises(InvalidInput):
        services.case_merge(keep=keep, remove=remove, actor=supervisor, reason="  ")
    closed = finished(AssignedCaseFactory(organisation=keep.organisation), days_ago=1)
    with pytest.raises(InvalidState):
        services.case_merge(keep=keep, remove=closed, actor=supervisor, reason="x")
    assert not CaseEvent.objects.filter(kind=EventKind.MERGED).exists()
    services.case_merge(keep=keep, remove=remove, actor=supervisor, reason="Same person")
    with pytest.raises(InvalidState, match="already joined"):
        services.case_merge(keep=keep, remove=remove, actor=supervisor, reason="Again")
    with pytest.raises(InvalidState, match="already joined"):
        services.case_merge(keep=remove, remove=keep, actor=supervisor, reason="Again")


def test_another_accounts_conversation_is_never_shown_to_someone_else(supervisor, organisation):
    keep = request_for(organisation, "Ruth Okafor", factory=AssignedCaseFactory, phone="01632 960 888")
    remove = request_for(organisation, "Ruth Okafor", factory=AssignedCaseFactory, phone="01632 960 888")
    Message.objects.create(case=remove, sender=remove.applicant, body="About my mother")
    with pytest.raises(InvalidState, match="another account"):
        services.case_merge(keep=keep, remove=remove, actor=supervisor, reason="Same person")
    # The other way round nothing of theirs moves to someone else: joined, and told only to staff.
    services.case_merge(keep=remove, remove=keep, actor=supervisor, reason="Same person")
    assert remove.events.get(kind=EventKind.MERGED).visible_to_client is False


def test_a_failure_half_way_leaves_nothing_changed(supervisor, pair, monkeypatch):
    keep, remove = pair
    note = Note.objects.create(case=remove, author=keep.assigned_to, body="Keep me")

    def broken(**kwargs):
        raise RuntimeError("the event log is down")

    monkeypatch.setattr(merge_module, "event_append", broken)
    with pytest.raises(RuntimeError):
        services.case_merge(keep=keep, remove=remove, actor=supervisor, reason="Same person")
    remove.refresh_from_db()
    assert (remove.status, remove.merged_into_id) == (CaseStatus.NEW, None)
    assert Note.objects.get(pk=note.pk).case_id == remove.pk
    assert sorted(Need.objects.filter(case=remove).values_list("category", flat=True)) == ["housing", "transport"]


def test_the_generic_status_change_cannot_join_cases(supervisor, pair):
    _keep, remove = pair
    with pytest.raises(InvalidState):
        services.case_transition(case=remove, to=CaseStatus.MERGED, actor=supervisor, reason="x")


# --- the pages -------------------------------------------------------------------------------------


def test_the_supervisor_compares_both_and_joins_them(client, supervisor, pair):
    keep, remove = pair
    client.force_login(supervisor)
    url = reverse("case_merge", args=[remove.pk])
    page = client.get(url)
    text = page.content.decode()
    assert page.status_code == 200
    assert f"Same account as {keep.reference}" in text
    assert keep.reference in text and remove.reference in text and "Ruth Okafor" in text
    assert f'value="{keep.pk}" checked' in text.replace('checked=""', "checked")  # the assigned one goes on
    response = client.post(
        url,
        {
            "other": str(keep.pk),
            "keep": str(keep.pk),
            "reason": "Asked twice for Ruth",
            "case_version": remove.version,
            "other_version": keep.version,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("case_detail", args=[keep.pk]) + "#timeline"
    page = client.get(response["Location"]).content.decode()
    assert f"joined {remove.reference} into this case" in page
    assert f"from {remove.reference}, joined on" in page


def test_the_page_refuses_with_the_reason_and_what_changed(client, supervisor, pair):
    keep, remove = pair
    client.force_login(supervisor)
    url = reverse("case_merge", args=[remove.pk])
    data = {"other": str(keep.pk), "keep": str(keep.pk), "case_version": remove.version, "other_version": keep.version}
    missing = client.post(url, data)
    assert missing.status_code == 400
    assert "Say why these requests are the same person" in missing.content.decode()
    services.case_assign(case=remove, advocate=keep.assigned_to, actor=supervisor)
    stale = client.post(url, {**data, "reason": "Same person"})
    assert stale.status_code == 409
    assert "changed since you opened this page" in stale.content.decode()
    assert Case.objects.get(pk=remove.pk).status == CaseStatus.ASSIGNED
    again = client.post(url, {**data, "reason": "Same person", "case_version": remove.version + 1})
    assert again.status_code == 302


def test_who_may_open_the_joining_page(client, supervisor, advocate, other_org_supervisor, pair):
    keep, remove = pair
    url = reverse("case_merge", args=[remove.pk])
    for user, status in ((supervisor, 200), (advocate, 403), (keep.assigned_to, 403), (other_org_supervisor, 404)):
        client.force_login(user)
        assert client.get(url).status_code == status, user.role
    client.force_login(supervisor)
    assert client.get(url, {"with": str(AssignedCaseFactory(country="DK").pk)}).status_code == 404


def test_a_request_without_a_look_alike_says_so(client, supervisor, organisation):
    alone = request_for(organisation, "Ruth Okafor")
    client.force_login(supervisor)
    page = client.get(reverse("case_merge", args=[alone.pk]))
    assert page.status_code == 200
    assert "No other open or recent request" in page.content.decode()
    assert case_possible_duplicates(user=supervisor, case=alone) == []


def test_the_joined_case_leads_staff_to_the_one_that_remains(client, supervisor, pair):
    keep, remove = pair
    former = AdvocateFactory(organisation=keep.organisation)
    services.case_assign(case=remove, advocate=former, actor=supervisor)
    services.case_merge(keep=keep, remove=remove, actor=supervisor, reason="Same person")
    client.force_login(supervisor)
    response = client.get(reverse("case_detail", args=[remove.pk]))
    assert response["Location"] == reverse("case_detail", args=[keep.pk]) + "#timeline"
    client.force_login(former)  # had the joined case, may not open the other
    page = client.get(reverse("case_detail", args=[remove.pk]))
    assert page.status_code == 200
    assert "This case was joined with another" in page.content.decode()


def test_the_client_sees_their_two_requests_joined(client, supervisor, pair):
    keep, remove = pair
    services.case_merge(keep=keep, remove=remove, actor=supervisor, reason="Same person")
    client.force_login(keep.applicant)
    listing = client.get(reverse("my_requests")).content.decode()
    assert "Joined with another request" in listing
    joined = client.get(reverse("my_request_detail", args=[remove.pk])).content.decode()
    assert f"Your two requests were joined into one: it goes on as {keep.reference}" in joined
    assert reverse("my_request_detail", args=[keep.pk]) in joined
    assert "Same person" not in joined  # the supervisor's reason is for staff
    remaining = client.get(reverse("my_request_detail", args=[keep.pk])).content.decode()
    assert f"{remove.reference} is now part of this request" in remaining
    assert not CaseEvent.objects.filter(case=remove, kind=EventKind.MERGED, visibility="staff").exists()


def test_the_case_page_issues_the_same_queries_with_joined_cases(client, supervisor, pair, django_assert_num_queries):
    """5 for a case with nothing joined into it (``case_record_for_user``'s two, the session and
    user, the access record); one more, the joined cases, however many there are."""
    keep, remove = pair
    client.force_login(supervisor)
    url = reverse("case_detail", args=[keep.pk])
    client.get(url)
    with django_assert_num_queries(5):
        client.get(url)
    services.case_merge(keep=keep, remove=remove, actor=supervisor, reason="Same person")
    for _number in range(3):
        other = request_for(keep.organisation, "Ruth Okafor", applicant=keep.applicant, phone="01632 960 777")
        services.case_merge(keep=keep, remove=other, actor=supervisor, reason="Same person")
    with django_assert_num_queries(6):
        page = client.get(url)
    assert page.content.decode().count("joined on") >= 4


def test_a_recently_closed_look_alike_is_shown_but_cannot_be_joined(client, supervisor, organisation):
    phone = "01632 960 999"
    closed = finished(request_for(organisation, "Ruth Okafor", factory=AssignedCaseFactory, phone=phone), days_ago=10)
    new = request_for(organisation, "Ruth Okafor", phone=phone)
    client.force_login(supervisor)
    page = client.get(reverse("case_merge", args=[new.pk])).content.decode()
    assert f"{closed.reference} is “Closed”: only open requests can be joined" in page
    assert "Join the requests" not in page
