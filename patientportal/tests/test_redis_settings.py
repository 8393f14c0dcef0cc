"""REDIS_URL's database is honoured: the Celery broker in its database N, the cache in N + 1,
each overridable, never both in one database (the cache's clear() is a FLUSHDB)."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache

from .test_production_settings import PRODUCTION_ENV

ROOT = Path(__file__).resolve().parents[2]
REDIS_VARIABLES = {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "REDIS_CACHE_URL"}
# What the worker and the web server would use: Celery's own view of the broker, Django's of the cache.
SHOW = (
    "import json, django; django.setup(); from django.conf import settings; from patientportal.celery import app; "
    "print(json.dumps({'broker': app.conf.broker_url, 'cache': settings.CACHES['default']['LOCATION']}))"
)
# No server is reached while settings load: a configured DATABASE_URL keeps the embedded one unstarted.
SETTINGS_ENV = {
    "patientportal.settings.local": {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/patientportal"},
    "patientportal.settings.test": {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/patientportal"},
    "patientportal.settings.production": PRODUCTION_ENV,
}


def load_settings(module: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in REDIS_VARIABLES | set(PRODUCTION_ENV)}
    return subprocess.run(
        [sys.executable, "-c", SHOW],
        cwd=ROOT,
        env={**clean, **SETTINGS_ENV[module], "DJANGO_SETTINGS_MODULE": module, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def redis_settings(module: str, **env: str) -> dict:
    result = load_settings(module, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("module", list(SETTINGS_ENV))
def test_broker_uses_redis_urls_database_and_the_cache_the_next_one(module):
    assert redis_settings(module, REDIS_URL="redis://127.0.0.1:6379/9") == {
        "broker": "redis://127.0.0.1:6379/9",
        "cache": "redis://127.0.0.1:6379/10",
    }


def test_a_unix_socket_url_names_its_database_as_each_client_reads_it():
    # The embedded Redis is a Unix socket: redis-py reads ?db=N, kombu only ?virtual_host=N.
    assert redis_settings("patientportal.settings.local", REDIS_URL="unix:///tmp/pp/redis.sock?db=4") == {
        "broker": "redis+socket:///tmp/pp/redis.sock?virtual_host=4",
        "cache": "unix:///tmp/pp/redis.sock?db=5",
    }


def test_broker_and_cache_urls_can_be_set_on_their_own():
    assert redis_settings(
        "patientportal.settings.production",
        CELERY_BROKER_URL="redis://queue.internal:6379/3",
        REDIS_CACHE_URL="redis://cache.internal:6379/0",
    ) == {"broker": "redis://queue.internal:6379/3", "cache": "redis://cache.internal:6379/0"}


def test_a_cache_in_the_brokers_database_is_refused():
    result = load_settings(
        "patientportal.settings.local", REDIS_URL="redis://127.0.0.1:6379/5", REDIS_CACHE_URL="redis://127.0.0.1:6379/5"
    )
    assert result.returncode != 0
    assert "REDIS_CACHE_URL" in result.stderr
    assert "different Redis databases" in result.stderr


def test_clearing_the_cache_leaves_queued_tasks_in_the_broker(celery_app):
    queue_name = f"pp-test-{uuid.uuid4()}"
    with celery_app.connection_for_write() as connection:
        queue = connection.SimpleQueue(queue_name)
        try:
            queue.put({"task": "still here"})
            cache.clear()
            assert queue.get(timeout=5).payload == {"task": "still here"}
        finally:
            queue.queue.delete()
            queue.close()
