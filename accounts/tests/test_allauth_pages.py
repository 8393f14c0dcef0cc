"""allauth's pages in the house style: our words in sentence case ("Sign in", "E-mail address"),
GOV.UK markup (a heading, labels, an error summary linked to the fields), no placeholder inside
an input, and one success banner after each thing a person does."""

import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core import mail
from django.urls import reverse

from .factories import TEST_PASSWORD, AdvocateFactory, ClientFactory, SupervisorFactory
from .test_sign_in import current_code

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-passphrase-2026"


def h1(html: str) -> str:
    found = re.findall(r'<h1 class="govuk-heading-l">(.*?)</h1>', html, re.S)
    assert len(found) == 1, f"one page heading expected, found {found}"
    return found[0].strip()


def banners(html: str) -> list[str]:
    """The text of each success banner on the page."""
    return [
        text.strip()
        for text in re.findall(
            r'govuk-notification-banner--success.*?govuk-notification-banner__heading">(.*?)</p>', html, re.S
        )
    ]


def assert_house_page(response, heading: str) -> str:
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    assert h1(html) == heading
    assert "placeholder=" not in html
    # Every visible input has a label of its own.
    for input_id in re.findall(r'<input(?![^>]*type="(?:hidden|checkbox|radio)")[^>]*\sid="([^"]+)"', html):
        if input_id != "language-select":
            assert f'for="{input_id}"' in html, f"input #{input_id} has no label"
    return html


def reauthenticated(client, user) -> None:
    """As if the person had just typed their password again (allauth asks before security changes)."""
    session = client.session
    session["account_authentication_methods"] = [{"method": "password", "at": time.time(), "reauthenticated": True}]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


ANONYMOUS_PAGES = [
    ("account_login", "Sign in"),
    ("account_signup", "Create an account"),
    ("account_reset_password", "Reset your password"),
    ("account_reset_password_done", "Check your e-mail"),
    ("account_email_verification_sent", "Check your e-mail"),
    ("account_reset_password_from_key_done", "Your password is changed"),
    ("account_inactive", "This account cannot be used"),
]


@pytest.mark.parametrize(("url_name", "heading"), ANONYMOUS_PAGES)
def test_anonymous_pages_use_the_house_wording(client, url_name, heading):
    assert_house_page(client.get(reverse(url_name)), heading)


def test_sign_in_page_labels_and_links(client):
    html = assert_house_page(client.get(reverse("account_login")), "Sign in")
    assert '<label class="govuk-label" for="id_login">E-mail address</label>' in html
    assert '<label class="govuk-label" for="id_password">Password</label>' in html
    assert "Forgotten your password?" in html
    assert "Create an account" in html
    assert ">Sign in</button>" in html
    assert "Sign In" not in html


def test_sign_up_page_labels(client):
    html = assert_house_page(client.get(reverse("account_signup")), "Create an account")
    for label in ("E-mail address", "Create a password", "Confirm your password", "What should we call you?"):
        assert f">{label}</" in html, label
    assert "Sign Up" not in html


def test_an_empty_sign_in_shows_the_error_summary_linked_to_the_fields(client):
    response = client.post(reverse("account_login"), {"login": "", "password": ""})
    html = assert_house_page(response, "Sign in")
    assert "There is a problem" in html
    assert '<a href="#id_login">Enter your e-mail address</a>' in html
    assert '<a href="#id_password">Enter your password</a>' in html
    assert "This field is required" not in html


def test_expired_links_say_so_in_plain_words(client):
    html = assert_house_page(
        client.get(reverse("account_confirm_email", args=["not-a-key"])), "Confirm your e-mail address"
    )
    assert "This link has expired or has already been used." in html
    response = client.get(reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "x-y"}))
    assert_house_page(response, "This link does not work")


def test_the_reset_link_opens_a_page_to_choose_a_new_password(client):
    user = ClientFactory()
    client.post(reverse("account_reset_password"), {"email": user.email})
    link = re.search(r"https?://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[0].body).group(1)
    html = assert_house_page(client.get(link, follow=True), "Choose a new password")
    assert ">New password</label>" in html and ">Confirm your new password</label>" in html


SIGNED_IN_PAGES = [
    ("account_logout", "Sign out"),
    ("account_email", "Change your e-mail address"),
    ("account_change_password", "Change your password"),
    ("account_reauthenticate", "Confirm it is you"),
    ("mfa_index", "Two-factor authentication"),
    ("mfa_list_webauthn", "Security keys and passkeys"),
]


@pytest.mark.parametrize(("url_name", "heading"), SIGNED_IN_PAGES)
def test_signed_in_pages_use_the_house_wording(client, client_user, url_name, heading):
    client.force_login(client_user)
    assert_house_page(client.get(reverse(url_name)), heading)


@pytest.mark.parametrize(
    ("url_name", "heading"),
    [
        ("mfa_activate_totp", "Set up an authenticator app"),
        ("mfa_add_webauthn", "Add a security key"),
    ],
)
def test_pages_to_add_a_second_factor(client, client_user, url_name, heading):
    client.force_login(client_user)
    reauthenticated(client, client_user)
    assert_house_page(client.get(reverse(url_name)), heading)


def test_the_email_page_labels_the_new_address(client, client_user):
    client.force_login(client_user)
    html = assert_house_page(client.get(reverse("account_email")), "Change your e-mail address")
    assert ">New e-mail address</label>" in html
    assert client_user.email in html  # their own address, on their own screen


def test_the_password_page_labels(client, client_user):
    client.force_login(client_user)
    html = assert_house_page(client.get(reverse("account_change_password")), "Change your password")
    for label in ("Current password", "New password", "Confirm your new password"):
        assert f">{label}</label>" in html


@pytest.mark.parametrize(
    ("url_name", "heading", "recovery_codes", "recent"),
    [
        ("mfa_index", "Two-factor authentication", True, False),
        ("mfa_reauthenticate", "Confirm it is you", False, False),
        ("mfa_view_recovery_codes", "Recovery codes", True, True),
        ("mfa_generate_recovery_codes", "Make new recovery codes", True, True),
        ("mfa_deactivate_totp", "Remove your authenticator app", False, True),
    ],
)
def test_staff_second_factor_pages(client, url_name, heading, recovery_codes, recent):
    advocate = AdvocateFactory()
    if recovery_codes:
        RecoveryCodes.activate(advocate)
    client.force_login(advocate)
    if recent:
        reauthenticated(client, advocate)
    assert_house_page(client.get(reverse(url_name)), heading)


def test_staff_sign_in_asks_for_the_security_code_in_house_words(client):
    advocate = AdvocateFactory()
    client.post(reverse("account_login"), {"login": advocate.email, "password": TEST_PASSWORD})
    html = assert_house_page(client.get(reverse("mfa_authenticate")), "Enter your security code")
    assert ">Security code</label>" in html
    response = client.post(reverse("mfa_authenticate"), {"code": current_code()}, follow=True)
    assert banners(response.content.decode()) == ["You are signed in."]


# --- one success banner --------------------------------------------------------------------


def test_signing_in_shows_one_banner_that_does_not_name_the_person(client):
    user = ClientFactory()
    response = client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD}, follow=True)
    html = response.content.decode()
    assert banners(html) == ["You are signed in."]
    assert user.email not in " ".join(banners(html))


def test_signing_out_shows_one_banner(client, client_user):
    client.force_login(client_user)
    response = client.post(reverse("account_logout"), follow=True)
    assert banners(response.content.decode()) == ["You are signed out."]


def test_changing_the_password_shows_one_banner(client, client_user):
    client.force_login(client_user)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": TEST_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        follow=True,
    )
    assert banners(response.content.decode()) == ["Your password is changed."]


def test_confirming_an_email_address_signs_in_with_one_banner(client):
    client.post(
        reverse("account_signup"),
        {
            "email": "new.person@example.test",
            "first_name": "Jo",
            "is_carer": "false",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    # The page after sign-up says an e-mail was sent; no banner repeats it (with the address).
    sent = client.get(reverse("account_email_verification_sent")).content.decode()
    assert "new.person@example.test" not in sent
    assert "We have sent you an e-mail" in sent
    link = re.search(r"https?://testserver(/accounts/confirm-email/\S+/)", mail.outbox[0].body).group(1)
    assert_house_page(client.get(link), "Confirm your e-mail address")
    response = client.post(link, follow=True)
    assert EmailAddress.objects.get(email="new.person@example.test").verified
    assert banners(response.content.decode()) == ["Your e-mail address is confirmed."]


def test_adding_an_email_address_says_so_without_naming_it(client, client_user):
    client.force_login(client_user)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "new@example.test"}, follow=True)
    html = response.content.decode()
    assert "We have sent you an e-mail. Open the link in it to confirm the address." in html
    assert "Confirmation e-mail sent to" not in html and "Confirmation email sent to" not in html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_setting_up_an_authenticator_app_shows_one_banner(client):
    """allauth adds its messages once the change is committed, and also makes recovery codes with
    a banner of their own: one is shown (the recovery codes page the person lands on speaks for
    the codes). Committed for real, as in production: an uncommitted test would show none."""
    supervisor = SupervisorFactory(mfa=False)
    client.force_login(supervisor)
    reauthenticated(client, supervisor)
    page = assert_house_page(client.get(reverse("mfa_activate_totp")), "Set up an authenticator app")
    secret = re.search(r'value="([A-Z2-7]{32})"', page).group(1)
    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)}, follow=True)
    assert Authenticator.objects.filter(user=supervisor, type=Authenticator.Type.TOTP).exists()
    html = assert_house_page(response, "Recovery codes")
    assert banners(html) == ["Two-factor authentication is on: your authenticator app is set up."]
