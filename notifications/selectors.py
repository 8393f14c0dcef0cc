"""Reads of the outbox, scoped to the user asking."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from patientportal.errors import NotFound

from . import kinds
from .models import Delivery, Notification, NotificationPreference, NotificationState
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


def notification_list_for_user(*, user: Any) -> QuerySet[Notification]:
    """The person's notifications on the site, newest first: those that fell due while still
    owed (``shown_at``), whatever became of their e-mail (one query per page, the index
    ``notification_inbox``)."""
    return (
        Notification.objects.filter(recipient_id=user.pk, shown_at__isnull=False)
        .only("pk", "kind", "shown_at", "read_at", "link")
        .order_by("-shown_at", "-id")
    )


def notification_get_for_user(*, user: Any, notification_id: int) -> Notification:
    """One of the person's own notifications on the site; anyone else's is a 404."""
    found = notification_list_for_user(user=user).filter(pk=notification_id).first()
    if found is None:
        raise NotFound
    return found


def notification_preferences_for_user(*, user: Any) -> list[tuple[kinds.Kind, str]]:
    """Each kind the person may choose for, and how they get it now (one query)."""
    chosen = dict(NotificationPreference.objects.filter(user_id=user.pk).values_list("kind", "delivery"))
    return [(kind, chosen.get(kind.code, Delivery.NOW)) for kind in kinds.digestible_for(user.role)]
