"""Audit trail: reads of personal records (AccessEvent) and sign-in events (AuthEvent).

Writes to case and personal data are captured by django-pghistory triggers, with the user
and URL attached by ``HistoryContextMiddleware``. This module records what triggers cannot
see: reads, and authentication.
"""

from __future__ import annotations

import logging
from typing import Any

from allauth.mfa import signals as mfa_signals
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import models
from django.dispatch import receiver
from django.http import HttpRequest

from .models import AccessEvent, AuthEvent

logger = logging.getLogger(__name__)


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record_access(*, request: HttpRequest, obj: models.Model, action: str = "view") -> AccessEvent:
    """Record that the signed-in user read ``obj``. Call it from every view that shows a personal record."""
    return AccessEvent.objects.create(
        user_id=request.user.pk,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        path=request.path[:500],
    )


def record_auth_event(*, kind: str, request: HttpRequest | None, user: Any = None, detail: str = "") -> AuthEvent:
    event = AuthEvent.objects.create(
        kind=kind,
        user_id=getattr(user, "pk", None),
        ip_address=_client_ip(request),
        path=(request.path[:500] if request is not None else ""),
        detail=detail[:100],
    )
    # Log the event kind and the user's opaque id only: never an e-mail address.
    logger.info("auth event %s user=%s", kind, event.user_id or "-")
    return event


@receiver(user_logged_in)
def _on_login(sender, request, user, **kwargs) -> None:
    record_auth_event(kind=AuthEvent.Kind.LOGIN_SUCCESS, request=request, user=user)


@receiver(user_logged_out)
def _on_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        record_auth_event(kind=AuthEvent.Kind.LOGOUT, request=request, user=user)


@receiver(user_login_failed)
def _on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    email = (credentials or {}).get("email") or (credentials or {}).get("username")
    user = None
    if email:
        user = get_user_model().objects.filter(email__iexact=email).only("pk").first()
    record_auth_event(kind=AuthEvent.Kind.LOGIN_FAILED, request=request, user=user)


@receiver(mfa_signals.authenticator_used)
def _on_mfa_used(sender, request, user, authenticator, **kwargs) -> None:
    record_auth_event(kind=AuthEvent.Kind.MFA_SUCCESS, request=request, user=user, detail=authenticator.type)


@receiver(mfa_signals.authentication_failed)
def _on_mfa_failed(sender, request, user, **kwargs) -> None:
    authenticator = kwargs.get("authenticator")
    record_auth_event(
        kind=AuthEvent.Kind.MFA_FAILED, request=request, user=user, detail=getattr(authenticator, "type", "") or ""
    )


@receiver(mfa_signals.authenticator_added)
def _on_mfa_added(sender, request, user, authenticator, **kwargs) -> None:
    record_auth_event(kind=AuthEvent.Kind.MFA_ADDED, request=request, user=user, detail=authenticator.type)


@receiver(mfa_signals.authenticator_removed)
def _on_mfa_removed(sender, request, user, authenticator, **kwargs) -> None:
    record_auth_event(kind=AuthEvent.Kind.MFA_REMOVED, request=request, user=user, detail=authenticator.type)
