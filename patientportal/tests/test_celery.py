"""Celery is configured so that a crashed worker loses nothing, and its tasks really run."""

import datetime
import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from patientportal.celery import app
from patientportal.tasks import clear_expired_sessions


def test_celery_is_configured_for_safe_redelivery():
    conf = app.conf
    assert conf.task_serializer == "json"
    assert conf.accept_content == ["json"]
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1


def test_every_scheduled_task_exists():
    app.loader.import_default_modules()
    for entry in app.conf.beat_schedule.values():
        assert entry["task"] in app.tasks, entry["task"]
        assert not entry.get("args"), "scheduled tasks read what is due from the database"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_clear_expired_sessions_runs_through_a_real_worker(celery_worker):
    live, expired = SessionStore(), SessionStore()
    live.create()
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(days=1)
    )
    result = clear_expired_sessions.delay()
    # No result backend (tasks never carry results); wait for the effect in the database.
    deadline = timezone.now() + datetime.timedelta(seconds=20)
    while Session.objects.filter(session_key=expired.session_key).exists() and timezone.now() < deadline:
        time.sleep(0.1)
    assert result.id
    assert not Session.objects.filter(session_key=expired.session_key).exists()
    assert Session.objects.filter(session_key=live.session_key).exists()
