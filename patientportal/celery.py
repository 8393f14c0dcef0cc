"""The Celery app. Tasks take ids only; the database, not the broker, holds what is due."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "patientportal.settings.local")

app = Celery("patientportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The beat schedule lives in code (no django-celery-beat). Each entry only wakes a task that
# reads from the database what is due, so a lost tick or a restarted broker loses nothing.
app.conf.beat_schedule = {
    # The outbox: every minute, send what is due (services also nudge it after each commit).
    "dispatch-notifications": {
        "task": "notifications.tasks.dispatch_notifications",
        "schedule": 60,
    },
    "clear-expired-sessions": {
        "task": "patientportal.tasks.clear_expired_sessions",
        "schedule": 60 * 60,
    },
}
