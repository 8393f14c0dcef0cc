"""My requests: where each request stands, messages, referrals, withdrawing, contact preferences."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseStatus, ContactPreferences, EventKind, Message
from cases.selectors import contact_preferences_current
from notifications.models import Notification
from notifications.services import notification_deliver

from .factories import AssignedCaseFactory, CaseFactory, FollowUpFactory, MessageFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def detail_url(case) -> str:
    return reverse("my_request_detail", kwargs={"case_id": case.pk})


def test_the_timeline_shows_the_advocates_first_name_only_and_the_next_contact(client, client_user):
    case = AssignedCaseFactory(applicant=client_user)
    case.assigned_to.last_name = "Zebedee-Private"
    case.assigned_to.save()
    FollowUpFactory(case=case, due_at=timezone.now() + datetime.timedelta(days=2), summary="Staff-only note text")
    client.force_login(client_user)
    page = client.get(detail_url(case)).content.decode()
    assert "We received your request" in page
    assert "Sam is your advocate" in page
    assert "Zebedee-Private" not in page
    assert "Staff-only note text" not in page
    assert (timezone.localtime(timezone.now() + datetime.timedelta(days=2))).strftime("%-d %B %Y") in page


def test_another_clients_request_is_not_found(client, client_user, other_client):
    theirs = CaseFactory(applicant=other_client)
    client.force_login(client_user)
    for name in ("my_request_detail", "my_request_withdraw", "my_request_contact", "my_request_add", "my_request_sent"):
        assert client.get(reverse(name, kwargs={"case_id": theirs.pk})).status_code == 404


def test_a_carer_sees_only_the_requests_they_made(client, carer, client_user):
    mine = [
        CaseFactory(applicant=carer, for_self=False, person_name="Jo"),
        CaseFactory(applicant=carer, for_self=False, person_name="Sam"),
    ]
    CaseFactory(applicant=client_user)
    client.force_login(carer)
    page = client.get(reverse("my_requests")).content.decode()
    assert "Request for Jo" in page and "Request for Sam" in page
    assert page.count('class="pp-result"') == 2
    assert all(case.reference in page for case in mine)


def test_my_requests_issues_the_same_queries_for_2_or_20_requests(client, client_user, django_assert_num_queries):
    client.force_login(client_user)
    AssignedCaseFactory.create_batch(2, applicant=client_user)
    client.get(reverse("my_requests"))  # warm the session
    with django_assert_num_queries(4):
        client.get(reverse("my_requests"))
    AssignedCaseFactory.create_batch(18, applicant=client_user)
    with django_assert_num_queries(4):
        response = client.get(reverse("my_requests"))
    assert response.content.decode().count('class="pp-result"') == 20


def test_the_request_page_issues_a_fixed_number_of_queries(client, client_user, django_assert_num_queries):
    case = AssignedCaseFactory(applicant=client_user)
    MessageFactory(case=case)
    ReferralFactory(case=case)
    client.force_login(client_user)
    client.get(detail_url(case))
    with django_assert_num_queries(9):
        client.get(detail_url(case))
    for _ in range(5):
        MessageFactory(case=case)
        ReferralFactory(case=case)
    client.get(detail_url(case))  # marks the new messages read
    with django_assert_num_queries(9):
        client.get(detail_url(case))


def test_a_client_sends_a_message_and_the_advocate_is_told_without_its_content(
    client, client_user, django_capture_on_commit_callbacks
):
    case = AssignedCaseFactory(applicant=client_user)
    client.force_login(client_user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("my_request_message", kwargs={"case_id": case.pk}), {"body": "My wheelchair broke again."}
        )
    assert response.status_code == 302
    message = Message.objects.get(case=case)
    assert message.body == "My wheelchair broke again." and message.sender == client_user
    assert len(callbacks) == 1  # the outbox's nudge
    owed = Notification.objects.get(kind="new_message", about_id=str(message.pk))
    assert owed.recipient == case.assigned_to
    assert case.events.filter(kind=EventKind.MESSAGE_SENT, actor=client_user).exists()
    assert notification_deliver(notification_id=owed.pk) == "sent"
    sent = mail.outbox[-1]
    assert sent.to == [case.assigned_to.email]
    assert "wheelchair" not in sent.body and case.reference in sent.body


def test_the_advocates_messages_are_shown_and_marked_read(client, client_user):
    case = AssignedCaseFactory(applicant=client_user)
    MessageFactory(case=case, body="I found a grant for you <b>today</b>.")
    client.force_login(client_user)
    listing = client.get(reverse("my_requests")).content.decode()
    assert "1 new message" in listing
    page = client.get(detail_url(case)).content.decode()
    assert "I found a grant for you &lt;b&gt;today&lt;/b&gt;." in page
    assert Message.objects.get(case=case).read_at is not None


def test_an_empty_or_over_long_message_is_refused(client, client_user):
    case = AssignedCaseFactory(applicant=client_user)
    client.force_login(client_user)
    url = reverse("my_request_message", kwargs={"case_id": case.pk})
    empty = client.post(url, {"body": "   "})
    assert empty.status_code == 400 and "Write your message before sending it." in empty.content.decode()
    long = client.post(url, {"body": "x" * 5001})
    assert "must be 5,000 characters or fewer" in long.content.decode()
    assert not Message.objects.filter(case=case).exists()


def test_the_client_says_whether_a_referral_helped(client, client_user):
    referral = ReferralFactory(case=AssignedCaseFactory(applicant=client_user))
    client.force_login(client_user)
    url = reverse("my_request_feedback", kwargs={"case_id": referral.case_id, "referral_id": referral.pk})
    client.post(url, {"feedback": "helped"})
    referral.refresh_from_db()
    assert referral.client_feedback == "helped" and referral.client_feedback_at is not None
    page = client.get(detail_url(referral.case)).content.decode()
    assert referral.service.name in page and "Yes, it helped" in page


def test_a_client_withdraws_a_request_with_a_reason(
    client, client_user, supervisor, django_capture_on_commit_callbacks
):
    case = CaseFactory(applicant=client_user, organisation=supervisor.organisation)
    client.force_login(client_user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("my_request_withdraw", kwargs={"case_id": case.pk}), {"reason": "Sorted it myself."})
    case.refresh_from_db()
    assert case.status == CaseStatus.WITHDRAWN and case.closed_at is not None
    event = case.events.last()
    assert event.kind == EventKind.WITHDRAWN and event.payload["reason"] == "Sorted it myself."
    assert (event.from_status, event.to_status) == (CaseStatus.NEW, CaseStatus.WITHDRAWN)
    assert len(callbacks) == 1  # the outbox's nudge: the supervisors are owed a notice
    assert Notification.objects.get(kind="case_withdrawn", about_id=str(case.pk)).recipient == supervisor
    # Withdrawn: no more messages from the client.
    response = client.post(reverse("my_request_message", kwargs={"case_id": case.pk}), {"body": "Hello?"})
    assert response.status_code == 400 and not Message.objects.filter(case=case).exists()


def test_a_client_updates_contact_preferences(client, client_user):
    case = CaseFactory(applicant=client_user, contact_methods=["phone"], phone="01632 960 001")
    client.force_login(client_user)
    url = reverse("my_request_contact", kwargs={"case_id": case.pk})
    data = {
        "methods-contact_methods": ["email"],
        "details-contact_email": "new@example.test",
        "times-best_days": ["4"],
        "language-language": "fr",
        "access-access_needs": [],
    }
    response = client.post(url, data)
    assert response.status_code == 302
    now = contact_preferences_current(case=case)
    assert now.contact_methods == ["email"] and now.contact_email == "new@example.test"
    assert now.phone == "" and now.best_days == [4] and now.language == "fr"
    assert case.events.last().kind == EventKind.CONTACT_PREFERENCES_CHANGED
    # The old preferences stay as history, and the request as it was submitted is unchanged.
    assert ContactPreferences.objects.filter(case=case).count() == 2
    case.intake.refresh_from_db()
    assert case.intake.contact_methods == ["phone"] and case.intake.phone == "01632 960 001"


def test_contact_preferences_refuse_a_missing_detail_and_change_nothing(client, client_user):
    case = CaseFactory(applicant=client_user, contact_methods=["phone"], phone="01632 960 001")
    client.force_login(client_user)
    url = reverse("my_request_contact", kwargs={"case_id": case.pk})
    response = client.post(url, {"methods-contact_methods": ["post"], "language-language": "en"})
    assert response.status_code == 400
    assert "Enter a postal address, so we can send letters." in response.content.decode()
    assert contact_preferences_current(case=case).contact_methods == ["phone"]
    assert ContactPreferences.objects.filter(case=case).count() == 1
