"""Organisation admins keep their society's settings and holidays."""

import datetime

import pytest
from django.urls import reverse

from accounts import services
from accounts.models import Holiday
from patientportal.errors import NotAllowed

from .factories import HolidayFactory

pytestmark = pytest.mark.django_db


def test_org_admin_changes_the_first_contact_target(client, org_admin):
    client.force_login(org_admin)
    response = client.post(
        reverse("organisation_settings"),
        {"first_contact_target_days": "4", "timezone": "Europe/Dublin", "languages": ["en"]},
        follow=True,
    )
    assert "settings are saved" in response.content.decode()
    org_admin.organisation.refresh_from_db()
    assert (org_admin.organisation.first_contact_target_days, org_admin.organisation.timezone) == (4, "Europe/Dublin")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "at least 1 working day"),
        ("31", "30 working days or fewer"),
        ("two", "Enter a whole number of working days"),
        ("", "Enter the number of working days"),
    ],
)
def test_a_bad_target_is_explained_and_nothing_changes(client, org_admin, value, message):
    client.force_login(org_admin)
    before = org_admin.organisation.first_contact_target_days
    response = client.post(
        reverse("organisation_settings"),
        {"first_contact_target_days": value, "timezone": "Europe/London", "languages": ["en"]},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert message in body
    assert 'href="#id_first_contact_target_days"' in body
    org_admin.organisation.refresh_from_db()
    assert org_admin.organisation.first_contact_target_days == before


def test_org_admin_adds_and_removes_a_holiday(client, org_admin):
    client.force_login(org_admin)
    response = client.post(
        reverse("holiday_add"), {"date_day": "25", "date_month": "12", "date_year": "2026", "name": "Christmas Day"}
    )
    assert response.status_code == 302
    holiday = Holiday.objects.get(organisation=org_admin.organisation)
    assert holiday.date == datetime.date(2026, 12, 25)
    client.post(reverse("holiday_remove", args=[holiday.pk]))
    assert not Holiday.objects.exists()


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2026", "Enter a real date"),
        ("", "", "", "Enter the date of the holiday"),
        ("x", "1", "2026", "real date"),
    ],
)
def test_a_bad_holiday_date_is_explained(client, org_admin, day, month, year, message):
    client.force_login(org_admin)
    response = client.post(
        reverse("holiday_add"), {"date_day": day, "date_month": month, "date_year": year, "name": "A day"}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'href="#id_date_day"' in response.content.decode()
    assert not Holiday.objects.exists()


def test_the_same_day_twice_is_refused_with_a_message(client, org_admin):
    HolidayFactory(organisation=org_admin.organisation, date=datetime.date(2026, 1, 1))
    client.force_login(org_admin)
    response = client.post(
        reverse("holiday_add"), {"date_day": "1", "date_month": "1", "date_year": "2026", "name": "New Year"}
    )
    assert "already a holiday on this date" in response.content.decode()
    assert Holiday.objects.count() == 1


def test_only_the_organisations_own_admins_may_change_it(org_admin, other_organisation, supervisor):
    with pytest.raises(NotAllowed):
        services.organisation_update_settings(
            organisation=other_organisation,
            acting_user=org_admin,
            first_contact_target_days=3,
            timezone="Europe/London",
            languages=["en"],
        )
    with pytest.raises(NotAllowed):
        services.holiday_add(
            organisation=supervisor.organisation, acting_user=supervisor, date=datetime.date(2026, 5, 1), name="May"
        )


def test_team_list_shows_only_the_organisations_staff(client, supervisor, advocate, other_org_advocate, client_user):
    client.force_login(supervisor)
    body = client.get(reverse("team_list")).content.decode()
    assert advocate.get_full_name() in body
    assert other_org_advocate.get_full_name() not in body
    assert client_user.get_full_name() not in body


@pytest.mark.parametrize("size", [3, 30])
def test_team_list_queries_do_not_grow_with_the_team(client, supervisor, size, django_assert_num_queries):
    from .factories import AdvocateFactory

    AdvocateFactory.create_batch(size, organisation=supervisor.organisation)
    client.force_login(supervisor)
    client.get(reverse("home"))
    # session, user, MFA check, organisation (header), team
    with django_assert_num_queries(5):
        response = client.get(reverse("team_list"))
    assert response.status_code == 200
