"""The language follows the person: a signed-in person's choice is kept on their account and
used for their pages (on any device), their e-mails and their reminders; anyone else gets their
browser's, and the switcher brings them back to the page they were on."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from accounts.services import calendar_feed_create, user_language_set
from notifications.models import NotificationState
from notifications.services import notification_deliver, notification_queue
from patientportal.errors import InvalidInput

from .factories import ClientFactory

pytestmark = pytest.mark.django_db


def in_language(language: str, text: str) -> str:
    """``text`` as the site says it in ``language`` (the catalogues' own wording)."""
    with translation.override(language):
        translated = translation.gettext(text)
    assert translated != text, f"{text!r} has no {language} translation"
    return translated


def switch(client, language: str, next_path: str = "/"):
    return client.post(reverse("set_language"), {"language": language, "next": next_path})


def test_a_visitor_gets_their_browsers_language(client):
    page = client.get(reverse("resource_search"), headers={"accept-language": "de-DE,de;q=0.9"}).content.decode()
    assert '<html lang="de"' in page
    assert in_language("de", "Change language") in page


def test_the_switcher_brings_them_back_to_the_page_they_were_on(client):
    search = reverse("resource_search") + "?q=wheelchair&page=2"
    response = switch(client, "nl", search)
    assert response.status_code == 302 and response["Location"] == search
    assert '<html lang="nl"' in client.get(reverse("home")).content.decode()


def test_a_signed_in_persons_choice_is_kept_on_their_account_and_follows_them(client):
    person = ClientFactory()
    client.force_login(person)
    switch(client, "it")
    assert User.objects.get(pk=person.pk).language == "it"
    # Another device: no cookie, a browser in English.
    elsewhere = type(client)()
    elsewhere.force_login(person)
    page = elsewhere.get(reverse("home"), headers={"accept-language": "en"}).content.decode()
    assert '<html lang="it"' in page and in_language("it", "Change language") in page


def test_a_language_the_site_is_not_written_in_changes_nothing(client):
    person = ClientFactory(language="fr")
    client.force_login(person)
    switch(client, "xx")
    assert User.objects.get(pk=person.pk).language == "fr"
    with pytest.raises(InvalidInput):
        user_language_set(user=person, language="pt")


def test_signing_up_keeps_the_language_they_signed_up_in(client):
    client.post(
        reverse("account_signup"),
        {
            "email": "nouvelle@example.test",
            "first_name": "Aurélie",
            "is_carer": "false",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        },
        headers={"accept-language": "fr"},
    )
    assert User.objects.get(email="nouvelle@example.test").language == "fr"


def test_a_reminder_is_written_in_the_language_they_chose_when_it_goes():
    person = ClientFactory(languages=["en"])
    [row] = notification_queue(kind="my_list", recipients=[person], key="k")
    assert row.language == "en"  # planned before they chose
    user_language_set(user=person, language="da")  # ... and they chose Danish since
    assert notification_deliver(notification_id=row.pk) == NotificationState.SENT
    (message,) = mail.outbox
    assert in_language("da", "your saved services") in message.subject
    assert in_language("da", "Your list is empty.") in message.body
    assert "Your list is empty." not in message.body


def test_notifications_are_queued_in_the_language_on_the_account():
    person = ClientFactory(languages=["fr"], language="es")
    [row] = notification_queue(kind="my_list", recipients=[person], key="k")
    assert row.language == "es"
    speaker = ClientFactory(languages=["pt", "nl"], language="")
    [row] = notification_queue(kind="my_list", recipients=[speaker], key="k2")
    assert row.language == "nl"  # no choice yet: the first language they speak that the site has


def test_a_calendar_feed_is_in_its_owners_language(client, advocate):
    # A calendar app sends no one's language: the feed's own words are in the advocate's.
    user_language_set(user=advocate, language="de")
    _feed, token = calendar_feed_create(user=advocate)
    body = client.get(reverse("calendar_feed", args=[token]), headers={"accept-language": "en"}).content.decode()
    name = in_language("de", "%(site)s: my follow-ups") % {"site": settings.SITE_NAME}
    assert name.split(":")[-1].strip() in body.replace("\r\n ", "")
