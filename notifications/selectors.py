"""Reads of the outbox, scoped to the user asking."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from . import kinds
from .models import Notification, NotificationState
from .permissions import NOTIFICATIONS, Action


def notification_failed_list_for_user(*, user: Any) -> QuerySet[Notification]:
    """The failed notifications this admin may try again, newest first (one query per page)."""
    return (
        NOTIFICATIONS.filter(user, Action.RETRY)
        .filter(state=NotificationState.FAILED)
        .select_related("recipient")
        .order_by("-created_at", "-id")
    )


def notification_failed_get_for_user(*, user: Any, notification_id: int) -> Notification:
    return NOTIFICATIONS.get(user, Action.RETRY, notification_id, notification_failed_list_for_user(user=user))


def kind_label(code: str) -> str:
    kind = kinds.REGISTRY.get(code)
    return str(kind.label) if kind else code
