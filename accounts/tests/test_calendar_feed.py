"""The private calendar link: only its hash is stored, one works at a time, replacing or
stopping it makes the old one a 404; the advocate's page that makes and stops it."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from accounts import selectors, services
from accounts.models import CalendarFeed, Role
from accounts.tests.factories import AdvocateFactory
from patientportal.errors import NotAllowed, NotFound
from patientportal.personal_data import Erasure, holdings

pytestmark = pytest.mark.django_db


def _everything_stored_about_feeds() -> str:
    """Every column of the feeds table and of its history, as text."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT row_to_json(t)::text FROM accounts_calendarfeed t")
        rows = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT row_to_json(t)::text FROM accounts_calendarfeedevent t")
        rows += [row[0] for row in cursor.fetchall()]
    return "\n".join(rows)


# --- the token --------------------------------------------------------------------------------


def test_the_token_is_stored_nowhere_only_its_sha256(advocate):
    feed, token = services.calendar_feed_create(user=advocate)
    assert len(token) == CalendarFeed.TOKEN_LENGTH and CalendarFeed.is_well_formed(token)
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = _everything_stored_about_feeds()
    assert feed.token_hash in stored  # (the dump is not empty)
    assert token not in stored


def test_every_token_is_new(advocate):
    tokens = {services.calendar_feed_create(user=advocate)[1] for _ in range(5)}
    assert len(tokens) == 5


def test_the_database_refuses_a_token_in_place_of_its_hash(advocate):
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarFeed.objects.create(user=advocate, token_hash="A" * 43)


def test_the_database_refuses_two_working_links_for_one_person(advocate):
    services.calendar_feed_create(user=advocate)
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarFeed.objects.create(user=advocate, token_hash=CalendarFeed.digest("another"))


def test_a_token_we_could_not_have_made_is_not_even_looked_up(django_assert_num_queries):
    for token in ("", "short", "x" * 43 + "y", "a" * 42 + "!", "../../etc/passwd"):
        with django_assert_num_queries(0), pytest.raises(NotFound):
            selectors.calendar_feed_get_by_token(token=token)


# --- replacing and stopping -------------------------------------------------------------------


def test_a_new_link_replaces_the_old_one(advocate):
    old, old_token = services.calendar_feed_create(user=advocate)
    new, new_token = services.calendar_feed_create(user=advocate)
    old.refresh_from_db()
    assert old.revoked_at is not None and new.revoked_at is None
    assert selectors.calendar_feed_active_for_user(user=advocate) == new
    assert selectors.calendar_feed_get_by_token(token=new_token) == new
    with pytest.raises(NotFound):
        selectors.calendar_feed_get_by_token(token=old_token)


def test_stopping_the_feed_makes_its_link_not_found_and_a_new_one_can_be_made_at_once(advocate):
    _feed, token = services.calendar_feed_create(user=advocate)
    assert services.calendar_feed_revoke(user=advocate) is True
    assert selectors.calendar_feed_active_for_user(user=advocate) is None
    with pytest.raises(NotFound):
        selectors.calendar_feed_get_by_token(token=token)
    assert services.calendar_feed_revoke(user=advocate) is False  # nothing left to stop
    _again, new_token = services.calendar_feed_create(user=advocate)
    assert selectors.calendar_feed_get_by_token(token=new_token).user == advocate


def test_stopping_one_persons_feed_leaves_anothers(advocate):
    colleague = AdvocateFactory(organisation=advocate.organisation)
    _mine, my_token = services.calendar_feed_create(user=advocate)
    _theirs, their_token = services.calendar_feed_create(user=colleague)
    services.calendar_feed_revoke(user=colleague)
    assert selectors.calendar_feed_get_by_token(token=my_token).user == advocate
    with pytest.raises(NotFound):
        selectors.calendar_feed_get_by_token(token=their_token)


@pytest.mark.parametrize("role", ["client_user", "supervisor", "org_admin", "site_admin"])
def test_only_advocates_may_have_a_feed(role, request):
    user = request.getfixturevalue(role)
    with pytest.raises(NotAllowed):
        services.calendar_feed_create(user=user)
    assert not CalendarFeed.objects.exists()


@pytest.mark.parametrize("change", ["deactivated", "now_a_supervisor"])
def test_the_link_of_someone_no_longer_an_active_advocate_is_not_found(advocate, change):
    _feed, token = services.calendar_feed_create(user=advocate)
    if change == "deactivated":
        advocate.is_active = False
    else:
        advocate.role = Role.SUPERVISOR
    advocate.save()
    with pytest.raises(NotFound):
        selectors.calendar_feed_get_by_token(token=token)


def test_making_and_stopping_links_is_in_the_history_with_who_did_it(client, advocate):
    client.force_login(advocate)
    client.post(reverse("calendar_feed_create"))
    client.post(reverse("calendar_feed_stop"))
    events = list(CalendarFeed.pgh_event_model.objects.order_by("pgh_id").select_related("pgh_context"))
    assert [event.pgh_label for event in events] == ["insert", "update"]
    assert events[1].revoked_at is not None
    assert {event.pgh_context.metadata["user"] for event in events} == {str(advocate.pk)}
    assert [event.pgh_context.metadata["url"] for event in events] == [
        "/account/calendar/new/",
        "/account/calendar/stop/",
    ]


def test_erasure_deletes_a_persons_links():
    holding = next(h for h in holdings() if h.model == "accounts.CalendarFeed")
    assert holding.erasure == Erasure.DELETE and holding.person == "user"


# --- the page ---------------------------------------------------------------------------------


def test_the_page_explains_the_feed_and_offers_a_link(client, advocate):
    client.force_login(advocate)
    page = client.get(reverse("calendar_feed_settings")).content.decode()
    assert "Anyone who has the link can see when your follow-ups are" in page
    assert "You do not have a calendar link." in page
    assert "Create a link" in page
    assert "Stop the feed" not in page


def test_creating_a_link_shows_it_once_with_a_confirmation(client, advocate, settings):
    settings.SITE_URL = "https://portal.example.org"
    client.force_login(advocate)
    response = client.post(reverse("calendar_feed_create"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Your new calendar link is ready. Copy it now: it is shown only this once." in page
    feed = CalendarFeed.objects.get(user=advocate)
    link = re.search(r'<textarea [^>]*id="calendar-link"[^>]*readonly[^>]*>([^<]*)</textarea>', page).group(1)
    assert link.startswith("https://portal.example.org/calendar/") and link.endswith(".ics")
    token = link.removeprefix("https://portal.example.org/calendar/").removesuffix(".ics")
    assert CalendarFeed.digest(token) == feed.token_hash
    assert '<label class="govuk-label govuk-label--s" for="calendar-link">' in page
    assert "no-store" in response["Cache-Control"]
    assert "Create a new link (the old one stops working)" in page and "Stop the feed" in page

    # Shown once: the page never shows it again.
    again = client.get(reverse("calendar_feed_settings")).content.decode()
    assert token not in again
    assert "You made your calendar link on" in again
    assert "Your new calendar link is ready" not in again


def test_creating_a_new_link_makes_the_old_one_a_404(client, advocate):
    _feed, old_token = services.calendar_feed_create(user=advocate)
    client.force_login(advocate)
    client.post(reverse("calendar_feed_create"))
    assert CalendarFeed.objects.filter(user=advocate, revoked_at__isnull=True).count() == 1
    assert client.get(reverse("calendar_feed", kwargs={"token": old_token})).status_code == 404


def test_stopping_the_feed_confirms_it_and_the_link_is_a_404(client, advocate):
    _feed, token = services.calendar_feed_create(user=advocate)
    client.force_login(advocate)
    response = client.post(reverse("calendar_feed_stop"), follow=True)
    assert response.redirect_chain == [(reverse("calendar_feed_settings"), 302)]
    page = response.content.decode()
    assert "Your calendar feed is stopped. The old link no longer works." in page
    assert "You do not have a calendar link." in page
    assert client.get(reverse("calendar_feed", kwargs={"token": token})).status_code == 404


def test_the_actions_are_posts_only(client, advocate):
    client.force_login(advocate)
    assert client.get(reverse("calendar_feed_create")).status_code == 405
    assert client.get(reverse("calendar_feed_stop")).status_code == 405
    assert not CalendarFeed.objects.exists()


def test_the_account_page_links_advocates_to_the_calendar_page(client, advocate, supervisor):
    client.force_login(advocate)
    page = client.get(reverse("account_overview")).content.decode()
    assert reverse("calendar_feed_settings") in page and "Follow-ups in your calendar app" in page
    assert "Off" in page
    services.calendar_feed_create(user=advocate)
    assert "On (private link made on" in client.get(reverse("account_overview")).content.decode()

    client.force_login(supervisor)
    assert reverse("calendar_feed_settings") not in client.get(reverse("account_overview")).content.decode()
