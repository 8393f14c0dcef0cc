"""The embedded PostgreSQL and Redis: a command that starts them for itself stops them when it
exits; ones started by ``up`` (as ``make run`` does) are left to ``down``."""

import subprocess
import sys

import pytest

from .processes import ROOT, VAR_DIR, embedded_servers, environment

pytestmark = pytest.mark.processes

POSTGRES_LOG = VAR_DIR / "postgres" / "log"
REDIS_LOG = VAR_DIR / "redis" / "redis.log"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environment(), capture_output=True, text=True, timeout=180
    )


def log_size(log) -> int:
    return log.stat().st_size if log.exists() else 0


def written_since(log, size: int) -> str:
    with log.open("rb") as f:
        f.seek(size)
        return f.read().decode(errors="replace")


@pytest.fixture
def nothing_running():
    run("-m", "patientportal.embedded", "down")
    assert embedded_servers() == []
    yield
    run("-m", "patientportal.embedded", "down")


def test_a_command_stops_the_embedded_services_it_started_for_itself(nothing_running):
    postgres_log, redis_log = log_size(POSTGRES_LOG), log_size(REDIS_LOG)
    check = run("manage.py", "check")
    assert check.returncode == 0, check.stderr
    assert "no issues" in check.stdout
    # It did start both (its settings need them), and neither outlived it.
    assert "ready to accept connections" in written_since(POSTGRES_LOG, postgres_log)
    assert "ready to accept connections" in written_since(REDIS_LOG, redis_log)
    assert embedded_servers() == []


def test_a_command_leaves_running_the_services_it_found_running(nothing_running):
    up = run("-m", "patientportal.embedded", "up")
    assert up.returncode == 0, up.stderr
    assert "export DATABASE_URL=" in up.stdout
    servers = embedded_servers()
    assert any("postgres" in s for s in servers) and any("redis" in s for s in servers)

    assert run("manage.py", "check").returncode == 0
    assert embedded_servers() == servers

    run("-m", "patientportal.embedded", "down")
    assert embedded_servers() == []
