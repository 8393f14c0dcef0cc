"""Each role's start page, the navigation it sees, and the plain error pages."""

import re

import pytest
from django.test import RequestFactory
from django.urls import reverse

from accounts.tests.factories import AdvocateFactory
from patientportal.views import error_500

pytestmark = pytest.mark.django_db


def nav_labels(body: str) -> list[str]:
    return re.findall(r'class="govuk-service-navigation__link" href="[^"]+"[^>]*>([^<]+)<', body)


def test_visitors_see_what_the_service_is_and_how_to_start(client):
    body = client.get(reverse("home")).content.decode()
    assert "personal advocate" in body
    assert reverse("account_signup") in body and reverse("account_login") in body
    assert nav_labels(body) == ["Find help", "Ask for an advocate"]


def test_client_home_has_their_entry_points_and_honest_empty_states(client, client_user):
    client.force_login(client_user)
    body = client.get(reverse("home")).content.decode()
    assert "Hello, Alex" in body
    assert "You have not asked for a personal advocate yet." in body
    assert nav_labels(body) == ["Home", "Find help", "My requests", "My list", "Your account"]


def test_carer_home_speaks_to_a_carer(client, carer):
    client.force_login(carer)
    assert "for anyone yet" in client.get(reverse("home")).content.decode()


def test_advocate_home_is_their_caseload(client, advocate):
    client.force_login(advocate)
    body = client.get(reverse("home")).content.decode()
    assert "My caseload" in body and "No cases are assigned to you." in body
    assert advocate.organisation.name in body
    assert nav_labels(body) == ["Home", "Find help", "My cases", "Your account"]


def test_supervisor_home_counts_their_own_advocates(client, supervisor, other_org_advocate):
    AdvocateFactory.create_batch(2, organisation=supervisor.organisation)
    client.force_login(supervisor)
    body = client.get(reverse("home")).content.decode()
    assert "2 advocates in your organisation." in body
    assert nav_labels(body) == ["Home", "Find help", "Queue", "Team", "Metrics", "Your account"]


def test_org_admin_sees_organisation_settings_in_the_navigation(client, org_admin):
    client.force_login(org_admin)
    assert nav_labels(client.get(reverse("home")).content.decode()) == [
        "Home",
        "Find help",
        "Team",
        "Metrics",
        "Organisation",
        "Directory",
        "Your account",
    ]


def test_site_admin_reaches_the_admin(client, site_admin):
    client.force_login(site_admin)
    assert nav_labels(client.get(reverse("home")).content.decode()) == [
        "Home",
        "Find help",
        "Metrics",
        "Admin",
        "Your account",
    ]


def test_current_page_is_marked_in_the_navigation(client, supervisor):
    client.force_login(supervisor)
    body = client.get(reverse("team_list")).content.decode()
    assert f'href="{reverse("team_list")}" aria-current="page"' in body


def test_not_found_page_is_plain(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_server_error_page_is_plain_and_self_contained():
    response = error_500(RequestFactory().get("/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "Sorry, there is a problem with the service" in body
    assert '<html lang="en"' in body


def test_account_overview_shows_the_two_factor_state(client, supervisor, client_user):
    client.force_login(supervisor)
    assert '<dd class="govuk-summary-list__value">On</dd>' in client.get(reverse("account_overview")).content.decode()
    client.force_login(client_user)
    assert '<dd class="govuk-summary-list__value">Off</dd>' in client.get(reverse("account_overview")).content.decode()
