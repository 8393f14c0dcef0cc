"""Accounts through allauth: sign-up with verification, sign-in, rate limits, MFA for staff."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core import mail
from django.urls import reverse

from accounts.models import Role, User
from patientportal.models import AuthEvent

from .factories import TEST_PASSWORD, TEST_TOTP_SECRET, AdvocateFactory, ClientFactory, SupervisorFactory

pytestmark = pytest.mark.django_db


def current_code(secret: str = TEST_TOTP_SECRET) -> str:
    import time

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in(client, email, password=TEST_PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_sign_up_creates_a_client_who_must_verify_their_email(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new.person@example.test",
            "first_name": "Jo",
            "is_carer": "true",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="new.person@example.test")
    assert (user.role, user.first_name, user.is_carer, user.organisation) == (Role.CLIENT, "Jo", True, None)
    assert not EmailAddress.objects.get(user=user).verified
    # Not signed in until the address is verified.
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    confirm = client.post(link.split("testserver", 1)[1])
    assert confirm.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.session["_auth_user_id"] == str(user.pk)


def test_sign_up_refuses_bad_input_and_saves_nothing(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "not-an-email", "first_name": "", "password1": "short", "password2": "other"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Enter the name you would like us to use" in body
    assert not User.objects.exists()


def test_client_signs_in_with_email_and_password(client):
    user = ClientFactory()
    response = sign_in(client, user.email.upper())
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert AuthEvent.objects.filter(kind=AuthEvent.Kind.LOGIN_SUCCESS, user_id=user.pk).exists()


def test_the_signed_in_message_is_kept_on_the_server_not_in_a_cookie(client):
    user = ClientFactory(first_name="Alex", last_name="Morgan-Personal")
    response = sign_in(client, user.email)
    # The message names the person: it waits in the session (a database row), not in a cookie.
    carrying_something = {name for name, cookie in client.cookies.items() if cookie.value}
    assert carrying_something <= {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
    assert all(user.first_name not in cookie.value for cookie in client.cookies.values())
    page = client.get(response["Location"])
    assert "You are signed in." in page.content.decode()
    # Shown once.
    assert "You are signed in." not in client.get(response["Location"]).content.decode()


def test_a_wrong_password_is_refused_and_recorded_without_the_email(client):
    user = ClientFactory()
    response = sign_in(client, user.email, "wrong-password")
    assert response.status_code == 200
    event = AuthEvent.objects.get(kind=AuthEvent.Kind.LOGIN_FAILED)
    assert event.user_id == user.pk
    assert user.email not in str(event.__dict__)


def test_the_sixth_failed_sign_in_within_five_minutes_is_refused_even_with_the_right_password(client):
    user = ClientFactory()
    for _ in range(5):
        sign_in(client, user.email, "wrong-password")
    response = sign_in(client, user.email)
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    assert "Too many failed" in response.content.decode()


def test_staff_sign_in_asks_for_the_totp_code(client):
    advocate = AdvocateFactory()
    response = sign_in(client, advocate.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "_auth_user_id" not in client.session
    assert wrong.status_code == 200
    response = client.post(reverse("mfa_authenticate"), {"code": current_code()})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(advocate.pk)
    kinds = set(AuthEvent.objects.filter(user_id=advocate.pk).values_list("kind", flat=True))
    assert {AuthEvent.Kind.MFA_FAILED, AuthEvent.Kind.MFA_SUCCESS, AuthEvent.Kind.LOGIN_SUCCESS} <= kinds


def test_staff_without_mfa_are_sent_to_set_it_up_before_any_staff_page(client):
    supervisor = SupervisorFactory(mfa=False)
    sign_in(client, supervisor.email)
    for url in (reverse("home"), reverse("team_list")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("mfa_activate_totp"))
    # Setting it up is allowed (after confirming the password, as allauth asks for any
    # change to security settings).
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    response = client.post(response["Location"], {"password": TEST_PASSWORD})
    assert response["Location"] == reverse("mfa_activate_totp")
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_staff_can_use_staff_pages_once_totp_is_set_up(client):
    supervisor = SupervisorFactory(mfa=False)
    sign_in(client, supervisor.email)
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    secret = re.search(r'value="([A-Z2-7]{32})"', page.content.decode()).group(1)
    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=supervisor, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("team_list")).status_code == 200


def test_clients_do_not_need_mfa(client):
    client.force_login(ClientFactory())
    assert client.get(reverse("home")).status_code == 200


def test_the_django_admin_signs_in_through_allauth(client, site_admin):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    login = client.get(response["Location"])
    assert login.status_code == 302
    assert login["Location"].startswith(reverse("account_login"))
    client.force_login(site_admin)
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_client_cannot_open_the_admin(client, client_user):
    client.force_login(client_user)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 403


def test_password_reset_by_email_link_sets_a_new_password(client):
    user = ClientFactory()
    client.post(reverse("account_reset_password"), {"email": user.email})
    link = re.search(r"https?://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    response = client.post(action, {"password1": "a-brand-new-passphrase", "password2": "a-brand-new-passphrase"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-brand-new-passphrase")


def test_changing_email_needs_the_new_address_verified(client):
    user = ClientFactory(email="old@example.test")
    client.force_login(user)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "new@example.test"})
    assert response.status_code == 302
    new = EmailAddress.objects.get(user=user, email="new@example.test")
    assert not new.verified
    assert User.objects.get(pk=user.pk).email == "old@example.test"
    link = re.search(r"https?://testserver(/accounts/confirm-email/\S+/)", mail.outbox[-1].body).group(1)
    client.post(link)
    assert User.objects.get(pk=user.pk).email == "new@example.test"


def test_signing_out_is_a_post_and_is_recorded(client, client_user):
    client.force_login(client_user)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert AuthEvent.objects.filter(kind=AuthEvent.Kind.LOGOUT, user_id=client_user.pk).exists()


def test_staff_whose_second_factor_is_removed_must_set_one_up_again(client, django_capture_on_commit_callbacks):
    """Whether staff have a second factor is cached once they have one (``user_has_second_factor``):
    removing it is felt on the very next page."""
    supervisor = SupervisorFactory()
    client.force_login(supervisor)
    assert client.get(reverse("team_list")).status_code == 200  # "has one" is now cached
    with django_capture_on_commit_callbacks(execute=True):
        Authenticator.objects.filter(user=supervisor).delete()
    response = client.get(reverse("team_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
