"""Time the outbox's tasks: ``results.json["tasks"]``.

- ``reminder_delivery`` (``per_s``): reminders delivered per second, end to end, by a real
  Celery worker of 2 prefork processes: ``deliveries`` reminders fall due at once (one per
  request, to its client: kind ``request_received``, whose wording re-reads the request), and the
  clock runs from the first dispatch until the last of them is marked sent. The worker is
  ``celery -A patientportal worker`` on the benchmark database, with a Redis of its own as its
  broker and ``notifications.testing.CountingEmailBackend`` (each message recorded by its
  Message-ID, not serialised), so every message is counted once.
- ``dispatch_idle`` (``p50_ms``): the dispatcher's claim (``notification_claim_due``) when
  nothing is due among ``future`` reminders due later: the median of ``CALLS`` calls.

The data set is left as it was found: the reminders written here (idempotency keys starting
``bench:``) are deleted afterwards, the recipients' rows that delivery wrote to are put back, and
the data set's own notifications due meanwhile are parked out of the dispatcher's way and put
back (what an interrupted run left is put right by the next one).
"""

from __future__ import annotations

import contextlib
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from cases.models import Case
from cases.notifications import REQUEST_RECEIVED
from notifications.models import DUE_STATES, Channel, Notification, NotificationState
from notifications.services import notification_claim_due
from notifications.tasks import dispatch_notifications
from notifications.testing import (
    CeleryProcess,
    RedisServer,
    database_url,
    process_environment,
    recorded_message_ids,
)
from patientportal.celery import app

from .pages import BenchError

Log = Callable[[str], object]

#: Every row this module writes has an idempotency key starting with it.
KEY_PREFIX = "bench:"
_OUTBOX = Notification._meta.db_table
CALLS = 200
WORKER_PROCESSES = 2
#: Records each message by its Message-ID, without building it (Python's email package would add
#: about 1.5 ms of a worker's time to each, as a real SMTP backend does).
MAIL_BACKEND = "notifications.testing.CountingEmailBackend"


@dataclass(frozen=True)
class TaskSize:
    deliveries: int  # reminders due at once, for reminder_delivery
    future: int  # reminders due later, for dispatch_idle (still there during the delivery)


TASK_SIZES = {
    "tiny": TaskSize(deliveries=20, future=2_000),  # tests/test_bench.py
    "small": TaskSize(deliveries=2_000, future=50_000),
    "large": TaskSize(deliveries=100_000, future=1_000_000),
}


@dataclass(frozen=True)
class Target:
    key: str  # the figure in results.json
    comparison: str  # ">=" or "<"
    value: float
    unit: str

    def met(self, result: float) -> bool:
        return result >= self.value if self.comparison == ">=" else result < self.value

    def describe(self, result: float) -> str:
        return f"{result:,.{1 if result >= 100 else 2}f} {self.unit}"


#: The targets, written next to the results in results.md.
TARGETS = {
    "reminder_delivery": Target("per_s", ">=", 500, "per s"),
    "dispatch_idle": Target("p50_ms", "<", 10, "ms (p50)"),
}
TASKS = tuple(TARGETS)


def run(size: str, *, names: tuple[str, ...] = TASKS, log: Log = print) -> dict[str, Any]:
    """The measures named, on the benchmark database: ``{"tasks": ..., "task_details": ...}``.

    dispatch_idle first: its later reminders are still there while reminder_delivery runs, as
    they would be in service.
    """
    config = TASK_SIZES[size]
    tasks: dict[str, Any] = {}
    details: dict[str, Any] = {}
    # What a run that was cut short left.
    restore_recipients()
    restore_parked()
    remove_bench_rows()
    try:
        if "dispatch_idle" in names:
            started = time.perf_counter()
            details["dispatch_idle"] = measure_dispatch_idle(future=config.future)
            log(f"  dispatch_idle: {CALLS} claims among {config.future:,} later reminders in {_since(started)}")
        if "reminder_delivery" in names:
            started = time.perf_counter()
            details["reminder_delivery"] = measure_reminder_delivery(count=config.deliveries)
            log(f"  reminder_delivery: {config.deliveries:,} reminders in {_since(started)}")
    finally:
        started = time.perf_counter()
        removed = remove_bench_rows()
        vacuum(_OUTBOX, User._meta.db_table)
        log(f"  data set put back as it was ({removed:,} reminders removed) in {_since(started)}")
    for name in TASKS:
        if name in details:
            key = TARGETS[name].key
            tasks[name] = {key: details[name].pop(key)}
    return {"tasks": tasks, "task_details": details}


def _since(started: float) -> str:
    return f"{time.perf_counter() - started:.1f} s"


# --- writing and removing the reminders ------------------------------------------------------


def _insert(*, source: str, params: list[Any], values: dict[str, tuple[str, list[Any]]]) -> int:
    """``INSERT INTO`` the outbox ``SELECT`` from ``source`` (its rows aliased ``s``): the
    columns named in ``values`` from those SQL expressions (with their parameters), every other
    one its field's default, as the ORM would write it (a column added later needs nothing here).
    """
    columns, expressions, arguments = [], [], []
    for field in Notification._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.attname in values:
            expression, expression_params = values[field.attname]
        elif getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
            expression, expression_params = "now()", []
        else:
            expression, expression_params = "%s", [field.get_db_prep_save(field.get_default(), connection)]
        expressions.append(expression)
        arguments += expression_params
    sql = f"INSERT INTO {_OUTBOX} ({', '.join(columns)}) SELECT {', '.join(expressions)} FROM {source}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*arguments, *params])
        return cursor.rowcount


def insert_future_reminders(count: int) -> int:
    """``count`` reminders due from tomorrow on, one a second, to people of the data set."""
    recipients = list(User.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)[:1000])
    if not recipients:
        raise BenchError("dispatch_idle needs people in the benchmark database.")
    return _insert(
        source="generate_series(1, %s) AS s(i)",
        params=[count],
        values={
            "kind": ("%s", [REQUEST_RECEIVED]),
            "recipient_id": ("(%s::uuid[])[1 + s.i %% %s]", [recipients, len(recipients)]),
            "language": ("%s", [settings.LANGUAGE_CODE]),
            "idempotency_key": ("%s || s.i", [f"{KEY_PREFIX}later:"]),
            "next_attempt_at": ("now() + interval '1 day' + s.i * interval '1 second'", []),
        },
    )


def insert_due_reminders(count: int) -> int:
    """``count`` reminders due now: one per request (in the order of their ids), to its client."""
    requests = f"{Case._meta.db_table} c JOIN {User._meta.db_table} u ON u.id = c.applicant_id WHERE u.is_active"
    found = _insert(
        source=(
            "(SELECT c.id, c.applicant_id, c.organisation_id, row_number() OVER (ORDER BY c.id) AS i"  # noqa: S608
            f" FROM {requests} ORDER BY c.id LIMIT %s) AS s"
        ),
        params=[count],
        values={
            "kind": ("%s", [REQUEST_RECEIVED]),
            "channel": ("%s", [Channel.EMAIL]),
            "recipient_id": ("s.applicant_id", []),
            "organisation_id": ("s.organisation_id", []),
            "about_type": ("%s", [Case._meta.label_lower]),
            "about_id": ("s.id::text", []),
            "language": ("%s", [settings.LANGUAGE_CODE]),
            "idempotency_key": ("%s || s.i", [f"{KEY_PREFIX}due:"]),
            "next_attempt_at": ("now()", []),
        },
    )
    if found < count:
        raise BenchError(f"reminder_delivery needs {count} requests in the benchmark database; it has {found}.")
    return found


def bench_rows():
    return Notification.objects.filter(idempotency_key__startswith=KEY_PREFIX)


def remove_bench_rows() -> int:
    """Delete every row this module wrote (one index range scan on the idempotency key)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_OUTBOX} WHERE idempotency_key LIKE %s", [KEY_PREFIX + "%"])  # noqa: S608
        return cursor.rowcount


def vacuum(*tables: str) -> None:
    """Clear what the measures left (a million deleted rows, the recipients' rows written twice)."""
    if connection.get_autocommit():  # not inside a transaction (a test's)
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"VACUUM (ANALYZE) {table}")


#: Where the data set's own due notifications wait while the measures run.
PARKED = "bench_parked_notifications"
#: Their due time meanwhile: never, in practice.
PARKED_UNTIL = "2999-01-01T00:00:00Z"


@contextlib.contextmanager
def data_set_notifications_parked() -> Iterator[int]:
    """The data set's own notifications that are claimed or due within a day (a data set built
    days ago has some) out of the dispatcher's way, for a measure that must dispatch only its own;
    put back as they were afterwards. Gives how many."""
    parked = park_due_notifications()
    try:
        yield parked
    finally:
        restore_parked()


def park_due_notifications() -> int:
    """Move them away; their state waits in a table of its own (``restore_parked``)."""
    restore_parked()
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {PARKED} AS SELECT id, state, next_attempt_at, claimed_at FROM {_OUTBOX}"  # noqa: S608
            " WHERE state IN (%s, %s) AND (state = %s OR next_attempt_at < now() + interval '1 day')"
            " AND idempotency_key NOT LIKE %s",
            [NotificationState.PENDING, NotificationState.SENDING, NotificationState.SENDING, KEY_PREFIX + "%"],
        )
        cursor.execute(
            f"UPDATE {_OUTBOX} SET state = %s, next_attempt_at = %s, claimed_at = NULL"  # noqa: S608
            f" WHERE id IN (SELECT id FROM {PARKED})",
            [NotificationState.PENDING, PARKED_UNTIL],
        )
        return cursor.rowcount


def restore_parked() -> int:
    """Put the parked notifications back as they were; how many."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [PARKED])
        if not cursor.fetchone()[0]:
            return 0
        cursor.execute(
            f"UPDATE {_OUTBOX} AS n SET state = p.state, next_attempt_at = p.next_attempt_at,"  # noqa: S608
            f" claimed_at = p.claimed_at FROM {PARKED} AS p WHERE n.id = p.id"
        )
        restored = cursor.rowcount
        cursor.execute(f"DROP TABLE {PARKED}")
    return restored


# --- dispatch_idle -----------------------------------------------------------------------------


def measure_dispatch_idle(*, future: int, calls: int = CALLS, warmup: int = 10) -> dict[str, Any]:
    """The median of ``calls`` claims with nothing due among ``future`` later reminders, and the
    plan of each of the claim's queries (``index_scans``: which index each one scanned)."""
    with data_set_notifications_parked() as parked:
        insert_future_reminders(future)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {_OUTBOX}")
        times_ms = []
        for number in range(warmup + calls):
            started = time.perf_counter()
            claimed = notification_claim_due()
            elapsed = time.perf_counter() - started
            if claimed:  # something fell due meanwhile: put it back, and say so
                Notification.objects.filter(pk__in=claimed).update(state=NotificationState.PENDING, claimed_at=None)
                raise BenchError(f"dispatch_idle: {len(claimed)} notifications fell due while it ran.")
            if number >= warmup:
                times_ms.append(elapsed * 1000)
        plans = claim_plans()
    return {
        "p50_ms": round(statistics.median(times_ms), 3),
        "p95_ms": round(statistics.quantiles(times_ms, n=100, method="inclusive")[94], 3),
        "max_ms": round(max(times_ms), 3),
        "calls": calls,
        "later_reminders": future,
        "index_scans": [_scanned(plan) for plan in plans],
        "plans": plans,
        "parked": parked,
    }


def claim_plans() -> list[str]:
    """``EXPLAIN ANALYZE`` of each query the claim runs (nothing due: nothing is locked)."""
    with CaptureQueriesContext(connection) as captured:
        notification_claim_due()
    selects = [query["sql"] for query in captured.captured_queries if query["sql"].startswith("SELECT")]
    plans = []
    with connection.cursor() as cursor:
        for sql in selects:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY OFF) {sql}")
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return plans


def _scanned(plan: str) -> str:
    """The index a plan scans (``notification_due``), or what it does instead."""
    for line in plan.splitlines():
        if " using " in line and "Scan" in line:
            return line.split(" using ", 1)[1].split()[0]
        if "Seq Scan" in line:
            return "Seq Scan"
    return "?"


# --- reminder_delivery -------------------------------------------------------------------------


def measure_reminder_delivery(*, count: int, timeout: float | None = None) -> dict[str, Any]:
    """Deliver ``count`` due reminders with a real worker; how fast, and was each sent once.

    Delivery writes to the recipients' rows too (their count of unread notifications): those
    rows are put back as they were afterwards, with the reminders gone.
    """
    with data_set_notifications_parked() as parked:
        insert_due_reminders(count)
        snapshot_recipients()
        try:
            result = _deliver(count, timeout=timeout or 120 + count / 50)  # long after the target's pace
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {_OUTBOX} WHERE idempotency_key LIKE %s", [f"{KEY_PREFIX}due:%"])  # noqa: S608
            restore_recipients()
    return {**result, "parked": parked}


def _deliver(count: int, *, timeout: float) -> dict[str, Any]:
    rows = bench_rows().filter(idempotency_key__startswith=f"{KEY_PREFIX}due:")
    with tempfile.TemporaryDirectory(prefix="bench-delivery-") as folder:
        folder = Path(folder)
        redis = RedisServer(folder / "redis").start()
        env = process_environment(
            # The development settings, which take everything from the environment: the bench
            # settings' mail backend keeps every message in memory.
            DJANGO_SETTINGS_MODULE="patientportal.settings.local",
            DEBUG="false",
            DATABASE_URL=database_url(connection.settings_dict),
            REDIS_URL=redis.url(0),
            EMAIL_BACKEND=MAIL_BACKEND,
            NOTIFICATION_TEST_MAIL_DIR=folder / "mail",
        )
        (folder / "mail").mkdir()
        worker = CeleryProcess.worker("bench-delivery", env=env, folder=folder, concurrency=WORKER_PROCESSES)
        try:
            worker.start()
            worker.wait_until_ready(120)
            started = timezone.now()
            with app.connection_for_write(redis.url(0)) as broker:
                dispatch_notifications.apply_async(connection=broker)
            deadline = time.monotonic() + timeout
            # Anything owed by now (the data set's own are parked): one step into notification_due,
            # where a count of the reminders left would read all of them, twice a second.
            while Notification.objects.filter(state__in=DUE_STATES, next_attempt_at__lte=timezone.now()).exists():
                if time.monotonic() > deadline or not worker.running:
                    raise BenchError(
                        f"reminder_delivery: {rows.filter(state__in=DUE_STATES).count()} of {count} not sent "
                        f"after {timeout:.0f} s. The worker said:\n{worker.output()[-3000:]}"
                    )
                time.sleep(0.5)
        finally:
            worker.stop()
            redis.kill()
        states = dict(rows.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
        last_sent = max(rows.values_list("sent_at", flat=True).exclude(sent_at=None), default=None)
        sent = recorded_message_ids(folder / "mail")
    if states != {NotificationState.SENT: count} or last_sent is None:
        raise BenchError(f"reminder_delivery: not every reminder was sent: {states}")
    seconds = (last_sent - started).total_seconds()
    return {
        "per_s": round(count / seconds, 1),
        "reminders": count,
        "seconds": round(seconds, 2),
        "worker_processes": WORKER_PROCESSES,
        "batch_size": settings.NOTIFICATION_BATCH_SIZE,
        "mail_backend": MAIL_BACKEND,
        "messages": sum(sent.values()),
        "sent_twice": sum(n - 1 for n in sent.values() if n > 1),
    }


#: The recipients' rows as they were before the delivery.
RECIPIENTS = "bench_recipients_before"


def snapshot_recipients() -> None:
    """Keep the rows of the people the due reminders are for (``restore_recipients``)."""
    restore_recipients()
    users = User._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {RECIPIENTS} AS SELECT * FROM {users} WHERE id IN"  # noqa: S608
            f" (SELECT recipient_id FROM {_OUTBOX} WHERE idempotency_key LIKE %s)",
            [f"{KEY_PREFIX}due:%"],
        )


def restore_recipients() -> int:
    """Put the recipients' rows back as ``snapshot_recipients`` kept them; how many changed."""
    users = User._meta.db_table
    columns = [connection.ops.quote_name(field.column) for field in User._meta.concrete_fields]
    kept = ", ".join(f"s.{column}" for column in columns)
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [RECIPIENTS])
        if not cursor.fetchone()[0]:
            return 0
        cursor.execute(
            f"UPDATE {users} AS u SET ({', '.join(columns)}) = ({kept}) FROM {RECIPIENTS} AS s"  # noqa: S608
            f" WHERE u.id = s.id AND ({', '.join(f'u.{column}' for column in columns)}) IS DISTINCT FROM ({kept})"
        )
        restored = cursor.rowcount
        cursor.execute(f"DROP TABLE {RECIPIENTS}")
    return restored
