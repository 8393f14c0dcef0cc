"""Notifications on the site (a list, an unread count in the header, mark as read) and each
person's choice, per kind, between an e-mail straight away and a daily digest."""

from __future__ import annotations

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import AdvocateFactory, ClientFactory
from notifications import digests, services
from notifications.kinds import digestible_for
from notifications.models import Delivery, Notification, NotificationPreference, NotificationState
from notifications.tests.factories import NotificationFactory, ShownNotificationFactory
from patientportal.errors import InvalidInput

pytestmark = pytest.mark.django_db


def deliver(row):
    return services.notification_deliver(notification_id=row.pk)


def unread(user):
    return User.objects.get(pk=user.pk).unread_notifications


def test_a_delivered_notification_is_listed_on_the_site_and_counted_unread(client):
    person = ClientFactory()
    row = NotificationFactory(recipient=person, kind="my_list")
    assert deliver(row) == NotificationState.SENT
    assert unread(person) == 1
    client.force_login(person)
    page = client.get(reverse("notification_list")).content.decode()
    assert "Your saved services" in page and f'href="/notifications/{row.pk}/"' in page
    assert "Notifications (1 unread)" in page  # the header, on every page
    assert "Notifications (1 unread)" in client.get(reverse("home")).content.decode()


def test_opening_a_notification_marks_it_read_and_goes_where_it_points(client):
    person = ClientFactory()
    row = ShownNotificationFactory(recipient=person, link="/my-list/")
    services._refresh_unread(person.pk)
    client.force_login(person)
    response = client.get(reverse("notification_open", args=[row.pk]))
    assert response.status_code == 302 and response["Location"] == "/my-list/"
    assert Notification.objects.get(pk=row.pk).read_at is not None
    assert unread(person) == 0
    assert "unread" not in client.get(reverse("home")).content.decode()


def test_a_link_elsewhere_is_never_followed(client):
    person = ClientFactory()
    row = ShownNotificationFactory(recipient=person, link="//evil.example/")
    client.force_login(person)
    assert client.get(reverse("notification_open", args=[row.pk]))["Location"] == reverse("notification_list")


def test_someone_elses_notification_is_a_404(client):
    row = ShownNotificationFactory()
    client.force_login(ClientFactory())
    assert client.get(reverse("notification_open", args=[row.pk])).status_code == 404
    assert Notification.objects.get(pk=row.pk).read_at is None


def test_mark_all_as_read(client):
    person = ClientFactory()
    rows = ShownNotificationFactory.create_batch(3, recipient=person)
    services._refresh_unread(person.pk)
    assert unread(person) == 3
    client.force_login(person)
    response = client.post(reverse("notification_mark_all_read"), follow=True)
    assert "All your notifications are marked as read." in response.content.decode()
    assert unread(person) == 0
    assert not Notification.objects.filter(pk__in=[r.pk for r in rows], read_at__isnull=True).exists()


def test_the_list_is_paged_and_says_when_it_is_empty(client):
    person = ClientFactory()
    client.force_login(person)
    assert "Nothing yet." in client.get(reverse("notification_list")).content.decode()
    ShownNotificationFactory.create_batch(30, recipient=person)
    first = client.get(reverse("notification_list")).content.decode()
    assert len(re.findall(r'href="/notifications/\d+/"', first)) == 25 and "Page 1 of 2" in first


def test_the_list_costs_the_same_whatever_its_length(client, django_assert_num_queries):
    person = ClientFactory()
    client.force_login(person)
    ShownNotificationFactory.create_batch(3, recipient=person)
    client.get(reverse("notification_list"))
    with django_assert_num_queries(4):  # session, user, count, page
        client.get(reverse("notification_list"))
    ShownNotificationFactory.create_batch(40, recipient=person)
    with django_assert_num_queries(4):
        client.get(reverse("notification_list"))


# --- straight away, or in a daily digest ----------------------------------------------------------


def test_an_advocate_chooses_a_daily_digest_for_follow_up_reminders(client):
    advocate = AdvocateFactory()
    client.force_login(advocate)
    page = client.get(reverse("notification_preferences")).content.decode()
    assert "A follow-up is due" in page and "In a daily digest" in page
    assert "We received your request" not in page  # a client's kind
    form = {kind.code: Delivery.NOW for kind in digestible_for(advocate.role)} | {"follow_up_due": Delivery.DIGEST}
    response = client.post(reverse("notification_preferences"), form, follow=True)
    assert "Your choices are saved." in response.content.decode()
    assert list(NotificationPreference.objects.filter(user=advocate).values_list("kind", "delivery")) == [
        ("follow_up_due", Delivery.DIGEST)
    ]


def test_a_choice_that_is_not_offered_changes_nothing():
    person = ClientFactory()
    with pytest.raises(InvalidInput):
        services.notification_preferences_set(
            user=person, choices={"new_message": Delivery.DIGEST, "follow_up_due": "digest"}
        )
    with pytest.raises(InvalidInput):
        services.notification_preferences_set(user=person, choices={"new_message": "weekly"})
    assert not NotificationPreference.objects.exists()


def test_a_missing_answer_is_an_error_on_the_page(client):
    client.force_login(ClientFactory())
    response = client.post(reverse("notification_preferences"), {})
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert not NotificationPreference.objects.exists()


LONDON = zoneinfo.ZoneInfo("Europe/London")


def test_a_notification_held_for_the_digest_is_shown_at_once_and_e_mailed_next_morning(client):
    from cases.tests.factories import MessageFactory

    person = ClientFactory(first_name="Ruth")
    services.notification_preferences_set(user=person, choices={"new_message": Delivery.DIGEST})
    evening = datetime.datetime(2026, 6, 10, 19, 0, tzinfo=LONDON)
    with time_machine.travel(evening, tick=False):
        message = MessageFactory(case__applicant=person)
        organisation = message.case.organisation
        row = NotificationFactory(recipient=person, kind="my_list", organisation=organisation)
        # my_list is not digestible: straight away, whatever the person chose for other kinds.
        assert deliver(row) == NotificationState.SENT
        assert len(mail.outbox) == 1
        held = NotificationFactory(
            recipient=person,
            kind="new_message",
            about_type="cases.message",
            about_id=str(message.pk),
            organisation=organisation,
        )
        assert deliver(held) == NotificationState.DIGEST
        assert len(mail.outbox) == 1  # not e-mailed...
        assert unread(person) == 2  # ...but in the list on the site
        assert digests.digest_plan() == 0  # this morning's digest time has passed: tomorrow's
    with time_machine.travel(evening + datetime.timedelta(hours=12, minutes=55), tick=False):
        assert digests.digest_plan() == 0  # 07:55 in London
    with time_machine.travel(evening + datetime.timedelta(hours=13), tick=False):
        assert digests.digest_plan() == 1
        [digest] = Notification.objects.filter(kind=digests.DAILY_DIGEST)
        assert deliver(digest) == NotificationState.SENT
        assert "A new message (1)" in mail.outbox[-1].body and message.body not in mail.outbox[-1].body
        assert Notification.objects.get(pk=held.pk).in_digest_id == digest.pk
        assert digests.digest_plan() == 0  # nothing more waits, and today's is sent


def test_a_batch_reads_everyones_choices_once_and_holds_back_what_they_chose_for_the_digest(
    django_assert_num_queries,
):
    from cases.tests.factories import MessageFactory

    wants_digest, wants_now = ClientFactory(), ClientFactory()
    services.notification_preferences_set(user=wants_digest, choices={"new_message": Delivery.DIGEST})
    rows = []
    for person in (wants_digest, wants_now):
        message = MessageFactory(case__applicant=person)
        rows.append(
            NotificationFactory(
                recipient=person, kind="new_message", about_type="cases.message", about_id=str(message.pk)
            )
        )
    outcomes = services.notification_deliver_batch(notification_ids=[row.pk for row in rows])
    assert outcomes == {NotificationState.DIGEST: 1, NotificationState.SENT: 1}
    assert [m.to for m in mail.outbox] == [[wants_now.email]]
