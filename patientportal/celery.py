"""The Celery app. Tasks take ids only; the database, not the broker, holds what is due."""

import os

from celery import Celery
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "patientportal.settings.local")

app = Celery("patientportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _beat_schedule(sender: Celery, **kwargs: object) -> None:
    """The beat schedule lives in code (no django-celery-beat), set once the settings are read.

    Each entry only wakes a task that reads from the database what is due, so a lost tick or a
    restarted broker loses nothing.
    """
    sender.conf.beat_schedule = {
        # The outbox: send what is due (services also nudge it after each commit).
        "dispatch-notifications": {
            "task": "notifications.tasks.dispatch_notifications",
            "schedule": settings.NOTIFICATION_DISPATCH_INTERVAL,
        },
        # What is owed at a time of day in each organisation's time zone (digests, the weekly
        # summary, listings to check): keyed by the local day, so every minute is safe.
        "plan-reminders": {
            "task": "patientportal.tasks.plan_reminders",
            "schedule": 60,
        },
        "clear-expired-sessions": {
            "task": "patientportal.tasks.clear_expired_sessions",
            "schedule": 60 * 60,
        },
    }
