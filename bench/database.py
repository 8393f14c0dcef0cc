"""The benchmark database: one per size, built once, reused while its marker matches.

The database is the one in settings (``patientportal.settings.bench``:
``patientportal_bench_<size>`` on the server of ``DATABASE_URL`` or the embedded one). After a
complete build (and ``VACUUM ANALYZE``, so that plans are made with statistics as in a live
database), a one-row table ``bench_marker`` records the size and the data-set fingerprint
(:func:`bench.data.fingerprint`). The next run reuses the database when both match (it only
applies new migrations, and analyzes again if there were any); otherwise, or when a build was
interrupted before the marker was written, it drops the database and builds it again.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import psycopg
from django.core.management import call_command
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from psycopg import sql

from . import data
from .sizes import DATABASE_PREFIX, SizeConfig

Log = Callable[[str], object]


class BenchDatabaseError(RuntimeError):
    pass


def _name() -> str:
    name = connection.settings_dict["NAME"]
    if not name.startswith(DATABASE_PREFIX):
        # The harness drops this database: never let it point at the development one.
        raise BenchDatabaseError(f"Refusing to use {name!r}: benchmark databases are named {DATABASE_PREFIX}<size>.")
    return name


def _server() -> psycopg.Connection:
    """A connection to the maintenance database of the same server, for CREATE/DROP DATABASE."""
    s = connection.settings_dict
    params = {"host": s["HOST"], "port": s["PORT"], "user": s["USER"], "password": s["PASSWORD"]}
    return psycopg.connect(
        dbname="postgres", autocommit=True, connect_timeout=10, **{k: v for k, v in params.items() if v}
    )


def _exists(name: str) -> bool:
    with _server() as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def _recreate(name: str) -> None:
    connections.close_all()
    with _server() as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def read_marker() -> dict[str, Any] | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_marker') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return None
        cursor.execute("SELECT size, fingerprint, built_at, build_seconds, counts FROM bench_marker LIMIT 1")
        row = cursor.fetchone()
    if row is None:
        return None
    size, fingerprint, built_at, build_seconds, counts = row
    return {
        "size": size,
        "fingerprint": fingerprint,
        "built_at": built_at.isoformat(timespec="seconds"),
        "build_seconds": build_seconds,
        "counts": counts if isinstance(counts, dict) else json.loads(counts),
    }


def _write_marker(size: SizeConfig, fingerprint: str, build_seconds: float, counts: dict[str, int]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_marker (size text NOT NULL, fingerprint text NOT NULL,"
            " built_at timestamptz NOT NULL DEFAULT now(), build_seconds double precision NOT NULL,"
            " counts json NOT NULL)"
        )
        cursor.execute(
            "INSERT INTO bench_marker (size, fingerprint, build_seconds, counts) VALUES (%s, %s, %s, %s)",
            [size.name, fingerprint, build_seconds, json.dumps(counts)],
        )


def _vacuum_analyze(log: Log) -> None:
    """Planner statistics and visibility maps as a live database has them. Autovacuum would get
    there in its own time; without it, the first minutes after a bulk load are timed with
    estimates of one row per table, and plans no production database would choose."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    log(f"  vacuum and analyze: {time.perf_counter() - started:.1f} s")


def prepare(size: SizeConfig, *, rebuild: bool = False, log: Log = print) -> dict[str, Any]:
    """Make sure the benchmark database holds the data set for ``size``; say how it got there."""
    name = _name()
    fingerprint = data.fingerprint(size)
    if not rebuild and _exists(name):
        marker = read_marker()
        if marker and marker["size"] == size.name and marker["fingerprint"] == fingerprint:
            log(f"Reusing {name} (built {marker['built_at']} in {marker['build_seconds']:.1f} s).")
            applied = set(MigrationRecorder(connection).applied_migrations())
            call_command("migrate", interactive=False, verbosity=0)
            if set(MigrationRecorder(connection).applied_migrations()) != applied:
                _vacuum_analyze(log)  # a new index or statistics target needs fresh statistics
            return {**marker, "database": name, "reused": True}
        found = "an unfinished build" if marker is None else f"{marker['size']} data set {marker['fingerprint']}"
        log(f"{name} holds {found}, not {size.name} data set {fingerprint}: rebuilding.")

    log(f"Building {name}: migrate, then the {size.name} data set.")
    started = time.perf_counter()
    _recreate(name)
    call_command("migrate", interactive=False, verbosity=0)
    log(f"  migrate: {time.perf_counter() - started:.1f} s")
    counts = data.build(size, log=log)
    _vacuum_analyze(log)
    build_seconds = round(time.perf_counter() - started, 1)
    _write_marker(size, fingerprint, build_seconds, counts)
    log(f"Built {name} in {build_seconds:.1f} s.")
    marker = read_marker()
    assert marker is not None
    return {**marker, "database": name, "reused": False}
