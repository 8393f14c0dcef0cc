"""Account e-mails carry a link and nothing about the person."""

import pytest
from django.core import mail
from django.urls import reverse

from .factories import ClientFactory

pytestmark = pytest.mark.django_db


def test_verification_email_holds_no_name_or_address(client):
    client.post(
        reverse("account_signup"),
        {
            "email": "private.person@example.test",
            "first_name": "Bartholomew",
            "is_carer": "false",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        },
    )
    (message,) = mail.outbox
    assert "/accounts/confirm-email/" in message.body
    assert "Bartholomew" not in message.body + message.subject
    assert "private.person" not in message.body + message.subject


def test_password_reset_email_holds_no_name_or_address(client):
    user = ClientFactory(first_name="Wilhelmina", email="wilhelmina@example.test")
    client.post(reverse("account_reset_password"), {"email": user.email})
    (message,) = mail.outbox
    assert "/accounts/password/reset/key/" in message.body
    assert "Wilhelmina" not in message.body + message.subject
    assert "wilhelmina@" not in message.body + message.subject


def test_password_reset_for_an_unknown_address_says_so_without_repeating_it(client):
    client.post(reverse("account_reset_password"), {"email": "nobody@example.test"})
    (message,) = mail.outbox
    assert "nobody@" not in message.body
