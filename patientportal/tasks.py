"""Housekeeping tasks run by Celery beat."""

from __future__ import annotations

from celery import shared_task
from django.contrib.sessions.models import Session
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone

from cases import reminders
from notifications import digests
from resources import notifications as resource_notifications


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def clear_expired_sessions() -> int:
    """Delete expired sessions. Safe to run twice."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task(autoretry_for=(OperationalError, InterfaceError), retry_backoff=True, max_retries=5)
def plan_reminders() -> int:
    """Queue what is owed at a time of day, in each organisation's time zone: the advocates'
    digests, the supervisors' weekly summary, the admins' monthly listings to check, and
    everyone's daily digest of what they chose to receive that way. Each is keyed by its local
    day, week or month: beat runs this every few minutes, and two beats by mistake send nothing
    twice. Returns how many notifications it queued."""
    now = timezone.now()
    with transaction.atomic():
        return (
            reminders.reminders_plan_daily(now=now)
            + resource_notifications.queue_stale_listings(now=now)
            + digests.digest_plan(now=now)
        )
