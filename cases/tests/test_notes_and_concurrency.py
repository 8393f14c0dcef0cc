"""Notes (private to staff, or shared with the client), referral outcomes, and two people
changing the same thing at once: the second is told and shown what it says now."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import SupervisorFactory
from cases import services
from cases.choices import CaseStatus, EventKind, NeedStatus, ReferralOutcome, Visibility
from cases.models import Case, FollowUp, Need, Note, Referral

from .factories import AssignedCaseFactory, FollowUpFactory, ReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(advocate):
    return AssignedCaseFactory(assigned_to=advocate, organisation=advocate.organisation)


def url(name: str, case: Case, **kwargs) -> str:
    return reverse(name, kwargs={"case_id": case.pk, **kwargs})


def signed_in(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def test_a_private_note_is_for_staff_and_a_shared_one_reaches_the_client(client, advocate, case):
    client.force_login(advocate)
    client.post(url("case_note_new", case), {"body": "Sounds low today: call again Friday."})
    client.post(url("case_note_new", case), {"body": "Here is the grant form link.", "shared_with_client": "on"})
    private, shared = Note.objects.order_by("created_at", "id")
    assert not private.shared_with_client and shared.shared_with_client
    events = {e.payload["note"]: e.visibility for e in case.events.filter(kind=EventKind.NOTE_ADDED)}
    assert events == {private.pk: Visibility.STAFF, shared.pk: Visibility.CLIENT}
    staff_page = client.get(url("case_detail", case)).content.decode()
    assert "Sounds low today" in staff_page and "Here is the grant form link." in staff_page
    client.force_login(case.applicant)
    client_page = client.get(reverse("my_request_detail", args=[case.pk])).content.decode()
    assert "Here is the grant form link." in client_page and "Notes from your advocate" in client_page
    assert "Sounds low today" not in client_page
    assert "Your advocate shared a note with you" in client_page


def test_an_empty_note_is_refused(client, advocate, case):
    client.force_login(advocate)
    response = client.post(url("case_note_new", case), {"body": "   "})
    assert "Write the note before saving it." in response.content.decode()
    assert not Note.objects.exists()


def test_a_referral_outcome_closes_the_loop(client, advocate, case):
    referral = ReferralFactory(case=case)
    client.force_login(advocate)
    response = client.post(url("case_referral_outcome", case, referral_id=referral.pk), {"outcome": "not_eligible"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.outcome == ReferralOutcome.NOT_ELIGIBLE and referral.outcome_at is not None
    assert case.events.order_by("-at", "-id").first().kind == EventKind.REFERRAL_OUTCOME
    assert "Not eligible" in client.get(url("case_detail", case)).content.decode()


def test_another_cases_referral_is_not_found(client, advocate, case):
    theirs = ReferralFactory()
    client.force_login(advocate)
    response = client.post(url("case_referral_outcome", case, referral_id=theirs.pk), {"outcome": "declined"})
    assert response.status_code == 404
    assert Referral.objects.get(pk=theirs.pk).outcome == ""


# --- two people at once -------------------------------------------------------------------


def test_the_second_of_two_edits_to_a_need_is_told_and_shown_what_it_says_now(advocate, case):
    need = case.needs.first()
    supervisor = SupervisorFactory(organisation=advocate.organisation)
    first, second = signed_in(advocate), signed_in(supervisor)
    edit = url("case_need_edit", case, need_id=need.pk)
    # Both open the page: both forms carry version 1.
    assert 'name="version" value="1"' in first.get(edit).content.decode()
    assert 'name="version" value="1"' in second.get(edit).content.decode()
    assert first.post(edit, {"status": "met", "outcome": "Grant paid", "version": "1"}).status_code == 302
    refused = second.post(edit, {"status": "not_met", "outcome": "No grant", "version": "1"})
    page = refused.content.decode()
    assert refused.status_code == 409
    assert "This changed since you opened it" in page and "What it says now" in page and "Grant paid" in page
    assert 'name="version" value="2"' in page  # sending it again now applies it, knowingly
    need.refresh_from_db()
    assert (need.status, need.outcome, need.version) == (NeedStatus.MET, "Grant paid", 2)
    again = second.post(edit, {"status": "not_met", "outcome": "No grant after all", "version": "2"})
    assert again.status_code == 302
    need.refresh_from_db()
    assert (need.status, need.outcome) == (NeedStatus.NOT_MET, "No grant after all")


def test_the_second_of_two_edits_to_a_note_keeps_the_first(advocate, case):
    note = services.note_add(case=case, actor=advocate, body="First words")
    supervisor = SupervisorFactory(organisation=advocate.organisation)
    edit = url("case_note_edit", case, note_id=note.pk)
    signed_in(advocate).post(edit, {"body": "The advocate's change", "version": "1"})
    refused = signed_in(supervisor).post(edit, {"body": "The supervisor's change", "version": "1"})
    assert refused.status_code == 409 and "The advocate&#x27;s change" in refused.content.decode()
    assert Note.objects.get(pk=note.pk).body == "The advocate's change"


def test_the_second_of_two_moves_of_a_follow_up_is_refused(advocate, case):
    follow_up = FollowUpFactory(case=case, owner=advocate)
    move = url("case_follow_up_reschedule", case, follow_up_id=follow_up.pk)
    data = {"date_day": "3", "date_month": "3", "date_year": "2027", "time": "11:00", "version": "1"}
    assert signed_in(advocate).post(move, data).status_code == 302
    supervisor = SupervisorFactory(organisation=advocate.organisation)
    refused = signed_in(supervisor).post(move, {**data, "date_day": "9"})
    assert refused.status_code == 409
    assert FollowUp.objects.get(pk=follow_up.pk).due_at.day == 3
    done = signed_in(supervisor).post(url("case_follow_up_done", case, follow_up_id=follow_up.pk), {"version": "1"})
    assert done.status_code == 409 and FollowUp.objects.get(pk=follow_up.pk).completed_at is None


def test_a_status_change_from_an_old_page_is_refused(advocate, case):
    supervisor = SupervisorFactory(organisation=advocate.organisation)
    page = url("case_status", case)
    assert 'name="version" value="1"' in signed_in(supervisor).get(page).content.decode()
    services.case_transition(case=case, to=CaseStatus.IN_PROGRESS, actor=advocate)
    refused = signed_in(supervisor).post(page, {"to": "in_progress", "version": "1"})
    assert refused.status_code == 409 and "In progress" in refused.content.decode()
    assert Case.objects.get(pk=case.pk).version == 2


def test_the_services_refuse_an_old_version_and_change_nothing(advocate, case):
    need = case.needs.first()
    services.need_update(need=need, actor=advocate, status=NeedStatus.IN_PROGRESS, expected_version=1)
    with pytest.raises(services.StaleEdit) as stale:
        services.need_update(need=need, actor=advocate, status=NeedStatus.MET, expected_version=1)
    assert stale.value.current.status == NeedStatus.IN_PROGRESS
    assert Need.objects.get(pk=need.pk).status == NeedStatus.IN_PROGRESS
    assert case.events.filter(kind=EventKind.NEED_UPDATED).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_saves_at_the_same_moment_one_wins_and_the_other_is_told(advocate):
    """Two people press Save on the same note at once, each from version 1, each in its own
    database connection: the row's lock orders them, exactly one change is kept, the other is
    refused with the kept words."""
    import threading

    from django.db import connection

    case = AssignedCaseFactory(assigned_to=advocate, organisation=advocate.organisation)
    note = services.note_add(case=case, actor=advocate, body="First words")
    supervisor = SupervisorFactory(organisation=advocate.organisation)
    start = threading.Barrier(2, timeout=10)
    outcomes: dict[str, str] = {}

    def save(user, words: str) -> None:
        try:
            start.wait()
            services.note_edit(note=note, actor=user, body=words, shared_with_client=False, expected_version=1)
            outcomes[words] = "saved"
        except services.StaleEdit as stale:
            outcomes[words] = f"refused, it says: {stale.current.body}"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(advocate, "The advocate's words")),
        threading.Thread(target=save, args=(supervisor, "The supervisor's words")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert sorted(outcomes.values())[1:] == ["saved"] and len(outcomes) == 2, outcomes
    [kept] = [words for words, outcome in outcomes.items() if outcome == "saved"]
    [refused] = [outcome for outcome in outcomes.values() if outcome != "saved"]
    assert refused == f"refused, it says: {kept}"
    stored = Note.objects.get(pk=note.pk)
    assert (stored.body, stored.version) == (kept, 2)
    assert case.events.filter(kind=EventKind.NOTE_EDITED).count() == 1
