"""Organisation admins keep their society's settings and closures, and see the public holidays."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

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


def test_org_admin_turns_automatic_assignment_on_and_off(client, org_admin):
    organisation = org_admin.organisation
    assert organisation.auto_assign is False  # off by default
    client.force_login(org_admin)
    page = client.get(reverse("organisation_settings")).content.decode()
    assert "Assign new requests automatically" in page
    settings = {"first_contact_target_days": "2", "timezone": "Europe/London", "languages": ["en"]}
    client.post(reverse("organisation_settings"), {**settings, "auto_assign": "on"})
    organisation.refresh_from_db()
    assert organisation.auto_assign is True
    client.post(reverse("organisation_settings"), settings)  # an unticked box is "off"
    organisation.refresh_from_db()
    assert organisation.auto_assign is False


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


def test_org_admin_says_what_advocates_do_after_a_positive_depression_screen(client, org_admin):
    from resources.tests.factories import ServiceFactory

    organisation = org_admin.organisation
    ours = ServiceFactory(name="Talking Therapies", country=organisation.countries[0], categories=["emotional_support"])
    abroad = ServiceFactory(name="Samtale i Aarhus", country="DK", categories=["emotional_support"])
    ServiceFactory(name="Wheelchair repair", country=organisation.countries[0], categories=["equipment_mobility"])
    client.force_login(org_admin)
    page = client.get(reverse("organisation_settings")).content.decode()
    assert "Talking Therapies" in page and "Samtale i Aarhus" not in page and "Wheelchair repair" not in page
    settings = {"first_contact_target_days": "2", "timezone": "Europe/London", "languages": ["en"]}
    refused = client.post(reverse("organisation_settings"), {**settings, "wellbeing_service": str(abroad.pk)})
    assert "There is a problem" in refused.content.decode()
    organisation.refresh_from_db()
    assert organisation.wellbeing_service is None
    client.post(
        reverse("organisation_settings"),
        {**settings, "wellbeing_guidance": "  Ring the duty psychologist.  ", "wellbeing_service": str(ours.pk)},
    )
    organisation.refresh_from_db()
    assert (organisation.wellbeing_guidance, organisation.wellbeing_service) == ("Ring the duty psychologist.", ours)
    with pytest.raises(Exception, match="one of your countries"):
        services.organisation_update_settings(
            organisation=organisation,
            acting_user=org_admin,
            first_contact_target_days=2,
            timezone="Europe/London",
            languages=["en"],
            wellbeing_service=abroad,
        )


def test_org_admin_adds_and_removes_a_closure(client, org_admin):
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
        ("", "", "", "Enter the date of the closure"),
        ("x", "1", "2026", "real date"),
    ],
)
def test_a_bad_closure_date_is_explained(client, org_admin, day, month, year, message):
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
    assert "already a closure on this date" in response.content.decode()
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
    # session, user, team (the organisation's name and the second factor come from the cache)
    with django_assert_num_queries(3):
        response = client.get(reverse("team_list"))
    assert response.status_code == 200


def _rows(body: str) -> list[str]:
    """The text of each table row, tags removed and spaces collapsed."""
    rows = re.findall(r"<tr\b.*?</tr>", body, re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", row)).split()) for row in rows]


def _row_with(body: str, text: str) -> str:
    matches = [row for row in _rows(body) if text in row]
    assert len(matches) == 1, f"expected one row with {text!r}, found {matches}"
    return matches[0]


def test_settings_page_shows_closures_and_the_public_holidays_that_apply(client, org_admin):
    today = timezone.localdate()
    closure_day = today + datetime.timedelta(days=10)
    HolidayFactory(organisation=org_admin.organisation, date=closure_day, name="Staff training day")
    client.force_login(org_admin)
    body = client.get(reverse("organisation_settings")).content.decode()

    assert "Weekends, public holidays and your closures do not count towards it." in body
    closure = _row_with(body, "Staff training day")
    assert f"{closure_day:%A} {closure_day.day} {closure_day:%B %Y}" in closure
    assert "Remove" in closure
    # The organisation serves GB: every 12 months hold Christmas, St Andrew's Day and Easter Monday.
    assert "United Kingdom: public holidays from" in body
    assert _row_with(body, "Christmas Day").endswith("Whole country")
    assert _row_with(body, "Saint Andrew's Day").endswith("Scotland")
    assert _row_with(body, "Easter Monday").endswith("Everywhere except Scotland")


def test_settings_page_shows_each_country_the_organisation_serves(client, org_admin):
    organisation = org_admin.organisation
    organisation.countries = ["GB", "DE"]
    organisation.save(update_fields=["countries"])
    client.force_login(org_admin)
    body = client.get(reverse("organisation_settings")).content.decode()
    assert "United Kingdom: public holidays from" in body
    assert "Germany: public holidays from" in body
    assert _row_with(body, "German Unity Day").endswith("Whole country")
    assert "Bayern" in _row_with(body, "Epiphany")
    assert "You have not added any closures." in body


@pytest.mark.parametrize("size", [1, 25])
def test_settings_page_queries_do_not_grow_with_the_closures(client, org_admin, size, django_assert_num_queries):
    start = timezone.localdate()
    for n in range(size):
        HolidayFactory(organisation=org_admin.organisation, date=start + datetime.timedelta(days=n), name=f"Closed {n}")
    client.force_login(org_admin)
    client.get(reverse("home"))
    # session, user, organisation (settings), closures, the services to suggest after a positive
    # depression screen; the header's organisation name and the second factor come from the cache
    with django_assert_num_queries(5):
        response = client.get(reverse("organisation_settings"))
    assert len([row for row in _rows(response.content.decode()) if "Closed " in row]) == size
