"""allauth's forms in our words (``ACCOUNT_FORMS``, ``MFA_FORMS``): sentence-case labels ("E-mail
address", "Password"), hints under them and error messages that say what to do. The pages that
show them are in templates/account/ and templates/mfa/; placeholders are left out of every input
by the ``govuk_widget`` filter."""

from __future__ import annotations

from allauth.account import forms as account_forms
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.totp import forms as totp_forms
from allauth.mfa.webauthn import forms as webauthn_forms
from django.utils.translation import gettext_lazy as _

EMAIL = _("E-mail address")
ENTER_EMAIL = {
    "required": _("Enter your e-mail address"),
    "invalid": _("Enter an e-mail address in the right format, like name@example.com."),
}
ENTER_PASSWORD = {"required": _("Enter your password")}
NEW_PASSWORD = {"required": _("Enter a new password")}
CONFIRM_PASSWORD = {"required": _("Enter the password again")}
CODE_HINT = _("The 6-digit code your authenticator app shows now, or one of your recovery codes.")


class HouseWords:
    """Sets each field's label, hint (``None``: none) and error messages from the class's tables."""

    labels: dict = {}
    hints: dict = {}
    error_texts: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        for name, field in self.fields.items():
            if name in self.labels:
                field.label = self.labels[name]
            if name in self.hints:
                field.help_text = self.hints[name] or ""
            field.error_messages.update(self.error_texts.get(name, {}))


class LoginForm(HouseWords, account_forms.LoginForm):
    # "Forgotten your password?" is a link under the form, not a hint inside the label's box.
    labels = {"login": EMAIL, "password": _("Password")}
    hints = {"password": None}
    error_texts = {"login": ENTER_EMAIL, "password": ENTER_PASSWORD}


class SignupForm(HouseWords, account_forms.SignupForm):
    labels = {"email": EMAIL, "password1": _("Create a password"), "password2": _("Confirm your password")}
    error_texts = {"email": ENTER_EMAIL, "password1": NEW_PASSWORD, "password2": CONFIRM_PASSWORD}


class ResetPasswordForm(HouseWords, account_forms.ResetPasswordForm):
    labels = {"email": EMAIL}
    error_texts = {"email": ENTER_EMAIL}


class ResetPasswordKeyForm(HouseWords, account_forms.ResetPasswordKeyForm):
    labels = {"password1": _("New password"), "password2": _("Confirm your new password")}
    error_texts = {"password1": NEW_PASSWORD, "password2": CONFIRM_PASSWORD}


class ChangePasswordForm(HouseWords, account_forms.ChangePasswordForm):
    labels = {
        "oldpassword": _("Current password"),
        "password1": _("New password"),
        "password2": _("Confirm your new password"),
    }
    hints = {"oldpassword": None}
    error_texts = {"oldpassword": ENTER_PASSWORD, "password1": NEW_PASSWORD, "password2": CONFIRM_PASSWORD}


class SetPasswordForm(HouseWords, account_forms.SetPasswordForm):
    labels = {"password1": _("Create a password"), "password2": _("Confirm your password")}
    error_texts = {"password1": NEW_PASSWORD, "password2": CONFIRM_PASSWORD}


class AddEmailForm(HouseWords, account_forms.AddEmailForm):
    labels = {"email": _("New e-mail address")}
    hints = {"email": _("We will send a link to it. Your address changes once you open the link.")}
    error_texts = {"email": ENTER_EMAIL}


class ReauthenticateForm(HouseWords, account_forms.ReauthenticateForm):
    labels = {"password": _("Password")}
    hints = {"password": None}
    error_texts = {"password": ENTER_PASSWORD}


class AuthenticateForm(HouseWords, mfa_forms.AuthenticateForm):
    labels = {"code": _("Security code")}
    hints = {"code": CODE_HINT}
    error_texts = {"code": {"required": _("Enter the security code")}}


class MFAReauthenticateForm(HouseWords, mfa_forms.ReauthenticateForm):
    labels = {"code": _("Security code")}
    hints = {"code": CODE_HINT}
    error_texts = {"code": {"required": _("Enter the security code")}}


class ActivateTOTPForm(HouseWords, totp_forms.ActivateTOTPForm):
    labels = {"code": _("Code from your authenticator app")}
    hints = {"code": _("The 6-digit code the app shows after you add this account to it.")}
    error_texts = {"code": {"required": _("Enter the code from your authenticator app")}}


KEY_NAME = _("Name of the key")
KEY_NAME_HINT = _("So you can tell your keys apart, for example 'Phone' or 'Blue USB key'.")


class AddWebAuthnForm(HouseWords, webauthn_forms.AddWebAuthnForm):
    labels = {"name": KEY_NAME, "passwordless": _("Use it as a passkey, to sign in without a password")}
    hints = {
        "name": KEY_NAME_HINT,
        "passwordless": _("Your device will ask for your fingerprint, face or PIN each time you use it."),
    }


class EditWebAuthnForm(HouseWords, webauthn_forms.EditWebAuthnForm):
    labels = {"name": KEY_NAME}
    hints = {"name": KEY_NAME_HINT}
    error_texts = {"name": {"required": _("Enter a name for the key")}}
