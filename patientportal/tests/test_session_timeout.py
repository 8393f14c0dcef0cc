"""Staff are signed out after 30 idle minutes, everyone after 12 hours; they come back to where they were."""

import time

import pytest
from django.urls import reverse

from patientportal.middleware import LAST_ACTIVITY, SESSION_STARTED
from patientportal.models import AuthEvent

pytestmark = pytest.mark.django_db


def age_session(client, *, idle: int = 0, since_start: int = 0):
    session = client.session
    now = int(time.time())
    session[LAST_ACTIVITY] = now - idle
    session[SESSION_STARTED] = now - since_start
    session.save()


def test_staff_idle_for_thirty_minutes_are_signed_out_and_sent_back_afterwards(client, supervisor, settings):
    client.force_login(supervisor)
    client.get(reverse("home"))
    age_session(client, idle=settings.STAFF_IDLE_TIMEOUT + 1)
    response = client.get(reverse("team_list") + "?page=2")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=%2Fteam%2F%3Fpage%3D2"
    assert "_auth_user_id" not in client.session
    assert AuthEvent.objects.filter(kind=AuthEvent.Kind.SESSION_EXPIRED, user_id=supervisor.pk, detail="idle").exists()
    page = client.get(response["Location"])
    assert "signed out after 30 minutes without activity" in page.content.decode()


def test_staff_active_within_thirty_minutes_stay_signed_in(client, supervisor, settings):
    client.force_login(supervisor)
    client.get(reverse("home"))
    age_session(client, idle=settings.STAFF_IDLE_TIMEOUT - 60)
    assert client.get(reverse("team_list")).status_code == 200


def test_clients_have_no_idle_timeout_but_do_have_the_absolute_lifetime(client, client_user, settings):
    client.force_login(client_user)
    client.get(reverse("home"))
    age_session(client, idle=settings.STAFF_IDLE_TIMEOUT * 4, since_start=60)
    assert client.get(reverse("account_overview")).status_code == 200
    age_session(client, since_start=settings.SESSION_ABSOLUTE_LIFETIME + 1)
    response = client.get(reverse("account_overview"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_asking_for_the_time_left_is_not_activity(client, supervisor, settings):
    client.force_login(supervisor)
    client.get(reverse("home"))
    age_session(client, idle=600)
    data = client.get(reverse("session_status")).json()
    assert data["signed_in"] is True
    assert settings.STAFF_IDLE_TIMEOUT - 605 <= data["seconds_left"] <= settings.STAFF_IDLE_TIMEOUT - 600
    assert client.get(reverse("session_status")).json()["seconds_left"] <= settings.STAFF_IDLE_TIMEOUT - 600


def test_im_still_here_extends_the_session(client, supervisor, settings):
    client.force_login(supervisor)
    client.get(reverse("home"))
    age_session(client, idle=settings.STAFF_IDLE_TIMEOUT - 30)
    response = client.post(reverse("session_extend"), HTTP_ACCEPT="application/json")
    assert response.json() == {"signed_in": True, "seconds_left": settings.STAFF_IDLE_TIMEOUT}
    assert client.get(reverse("session_status")).json()["seconds_left"] >= settings.STAFF_IDLE_TIMEOUT - 2


def test_im_still_here_without_javascript_returns_to_the_page(client, supervisor):
    client.force_login(supervisor)
    response = client.post(reverse("session_extend"), {"next": "/team/"})
    assert response["Location"] == "/team/"
    response = client.post(reverse("session_extend"), {"next": "https://elsewhere.example/"})
    assert response["Location"] == reverse("home")


def test_an_expired_session_asked_by_script_gets_401_not_a_page(client, supervisor, settings):
    client.force_login(supervisor)
    client.get(reverse("home"))
    age_session(client, idle=settings.STAFF_IDLE_TIMEOUT + 1)
    response = client.get(reverse("session_status"), HTTP_ACCEPT="application/json")
    assert response.status_code == 401


def test_staff_pages_carry_the_timeout_warning_and_client_pages_do_not(client, supervisor, client_user):
    client.force_login(supervisor)
    body = client.get(reverse("home")).content.decode()
    assert 'data-idle-timeout="1800"' in body
    assert 'id="session-timeout"' in body
    client.force_login(client_user)
    body = client.get(reverse("home")).content.decode()
    assert "data-idle-timeout" not in body
    assert 'id="session-timeout"' not in body
