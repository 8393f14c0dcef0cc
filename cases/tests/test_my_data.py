"""My data: download everything held about me; ask for deletion, carried out by an organisation admin."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from accounts.models import User
from cases.models import Case, CaseIntake, DeletionRequest, Message, RequestDraft
from cases.services import deletion_request_carry_out
from patientportal.errors import NotAllowed
from patientportal.tests.stored import rows_saying, stored_in_clear

from .factories import AssignedCaseFactory, DeletionRequestFactory, MessageFactory

pytestmark = pytest.mark.django_db


def test_the_download_holds_my_requests_messages_and_account(client, client_user):
    case = AssignedCaseFactory(applicant=client_user, description="The stairs are hard.")
    MessageFactory(case=case, body="Your grant was approved.")
    client.force_login(client_user)
    response = client.get(reverse("my_data_download"))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == client_user.email
    [request] = data["requests"]
    assert request["reference"] == case.reference
    assert request["answers"]["description"] == "The stairs are hard."
    assert request["messages"][0]["text"] == "Your grant was approved."
    assert request["advocate_first_name"] == "Sam"


def test_the_readable_page_shows_the_same_and_explains_retention(client, client_user):
    AssignedCaseFactory(applicant=client_user, description="The stairs are hard.")
    client.force_login(client_user)
    page = client.get(reverse("my_data")).content.decode()
    assert "The stairs are hard." in page and "7 years" in page


def test_asking_for_deletion_goes_to_the_organisation_admin(
    client, client_user, org_admin, django_capture_on_commit_callbacks
):
    AssignedCaseFactory(applicant=client_user, organisation=org_admin.organisation)
    client.force_login(client_user)
    response = client.post(reverse("my_data_delete"), {"reason": ""})
    assert response.status_code == 200 and "Tick the box" in response.content.decode()
    assert not DeletionRequest.objects.exists()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("my_data_delete"), {"confirm": "on"})
    request = DeletionRequest.objects.get(user=client_user)
    assert request.organisation == org_admin.organisation and len(callbacks) == 1
    client.post(reverse("my_data_delete"), {"confirm": "on"})
    assert DeletionRequest.objects.filter(user=client_user).count() == 1

    client.force_login(org_admin)
    listing = client.get(reverse("deletion_request_list")).content.decode()
    assert "Review and carry out" in listing


def test_an_organisation_admin_erases_the_person_and_keeps_the_anonymous_record(client, client_user, org_admin):
    case = AssignedCaseFactory(
        applicant=client_user, organisation=org_admin.organisation, description="Private words", phone="01632 960 001"
    )
    MessageFactory(case=case, body="Private message")
    request = DeletionRequestFactory(user=client_user, organisation=org_admin.organisation)
    RequestDraft.objects.create(applicant=client_user, description="half-typed")

    client.force_login(org_admin)
    detail = client.get(reverse("deletion_request_detail", kwargs={"request_id": request.pk})).content.decode()
    assert "Private words" not in detail and "1 (1 open)" in detail
    client.post(reverse("deletion_request_detail", kwargs={"request_id": request.pk}))

    person = User.objects.get(pk=client_user.pk)
    assert not person.is_active and person.email.endswith("@erased.invalid") and person.first_name == ""
    case.refresh_from_db()
    case.intake.refresh_from_db()
    assert case.intake.description == "" and case.intake.phone == ""
    assert case.intake.categories and case.needs.exists()  # kept: categories, dates, org
    assert not case.contact_preferences.exclude(phone="").exists()
    assert case.submitted_at is not None and case.organisation == org_admin.organisation
    assert not Message.objects.filter(case=case).exists()
    assert not RequestDraft.objects.filter(applicant=client_user).exists()
    request.refresh_from_db()
    assert request.status == "completed" and request.completed_by == org_admin
    from patientportal.models import AccessEvent

    actions = set(
        AccessEvent.objects.filter(user_id=org_admin.pk, object_id=str(client_user.pk)).values_list("action", flat=True)
    )
    assert actions == {"view", "erase"}

    # The audit history no longer holds copies of what was erased. The words are encrypted, so
    # they are looked for as the site reads them (decrypted), and as stored.
    for model, field, words in [
        (CaseIntake, "description", "Private words"),
        (apps.get_model("cases", "MessageEvent"), "body", "Private message"),
        (apps.get_model("cases", "RequestDraftEvent"), "description", "half-typed"),
    ]:
        assert rows_saying(model, field, words) == 0, model
        assert not stored_in_clear(model, field, words), model
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_contactpreferences WHERE phone = '01632 960 001'")
        assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT count(*) FROM accounts_userevent WHERE email = %s", [client_user.email])
        assert cursor.fetchone()[0] == 0
    # ... and the history tables are still append-only for everyone else.
    from django.db import InternalError, ProgrammingError, transaction

    AssignedCaseFactory()  # someone else's case: it has history rows
    for table in ("cases_casehistory", "cases_caseevent", "cases_contactpreferences"):
        with pytest.raises((InternalError, ProgrammingError)), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - our own table names


def test_an_admin_of_another_organisation_cannot_carry_it_out(client, client_user, org_admin):
    request = DeletionRequestFactory(user=client_user, organisation=None)
    client.force_login(org_admin)
    assert client.get(reverse("deletion_request_detail", kwargs={"request_id": request.pk})).status_code == 404
    with pytest.raises(NotAllowed):
        deletion_request_carry_out(deletion_request=request, acting_user=org_admin)
    assert Case.objects.count() == 0 and User.objects.get(pk=client_user.pk).is_active


def test_html_typed_by_a_client_is_text_on_the_staff_page_too(client, client_user, org_admin):
    request = DeletionRequestFactory(
        user=client_user, organisation=org_admin.organisation, reason='<script>alert("x")</script> please'
    )
    client.force_login(org_admin)
    page = client.get(reverse("deletion_request_detail", kwargs={"request_id": request.pk})).content.decode()
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; please" in page
