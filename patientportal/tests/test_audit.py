"""Writes leave history rows with who and where; history and audit tables refuse change."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from accounts.models import Organisation
from accounts.tests.factories import AdvocateFactory
from patientportal.models import AccessEvent, AuthEvent

from .factories import AccessEventFactory, AuthEventFactory

pytestmark = pytest.mark.django_db


def test_a_change_through_a_page_is_recorded_with_the_user_and_the_url(client, org_admin):
    client.force_login(org_admin)
    response = client.post(
        reverse("organisation_settings"),
        {"first_contact_target_days": "5", "timezone": "Europe/London", "languages": ["en", "cy"]},
    )
    assert response.status_code == 302
    event = Organisation.pgh_event_model.objects.filter(pgh_obj=org_admin.organisation).latest("pgh_id")
    assert event.pgh_label == "update"
    assert event.first_contact_target_days == 5
    assert event.pgh_context.metadata["user"] == str(org_admin.pk)
    assert event.pgh_context.metadata["url"] == reverse("organisation_settings")


@pytest.mark.parametrize("statement", ["UPDATE {table} SET pgh_label = 'x'", "DELETE FROM {table}"])
def test_history_tables_are_append_only(org_admin, statement):
    table = Organisation.pgh_event_model._meta.db_table
    assert Organisation.pgh_event_model.objects.exists()
    with (
        pytest.raises(DatabaseError, match="Cannot update or delete"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement.format(table=table))


@pytest.mark.parametrize("model", [AccessEvent, AuthEvent])
def test_audit_tables_are_append_only(supervisor, model):
    AccessEventFactory(user=supervisor)
    AuthEventFactory(user=supervisor)
    assert model.objects.exists()
    with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
        model.objects.all().delete()
    with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
        model.objects.update(path="/changed/")


def test_reading_a_persons_record_is_logged(client, supervisor):
    member = AdvocateFactory(organisation=supervisor.organisation)
    client.force_login(supervisor)
    client.get(reverse("team_member_detail", args=[member.pk]))
    event = AccessEvent.objects.get()
    assert (event.user_id, event.object_type, event.object_id, event.action) == (
        supervisor.pk,
        "accounts.user",
        str(member.pk),
        "view",
    )


def test_someone_elses_record_is_a_404_and_is_not_logged_as_read(client, supervisor, other_org_advocate):
    client.force_login(supervisor)
    response = client.get(reverse("team_member_detail", args=[other_org_advocate.pk]))
    assert response.status_code == 404
    assert not AccessEvent.objects.exists()


def test_permission_denied_is_recorded(client, client_user):
    client.force_login(client_user)
    assert client.get(reverse("team_list")).status_code == 403
    assert AuthEvent.objects.filter(kind=AuthEvent.Kind.PERMISSION_DENIED, user_id=client_user.pk).exists()
