"""Organisation admins see their organisation's failed notifications, with the reason, and try
them again; nobody sees another organisation's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.tests.factories import ClientFactory, OrganisationFactory
from notifications.models import Notification, NotificationState

from .factories import FailedNotificationFactory, NotificationFactory

pytestmark = pytest.mark.django_db

LIST = reverse("failed_notification_list")


def retry_url(notification) -> str:
    return reverse("failed_notification_retry", kwargs={"notification_id": notification.pk})


def test_an_admin_sees_their_organisations_failures_with_the_reason(client, org_admin):
    ours = FailedNotificationFactory(
        organisation=org_admin.organisation,
        recipient=ClientFactory(first_name="Robin", last_name="Ash"),
        last_error="SMTPRecipientsRefused: mailbox unavailable",
    )
    FailedNotificationFactory(organisation=OrganisationFactory(countries=["DK"]), last_error="Elsewhere")
    FailedNotificationFactory(organisation=None, last_error="No society")
    NotificationFactory(organisation=org_admin.organisation, last_error="Still trying")
    client.force_login(org_admin)
    page = client.get(LIST).content.decode()
    assert "1 failed notification" in page
    assert "Robin Ash" in page and "mailbox unavailable" in page and "Your saved services" in page
    assert retry_url(ours) in page
    for other in ("Elsewhere", "No society", "Still trying"):
        assert other not in page


def test_a_site_admin_sees_those_that_belong_to_no_society(client, site_admin, organisation):
    FailedNotificationFactory(organisation=organisation, last_error="Owned by a society")
    FailedNotificationFactory(organisation=None, last_error="Owned by nobody")
    client.force_login(site_admin)
    page = client.get(LIST).content.decode()
    assert "Owned by nobody" in page and "Owned by a society" not in page


def test_the_empty_page_says_all_is_well(client, org_admin):
    client.force_login(org_admin)
    assert "Every notification has been sent." in client.get(LIST).content.decode()


def test_try_again_puts_it_back_in_the_outbox(client, org_admin, django_capture_on_commit_callbacks):
    failed = FailedNotificationFactory(organisation=org_admin.organisation)
    client.force_login(org_admin)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(retry_url(failed))
    assert response.status_code == 302 and response["Location"] == LIST
    failed.refresh_from_db()
    assert failed.state == NotificationState.PENDING and failed.attempts == 0 and len(callbacks) == 1
    assert "We will try to send it again" in client.get(LIST).content.decode()


def test_another_organisations_failure_cannot_be_retried(client, org_admin):
    theirs = FailedNotificationFactory(organisation=OrganisationFactory(countries=["NL"]))
    client.force_login(org_admin)
    assert client.post(retry_url(theirs)).status_code == 404
    assert Notification.objects.get(pk=theirs.pk).state == NotificationState.FAILED


def test_one_already_put_back_is_not_found_on_the_list_of_failures(client, org_admin):
    sent = NotificationFactory(organisation=org_admin.organisation, state=NotificationState.PENDING)
    client.force_login(org_admin)
    assert client.post(retry_url(sent)).status_code == 404


def test_other_roles_may_not_open_it(client, supervisor, advocate, client_user):
    for user in (supervisor, advocate, client_user):
        client.force_login(user)
        assert client.get(LIST).status_code == 403


def test_the_page_issues_the_same_queries_for_2_or_40_failures(client, org_admin, django_assert_num_queries):
    client.force_login(org_admin)
    FailedNotificationFactory.create_batch(2, organisation=org_admin.organisation)
    client.get(LIST)
    # session, user, the count and the page of failures (the organisation's name and the staff
    # member's second factor come from the cache)
    with django_assert_num_queries(4):
        client.get(LIST)
    FailedNotificationFactory.create_batch(38, organisation=org_admin.organisation)
    with django_assert_num_queries(4):
        page = client.get(LIST).content.decode()
    assert page.count("Try again") == 25 and "Page 1 of 2" in page


def test_the_start_page_counts_them(client, org_admin):
    FailedNotificationFactory.create_batch(3, organisation=org_admin.organisation)
    client.force_login(org_admin)
    assert "3 notifications need your attention." in client.get(reverse("home")).content.decode()
