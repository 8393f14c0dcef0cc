"""Request a personal advocate: one question per page, saved as it goes, sent once."""

from __future__ import annotations

import re
import threading

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import TEST_PASSWORD, SupervisorFactory
from cases.models import Case, CaseStatus, EventKind, RequestDraft
from cases.services import case_submit
from notifications.models import Notification
from notifications.services import notification_deliver

from .factories import CaseFactory, RequestDraftFactory

pytestmark = pytest.mark.django_db

STEP = "request_step"


def step_url(name: str) -> str:
    return reverse(STEP, kwargs={"step": name})


def answer(client, step: str, data: dict, *, follow_to: str | None = None):
    response = client.post(step_url(step), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    if follow_to is not None:
        assert response["Location"] == follow_to
    return response


@pytest.fixture
def served(organisation):
    """The UK society (organisation fixture serves GB) with a supervisor to tell."""
    SupervisorFactory(organisation=organisation, email="queue@example.test")
    return organisation


def walk_to_check(client, *, for_self=True, urgent=False):
    answer(client, "who", {"for_self": "true" if for_self else "false"})
    if not for_self:
        answer(client, "person", {"person_name": "Jo Smith", "relationship": "parent"}, follow_to=step_url("agreed"))
        answer(client, "agreed", {"person_agreed": "yes"}, follow_to=step_url("country"))
    answer(client, "country", {"country": "GB"}, follow_to=step_url("region"))
    answer(client, "region", {"region": "GB-ENG"}, follow_to=step_url("needs"))
    answer(client, "needs", {"categories": ["transport", "home_vehicle_modification"]}, follow_to=step_url("details"))
    answer(client, "details", {"description": "The stairs are getting hard."}, follow_to=step_url("urgent"))
    urgent_next = reverse("request_urgent_help") if urgent else step_url("contact")
    answer(client, "urgent", {"is_urgent": "true" if urgent else "false"}, follow_to=urgent_next)
    answer(client, "contact", {"contact_methods": ["phone", "email"]}, follow_to=step_url("contact-details"))
    answer(
        client,
        "contact-details",
        {"phone": "01632 960 001", "contact_email": "alex@example.test"},
        follow_to=step_url("times"),
    )
    answer(client, "times", {"best_days": ["0", "3"], "best_times": ["morning"]}, follow_to=step_url("language"))
    answer(client, "language", {"language": "en"}, follow_to=step_url("access"))
    answer(client, "access", {"access_needs": ["large_print"]}, follow_to=step_url("consent"))
    answer(client, "consent", {"agree": "on"}, follow_to=reverse("request_check"))


def test_a_client_answers_every_question_and_sends_one_case(
    client, client_user, served, django_capture_on_commit_callbacks
):
    client.force_login(client_user)
    walk_to_check(client)
    check = client.get(reverse("request_check"))
    assert check.status_code == 200
    page = check.content.decode()
    for shown in ("Transport", "The stairs are getting hard.", "01632 960 001", "Large print", "MS Society Test"):
        assert shown in page

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("request_check"))
    case = Case.objects.get(applicant=client_user)
    assert response["Location"] == reverse("my_request_sent", kwargs={"case_id": case.pk})
    assert len(callbacks) == 1  # one nudge to the outbox's dispatcher
    assert case.status == CaseStatus.NEW
    assert case.organisation == served
    assert sorted(case.needs.values_list("category", flat=True)) == ["home_vehicle_modification", "transport"]
    assert case.intake.consent_version == "2026-11" and case.intake.consent_given_at is not None
    assert list(case.events.values_list("kind", "to_status")) == [(EventKind.SUBMITTED, CaseStatus.NEW)]
    assert case.first_contact_due > case.submitted_at.date()
    # The draft became the case; nothing is left to continue.
    assert not RequestDraft.objects.filter(applicant=client_user, case__isnull=True).exists()

    about = Notification.objects.filter(about_id=str(case.pk)).order_by("kind")
    owed = about.filter(next_attempt_at__lte=timezone.now())
    assert [(n.kind, n.recipient.email) for n in owed] == [
        ("new_case_for_supervisors", "queue@example.test"),
        ("request_received", client_user.email),
    ]
    # And, for later, should nobody take it or contact the client in time, the supervisors'
    # reminders (cases/tests/test_reminders.py).
    assert [(n.kind, n.recipient.email) for n in about.exclude(pk__in=owed)] == [
        ("case_unassigned", "queue@example.test"),
        ("first_contact_missed", "queue@example.test"),
    ]
    for notification in owed:
        notification_deliver(notification_id=notification.pk)  # what the worker runs (see notifications/tests)
    sent = client.get(response["Location"]).content.decode()
    assert case.reference in sent and "2 working days" in sent

    to_client = next(m for m in mail.outbox if m.to == [client_user.email])
    to_queue = next(m for m in mail.outbox if m.to == ["queue@example.test"])
    assert case.reference in to_client.body and "Alex" in to_client.body
    for private in ("stairs", "01632", "Transport", "transport", "London"):
        assert private not in to_client.body and private not in to_client.subject
        assert private not in to_queue.body and private not in to_queue.subject


def test_each_answer_is_saved_straight_away_and_resumes_where_it_stopped(client, client_user, served):
    client.force_login(client_user)
    answer(client, "who", {"for_self": "true"})
    answer(client, "country", {"country": "GB"})
    draft = RequestDraft.objects.get(applicant=client_user)
    assert draft.for_self is True and draft.country == "GB"

    # Later, on another device (a new session): "continue" goes to the first unanswered question.
    client.logout()
    other_device = type(client)()
    other_device.force_login(client_user)
    response = other_device.get(reverse("request_continue"))
    assert response["Location"] == step_url("region")
    # The earlier answer is shown, ready to change.
    page = other_device.get(step_url("country")).content.decode()
    assert 'value="GB" checked' in page


def test_an_answer_posted_after_the_session_ended_is_kept_until_sign_in(client, client_user, served):
    client.force_login(client_user)
    answer(client, "who", {"for_self": "true"})
    answer(client, "country", {"country": "GB"})
    answer(client, "region", {"region": "GB-ENG"})
    answer(client, "needs", {"categories": ["transport"]})
    client.logout()  # the session expired while they were typing

    long_text = "I need help getting to my appointments. " * 10
    response = client.post(step_url("details"), {"description": long_text})
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert RequestDraft.objects.get(applicant=client_user).description == ""

    # Signing in again through the sign-in page keeps the session's data (Django cycles its key).
    signed_in = client.post(reverse("account_login"), {"login": client_user.email, "password": TEST_PASSWORD})
    assert signed_in.status_code == 302
    page = client.get(step_url("details")).content.decode()
    assert "We kept what you typed" in page
    assert "I need help getting to my appointments." in page


def test_the_start_page_is_open_to_visitors_and_questions_need_an_account(client):
    start = client.get(reverse("request_start"))
    assert start.status_code == 200
    assert "Start now" in start.content.decode()
    response = client.get(reverse("request_continue"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=" in response["Location"]


def test_someone_else_is_asked_their_name_and_agreement(client, carer, served):
    client.force_login(carer)
    walk_to_check(client, for_self=False)
    case = case_submit(draft_id=RequestDraft.objects.get(applicant=carer).pk, applicant=carer)
    intake = case.intake
    assert intake.for_self is False and intake.person_name == "Jo Smith" and intake.person_agreed == "yes"


def test_urgent_shows_the_countrys_emergency_numbers_at_once(client, client_user, served):
    client.force_login(client_user)
    walk_to_check(client, urgent=True)
    page = client.get(reverse("request_urgent_help")).content.decode()
    assert "999" in page and "111" in page
    assert RequestDraft.objects.get(applicant=client_user).is_urgent is True


def test_a_question_cannot_be_skipped_by_typing_its_address(client, client_user, served):
    client.force_login(client_user)
    answer(client, "who", {"for_self": "true"})
    response = client.get(step_url("consent"))
    assert response["Location"] == step_url("country")
    response = client.get(reverse("request_check"))
    assert response["Location"] == step_url("country")


@pytest.mark.parametrize(
    ("step", "data", "message"),
    [
        ("who", {}, "Select whether the help is for you or for someone you care for."),
        ("who", {"for_self": "maybe"}, "Select a valid choice"),
        ("country", {"country": "FR"}, "Select a valid choice"),
        ("needs", {}, "Select at least one thing you need help with"),
    ],
)
def test_bad_answers_are_refused_with_a_message_and_change_nothing(client, client_user, served, step, data, message):
    client.force_login(client_user)
    if step != "who":
        answer(client, "who", {"for_self": "true"})
        if step == "needs":
            answer(client, "country", {"country": "GB"})
            answer(client, "region", {"region": "GB-ENG"})
    before = RequestDraft.objects.get(applicant=client_user) if step != "who" else None
    response = client.post(step_url(step), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert 'class="govuk-error-summary"' in page
    if before is not None:
        after = RequestDraft.objects.get(applicant=client_user)
        assert after.country == before.country and after.categories == before.categories


def test_over_long_text_is_refused_with_the_limit_stated(client, client_user, served):
    client.force_login(client_user)
    answer(client, "who", {"for_self": "true"})
    answer(client, "country", {"country": "GB"})
    answer(client, "region", {"region": "GB-ENG"})
    answer(client, "needs", {"categories": ["transport"]})
    response = client.post(step_url("details"), {"description": "x" * 2001})
    page = response.content.decode()
    assert response.status_code == 200
    assert "must be 2,000 characters or fewer. It has 2,001 now." in page
    assert RequestDraft.objects.get(applicant=client_user).description == ""
    assert 'maxlength="2000"' not in page  # the browser does not cut pasted text silently


def test_html_typed_in_an_answer_is_shown_as_text(client, client_user, served):
    client.force_login(client_user)
    walk_to_check(client)
    draft = RequestDraft.objects.get(applicant=client_user)
    draft.description = '<script>alert("x")</script><b>bold</b>'
    draft.save()
    page = client.get(reverse("request_check")).content.decode()
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in page


def test_a_draft_can_be_discarded(client, client_user, served):
    client.force_login(client_user)
    answer(client, "who", {"for_self": "true"})
    assert client.get(reverse("request_discard")).status_code == 200
    client.post(reverse("request_discard"))
    assert not RequestDraft.objects.filter(applicant=client_user).exists()


def test_staff_cannot_request_an_advocate(client, advocate):
    client.force_login(advocate)
    assert client.get(step_url("who")).status_code == 403


# --- duplicate guard and double submit -------------------------------------------------------


def test_an_open_request_for_the_same_person_is_offered_instead_of_a_new_one(client, client_user, served):
    existing = CaseFactory(applicant=client_user, organisation=served)
    client.force_login(client_user)
    response = client.post(step_url("who"), {"for_self": "true"})
    assert response["Location"] == reverse("request_duplicate")
    page = client.get(response["Location"]).content.decode()
    assert existing.reference in page and "Add to this request" in page

    added = client.post(
        reverse("my_request_add", kwargs={"case_id": existing.pk}),
        {"categories": ["housing"], "description": "We may need to move."},
    )
    assert added.status_code == 302
    assert existing.needs.filter(category="housing").exists()
    assert "housing" not in existing.intake.categories  # the request as submitted stays as it was
    assert existing.messages.get().body == "We may need to move."
    assert existing.events.last().kind == EventKind.ADDED_TO
    assert Case.objects.filter(applicant=client_user).count() == 1
    assert not RequestDraft.objects.filter(applicant=client_user, case__isnull=True).exists()


def test_adding_to_a_request_keeps_a_request_under_way_for_someone_else(client, carer, served):
    mine = CaseFactory(applicant=carer, organisation=served, for_self=False, person_name="Jo Smith")
    RequestDraftFactory(applicant=carer, for_self=False, person_name="Sam Smith", step="details")
    client.force_login(carer)
    added = client.post(reverse("my_request_add", kwargs={"case_id": mine.pk}), {"categories": ["housing"]})
    assert added.status_code == 302 and mine.needs.filter(category="housing").exists()
    assert RequestDraft.objects.get(applicant=carer, case__isnull=True).person_name == "Sam Smith"


def test_a_carer_may_have_open_requests_for_two_different_people(client, carer, served):
    CaseFactory(applicant=carer, organisation=served, for_self=False, person_name="Jo Smith")
    client.force_login(carer)
    answer(client, "who", {"for_self": "false"})
    response = client.post(step_url("person"), {"person_name": "  jo   SMITH ", "relationship": "parent"})
    assert response["Location"] == reverse("request_duplicate")
    response = client.post(step_url("person"), {"person_name": "Sam Smith", "relationship": "child"})
    assert response["Location"] == step_url("agreed")


def test_submitting_twice_creates_one_case(client, client_user, served):
    client.force_login(client_user)
    walk_to_check(client)
    first = client.post(reverse("request_check"))
    second = client.post(reverse("request_check"))
    assert Case.objects.filter(applicant=client_user).count() == 1
    assert first.status_code == 302 and second.status_code == 302


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_submits_create_one_case(client_user, organisation):
    """A double click sends two requests at once: the draft row lock lets one through."""
    draft = RequestDraftFactory(applicant=client_user)
    results, errors = [], []

    def submit():
        try:
            results.append(case_submit(draft_id=draft.pk, applicant=client_user).pk)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert len(set(results)) == 1
    assert Case.objects.filter(applicant=client_user).count() == 1


def test_a_visitor_creates_an_account_and_lands_back_on_the_request(client, served):
    """Start -> sign in page -> create an account -> verify the e-mail -> back at the questions."""
    start = client.get(reverse("request_continue"))
    login_page = client.get(start["Location"]).content.decode()
    signup_url = re.search(r'href="(/accounts/signup/\?next=[^"]+)"', login_page).group(1)
    assert "request-an-advocate" in signup_url
    password = "a-long-password-2026!"
    signed_up = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.test",
            "password1": password,
            "password2": password,
            "first_name": "Nia",
            "is_carer": "false",
            "next": reverse("request_continue"),
        },
    )
    assert signed_up.status_code == 302
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    confirm = re.sub(r"https?://[^/]+", "", link)
    assert client.get(confirm).status_code == 200
    confirmed = client.post(confirm)
    assert confirmed["Location"] == reverse("request_continue")
    assert client.get(confirmed["Location"])["Location"] == step_url("who")


def test_changing_an_answer_returns_to_check_your_answers(client, client_user, served):
    client.force_login(client_user)
    walk_to_check(client)
    check = client.get(reverse("request_check")).content.decode()
    assert f'href="{step_url("region")}?change=1"' in check
    response = client.post(step_url("region") + "?change=1", {"region": "GB-WLS", "change": "1"})
    assert response["Location"] == reverse("request_check")
    # Now for someone else: their name and agreement are asked, then back to the check page.
    response = client.post(step_url("who"), {"for_self": "false", "change": "1"})
    assert response["Location"] == step_url("person") + "?change=1"
    response = client.post(step_url("person"), {"person_name": "Jo Smith", "relationship": "parent", "change": "1"})
    assert response["Location"] == step_url("agreed") + "?change=1"
    response = client.post(step_url("agreed"), {"person_agreed": "yes", "change": "1"})
    assert response["Location"] == reverse("request_check")
    draft = RequestDraft.objects.get(applicant=client_user)
    assert draft.region == "GB-WLS" and draft.person_name == "Jo Smith"
