"""django-allauth hooks: how a new account is filled in, where people land after signing in."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from .models import Role


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return True

    def save_user(self, request, user, form, commit=True):
        """Everyone who signs up is a client; staff accounts are created by admins."""
        data = form.cleaned_data
        user.first_name = (data.get("first_name") or "").strip()
        user.is_carer = bool(data.get("is_carer"))
        user.role = Role.CLIENT
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        context.setdefault("site_name", settings.SITE_NAME)
        super().send_mail(template_prefix, email, context)
