"""The checks behind /healthz: the database, Redis and a live Celery worker."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import connection


def check_database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def check_redis() -> bool:
    try:
        client = cache._cache.get_client(write=True)
        return bool(client.ping())
    except Exception:
        return False


def check_celery() -> bool:
    from .celery import app

    try:
        replies = app.control.ping(timeout=settings.HEALTHZ_CELERY_TIMEOUT, limit=1)
    except Exception:
        return False
    return bool(replies)


def run_checks() -> dict[str, bool]:
    results = {"database": check_database(), "redis": check_redis()}
    # Without a broker there is no way to reach a worker.
    results["celery"] = check_celery() if results["redis"] else False
    return results
