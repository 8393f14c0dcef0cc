"""Carrying out a deletion request erases what every app declares it holds about the person
(``patientportal.personal_data``), in one transaction, and keeps the anonymous case records
and the security logs. The first tests in ``test_my_data.py`` cover the original guarantees;
these cover the rest of what a person leaves behind."""

from __future__ import annotations

import dataclasses
import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import connection
from django.urls import reverse

from accounts.models import User
from cases.models import (
    Assessment,
    AssessmentRating,
    Case,
    CaseEvent,
    CaseIntake,
    ContactPreferences,
    DeletionRequest,
    FollowUp,
    Interaction,
    Message,
    Need,
    Referral,
    RequestDraft,
)
from cases.services import deletion_request_carry_out, draft_discard
from notifications.models import Notification
from patientportal import personal_data
from patientportal.models import AccessEvent, AuthEvent
from patientportal.tests.stored import rows_saying, stored_in_clear
from resources.models import ProblemReport, SavedService
from resources.tests.factories import ProblemReportFactory, ServiceFactory

from .factories import RequestDraftFactory, everything_about

pytestmark = pytest.mark.django_db


def _count(sql: str, params: list | None = None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchone()[0]


@pytest.fixture
def erased(client, client_user, other_client, org_admin, site_admin):
    """``client_user`` with something everywhere, signed in; ``other_client`` too, untouched.
    Returns the person's first case after the organisation admin carried out the erasure."""
    [case] = everything_about(client_user, organisation=org_admin.organisation)
    everything_about(other_client)
    LogEntry.objects.create(
        user=site_admin,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(client_user.pk),
        object_repr=str(client_user),
        action_flag=CHANGE,
    )
    client.force_login(client_user)
    client.get(reverse("my_data_download"))  # an access event, as the person
    request = DeletionRequest.objects.get(user=client_user)
    deletion_request_carry_out(deletion_request=request, acting_user=org_admin)
    return case


def test_everything_the_person_left_behind_is_erased(erased, client_user, other_client):
    case = erased
    person = User.objects.get(pk=client_user.pk)
    assert not person.is_active and not person.has_usable_password()
    assert person.email == f"erased-{person.pk}@erased.invalid"
    assert (person.first_name, person.last_name, person.languages) == ("", "", [])
    # Deleted.
    assert not EmailAddress.objects.filter(user=person).exists()
    assert not Authenticator.objects.filter(user=person).exists()
    assert not SavedService.objects.filter(user=person).exists()
    assert not Notification.objects.filter(recipient=person).exists()
    assert not Message.objects.filter(case=case).exists()
    assert not RequestDraft.objects.filter(applicant=person).exists()
    # Anonymised: the rows stay, their words go.
    assert ProblemReport.objects.get(reported_by=None).message == ""
    assert ProblemReport.objects.get(reported_by=other_client).message == "The phone number has changed (0)."
    assert set(FollowUp.objects.filter(case=case).values_list("summary", flat=True)) == {"(erased)"}
    assert set(Interaction.objects.filter(case=case).values_list("summary", "with_whom")) == {("", "")}
    assert set(Need.objects.filter(case=case).values_list("description", "outcome")) == {("", "")}
    assert set(AssessmentRating.objects.filter(assessment__case=case).values_list("note", flat=True)) == {""}
    assert set(Assessment.objects.filter(case=case).values_list("phq2_interest", "phq2_mood")) == {(None, None)}
    assert AssessmentRating.objects.get(assessment__case=case).level == "urgent"  # the rating stays
    versions = ContactPreferences.objects.filter(case=case)
    assert versions.count() == 2  # every version, not only the current one
    assert set(versions.values_list("phone", "contact_email")) == {("", "")}
    withdrawn = CaseEvent.objects.get(case=case, kind="withdrawn")
    assert withdrawn.payload["reason"] == ""
    assert DeletionRequest.objects.get(user=person).reason == ""


def test_the_anonymous_record_of_each_request_is_kept(erased, client_user):
    case = Case.objects.get(pk=erased.pk)
    intake = CaseIntake.objects.get(case=case)
    assert case.organisation_id and case.country == "GB" and case.region == ""
    assert case.status == "withdrawn" and case.submitted_at and case.closed_at
    assert intake.categories == ["transport", "financial_assistance"] and intake.description == ""
    assert Need.objects.filter(case=case).count() == 2
    assert Referral.objects.filter(case=case, client_feedback="helped").exists()  # kept, with the reason said
    assert CaseEvent.objects.filter(case=case).count() >= 4
    erased_event = CaseEvent.objects.filter(case=case).order_by("-at", "-id").first()
    assert erased_event.kind == "personal_data_erased" and erased_event.visibility == "staff"
    assert erased_event.actor.role == "org_admin"


def test_the_security_logs_are_kept_as_they_are(erased, client_user):
    assert AuthEvent.objects.filter(user_id=client_user.pk, kind="login_success").exists()
    assert AccessEvent.objects.filter(user_id=client_user.pk, action="export").exists()
    assert AccessEvent.objects.filter(user_id=client_user.pk).count() == 1


def test_they_are_signed_out_everywhere(erased, client, client_user):
    sessions = [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(client_user.pk)]
    assert sessions == []
    response = client.get(reverse("my_data"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_admin_log_no_longer_names_them(erased, client_user):
    entry = LogEntry.objects.get(object_id=str(client_user.pk))
    assert entry.object_repr == "(erased)"


def test_the_history_of_what_was_erased_is_purged_and_stays_append_only(erased, client_user):
    person_case_ids = [str(erased.pk)]
    for table, column in [
        ("cases_messageevent", "case_id"),
        ("cases_followupevent", "case_id"),
        ("cases_interactionevent", "case_id"),
        ("cases_needevent", "case_id"),
        ("cases_casehistory", "pgh_obj_id"),
    ]:
        sql = f"SELECT count(*) FROM {table} WHERE {column}::text = ANY(%s)"  # noqa: S608 - our own table names
        assert _count(sql, [person_case_ids]) == 0, table
    assert _count("SELECT count(*) FROM cases_requestdraftevent WHERE applicant_id = %s", [client_user.pk]) == 0
    assert _count("SELECT count(*) FROM cases_deletionrequestevent WHERE user_id = %s", [client_user.pk]) == 0
    assert _count("SELECT count(*) FROM accounts_userevent WHERE pgh_obj_id = %s", [client_user.pk]) == 0
    # The other client's history is still there: only the person's went. (The words are encrypted:
    # read as the site reads them, and never stored as they are.)
    follow_up_history = apps.get_model("cases", "FollowUpEvent")
    assert rows_saying(follow_up_history, "summary", "Check the benefits claim", startswith=True) == 1
    assert not stored_in_clear(follow_up_history, "summary", "Check the benefits claim")
    message_history = apps.get_model("cases", "MessageEvent")
    assert rows_saying(message_history, "body", "Your grant was approved (0).") == 1
    assert not stored_in_clear(message_history, "body", "Your grant was approved")


def test_a_request_discarded_before_erasure_leaves_no_copy_in_the_history(client_user, org_admin):
    draft_history = apps.get_model("cases", "RequestDraftEvent")
    draft = RequestDraftFactory(applicant=client_user, description="Words I deleted myself.")
    draft_discard(draft=draft)
    assert rows_saying(draft_history, "description", "Words I deleted myself.") > 0
    assert not stored_in_clear(draft_history, "description", "Words I deleted myself.")  # encrypted
    everything_about(client_user, organisation=org_admin.organisation)
    request = DeletionRequest.objects.get(user=client_user)
    deletion_request_carry_out(deletion_request=request, acting_user=org_admin)
    assert rows_saying(draft_history, "description", "Words I deleted myself.") == 0


def test_erasure_is_one_transaction(client_user, org_admin, monkeypatch):
    """A declaration that fails half-way leaves everything as it was, the earlier ones included."""
    everything_about(client_user, organisation=org_admin.organisation)
    registry = dict(personal_data.REGISTRY)
    notifications = registry["notifications"]  # the last one: every other has run when it fails

    def fail(rows):
        raise RuntimeError("the disk is full")

    broken = dataclasses.replace(
        notifications.holdings[0], erasure=personal_data.Erasure.ANONYMISE, anonymise=fail, blank={}
    )
    registry["notifications"] = dataclasses.replace(notifications, holdings=(broken,))
    monkeypatch.setattr(personal_data, "REGISTRY", registry)
    request = DeletionRequest.objects.get(user=client_user)
    with pytest.raises(RuntimeError):
        deletion_request_carry_out(deletion_request=request, acting_user=org_admin)
    person = User.objects.get(pk=client_user.pk)
    assert person.is_active and person.email == client_user.email
    assert Message.objects.filter(case__applicant=person).exists()
    assert SavedService.objects.filter(user=person).exists()
    assert DeletionRequest.objects.get(pk=request.pk).status == "pending"


def test_the_admins_review_counts_what_will_be_erased_from_the_declarations(client, client_user, org_admin):
    everything_about(client_user, organisation=org_admin.organisation, requests=2, items=3)
    request = DeletionRequest.objects.get(user=client_user)
    client.force_login(org_admin)
    page = client.get(reverse("deletion_request_detail", kwargs={"request_id": request.pk})).content.decode()
    found = re.findall(r'<th scope="row" class="govuk-table__header">([^<]+)</th>\s*<td[^>]*>([^<]+)</td>', page)
    rows = {label.strip(): count.strip() for label, count in found}
    assert rows["Requests"] == "2 (1 open)"
    assert rows["Messages"] == "12"
    assert rows["Saved services"] == "3"
    assert rows["E-mail addresses"] == "1"
    # Their list e-mailed three times, and the reminders owed to them the day before each of the
    # three contacts planned with them.
    assert rows["E-mails sent to them or waiting to be sent"] == "6"
    assert rows["Problem reports about listings (their words and who sent them are erased)"] == "3"
    assert rows["Follow-ups (what they say is erased)"] == "12"
    assert rows["Logged contacts (who was spoken with, and the summary, are erased)"] == "6"
    assert rows["Versions of their contact preferences (contact details erased)"] == "3"
    # Every counted holding of every declaration is listed; none of the content is.
    counted = [h for h in personal_data.holdings() if h.erasure != personal_data.Erasure.KEEP and h.counted]
    assert len(rows) == len(counted)
    for words in ("Your grant was approved", "The stairs are hard", "The phone number has changed", "01632"):
        assert words not in page


@pytest.mark.parametrize(("requests", "items"), [(1, 1), (3, 4)])
def test_the_admins_review_issues_a_fixed_number_of_queries(
    client, client_user, org_admin, django_assert_num_queries, requests, items
):
    """23 = session and user (2), the deletion request with its person (1), the access event
    written (1), one count per counted holding of the declarations (19); the organisation's name
    in the header and the staff second factor come from the cache."""
    everything_about(client_user, organisation=org_admin.organisation, requests=requests, items=items)
    request = DeletionRequest.objects.get(user=client_user)
    client.force_login(org_admin)
    url = reverse("deletion_request_detail", kwargs={"request_id": request.pk})
    client.get(url)
    with django_assert_num_queries(23):
        client.get(url)


def test_the_curators_see_that_an_erased_report_lost_its_words(client, client_user, org_admin):
    report = ProblemReportFactory(
        service=ServiceFactory(owner=org_admin.organisation), reported_by=client_user, message="My own phone is 0161"
    )
    everything_about(client_user, organisation=org_admin.organisation)
    deletion_request_carry_out(deletion_request=DeletionRequest.objects.get(user=client_user), acting_user=org_admin)
    client.force_login(org_admin)
    queue = client.get(reverse("report_queue")).content.decode()
    page = client.get(reverse("report_resolve", kwargs={"report_id": report.pk})).content.decode()
    assert "My own phone" not in queue + page
    assert "(deleted at the request of the person who sent it)" in queue
    assert "asked us to delete their information, so what they wrote has been deleted" in page
