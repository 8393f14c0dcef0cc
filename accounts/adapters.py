"""django-allauth hooks: how a new account is filled in, where people land after signing in."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib import messages
from django.utils import translation

from .models import Role, is_site_language


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return True

    def save_user(self, request, user, form, commit=True):
        """Everyone who signs up is a client; staff accounts are created by admins."""
        data = form.cleaned_data
        user.first_name = (data.get("first_name") or "").strip()
        user.is_carer = bool(data.get("is_carer"))
        user.role = Role.CLIENT
        # The language they signed up in is theirs until they choose another (the switcher).
        language = translation.get_language()
        if is_site_language(language):
            user.language = language
        return super().save_user(request, user, form, commit=commit)

    def add_message(self, request, level, message_template=None, message_context=None, extra_tags="", message=None):
        """One success banner for one action. Some of allauth's actions say two things at once:
        confirming an e-mail address also signs the person in ("You have confirmed..." and
        "Signed in..."), turning on an authenticator app also makes recovery codes. The first
        success message of a request is shown; the others are left out."""
        if level == messages.SUCCESS:
            if getattr(request, "_success_message_added", False):
                return
            request._success_message_added = True
        super().add_message(request, level, message_template, message_context, extra_tags, message)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        context.setdefault("site_name", settings.SITE_NAME)
        super().send_mail(template_prefix, email, context)
