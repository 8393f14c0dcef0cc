"""The private calendar link: only its hash is stored, one works at a time, replacing or
stopping it makes the old one stop working."""

from __future__ import annotations

import hashlib

import pytest
from django.db import IntegrityError, connection, transaction

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


def test_erasure_deletes_a_persons_links():
    holding = next(h for h in holdings() if h.model == "accounts.CalendarFeed")
    assert holding.erasure == Erasure.DELETE and holding.person == "user"
