"""Production settings pass Django's deploy checks and refuse to start half-configured."""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "patientportal.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "portal.example.org",
    "SITE_URL": "https://portal.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/patientportal",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "FIELD_ENCRYPTION_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
}


def manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_has_no_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "SITE_URL", "FIELD_ENCRYPTION_KEYS"]
)
def test_production_refuses_to_start_without_a_required_variable(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_refuses_the_published_development_encryption_key():
    development = settings.DEVELOPMENT_FIELD_ENCRYPTION_KEY  # what local and test settings fall back to
    for keys in (development, f"{PRODUCTION_ENV['FIELD_ENCRYPTION_KEYS']},{development}"):
        result = manage("check", env={**PRODUCTION_ENV, "FIELD_ENCRYPTION_KEYS": keys})
        assert result.returncode != 0
        assert "FIELD_ENCRYPTION_KEYS holds the development key" in result.stderr


def test_production_refuses_a_malformed_encryption_key_without_printing_it():
    good = PRODUCTION_ENV["FIELD_ENCRYPTION_KEYS"]
    short = base64.urlsafe_b64encode(secrets.token_bytes(16)).decode()
    result = manage("check", env={**PRODUCTION_ENV, "FIELD_ENCRYPTION_KEYS": f"{good},{short}"})
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS: key 2 is not 32 bytes" in result.stderr
    assert short not in result.stderr and good not in result.stderr


def test_production_refuses_demo_data():
    result = manage("seed_demo", env=PRODUCTION_ENV)
    assert result.returncode != 0
    assert "refused" in result.stderr
