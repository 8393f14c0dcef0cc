"""Delivering the outbox. Tasks take ids only and re-read the row; each is safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import services

#: A lost database connection is worth retrying the task for; anything else is recorded on the row.
_RETRY = {"autoretry_for": (OperationalError, InterfaceError), "retry_backoff": True, "max_retries": 5}


@shared_task(**_RETRY)
def dispatch_notifications() -> int:
    """Claim the due notifications and hand each to its own send task (beat runs this every
    minute; services nudge it after a commit). One failing notification never holds up others."""
    ids = services.notification_claim_due()
    for notification_id in ids:
        send_notification.delay(notification_id)
    return len(ids)


@shared_task(**_RETRY)
def send_notification(notification_id: int) -> str:
    """Send one notification if it is still owed."""
    return services.notification_deliver(notification_id=notification_id)
