"""/healthz: the database, Redis and a live Celery worker."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from patientportal import health


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_healthz_is_200_when_database_redis_and_a_worker_answer(client, celery_worker):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200, response.content
    assert response.json() == {"status": "ok", "checks": {"database": "up", "redis": "up", "celery": "up"}}


@pytest.mark.django_db
def test_healthz_is_503_naming_the_worker_when_none_runs(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["down"] == ["celery"]
    assert response.json()["checks"]["database"] == "up"


@pytest.mark.django_db
def test_healthz_names_redis_when_it_cannot_be_reached(client, settings, monkeypatch):
    monkeypatch.setattr(cache._cache, "_servers", ["redis://127.0.0.1:1/0"])
    monkeypatch.setattr(cache._cache, "_pools", {})
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert set(response.json()["down"]) == {"redis", "celery"}


def test_health_checks_report_a_database_that_does_not_answer(monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    assert health.check_database() is False
