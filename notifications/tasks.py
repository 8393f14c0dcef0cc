"""Delivering the outbox. Tasks take ids only and re-read the rows; each is safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from . import services

#: A lost database connection is worth retrying the task for; anything else is recorded on the row.
_RETRY = {"autoretry_for": (OperationalError, InterfaceError), "retry_backoff": True, "max_retries": 5}

#: At most this many claimed by one dispatch (a few seconds of the workers' sending).
CLAIM_LIMIT = 500


@shared_task(**_RETRY)
def dispatch_notifications() -> int:
    """Claim the due notifications and hand their ids to send tasks, ``NOTIFICATION_BATCH_SIZE``
    at a time (beat runs this every ``NOTIFICATION_DISPATCH_INTERVAL`` seconds; services nudge it
    after a commit).

    A full ``CLAIM_LIMIT`` means more may be due: it queues itself again, behind the batches it
    just queued, so a backlog is claimed at the pace the workers send it, never far ahead (a
    claim older than ``NOTIFICATION_CLAIM_TIMEOUT`` would be taken again).
    """
    ids = services.notification_claim_due(limit=CLAIM_LIMIT)
    size = settings.NOTIFICATION_BATCH_SIZE
    for start in range(0, len(ids), size):
        send_notifications.delay(ids[start : start + size])
    if len(ids) == CLAIM_LIMIT:
        dispatch_notifications.delay()
    return len(ids)


@shared_task(**_RETRY)
def send_notifications(notification_ids: list[int]) -> dict[str, int]:
    """Send each of these notifications that is still owed, one at a time, each in its own
    transaction; one failing never holds up the others."""
    return services.notification_deliver_batch(notification_ids=notification_ids)


@shared_task(**_RETRY)
def send_notification(notification_id: int) -> str:
    """Send one notification if it is still owed."""
    return services.notification_deliver(notification_id=notification_id)
