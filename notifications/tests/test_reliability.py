"""Delivery holds under real failures, with real processes: a Celery worker of 2 prefork processes
(``celery -A patientportal worker``), Celery beat dispatching every second, and a Redis server of
the test's own as their broker, against this test run's PostgreSQL database. The worker records
each message it sends (``notifications.testing.RecordingEmailBackend``), so the test counts them
by Message-ID: a worker killed mid-batch, a broker restarted mid-run, two beats at once and a
mail server refusing one recipient lose nothing and repeat nothing they need not.

Select them with ``-m reliability``; they run in the whole suite too.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError, connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import ClientFactory
from notifications import kinds, services, tasks
from notifications.models import Notification, NotificationState
from notifications.services import notification_claim_due, notification_deliver_batch
from notifications.testing import (
    CeleryProcess,
    RedisServer,
    database_url,
    process_environment,
    recorded_mail,
    recorded_message_ids,
    wait_for,
)
from patientportal.celery import app

pytestmark = pytest.mark.reliability

State = NotificationState
PROCESSES = 2  # the worker's prefork pool
CLAIM_TIMEOUT = 3  # seconds, for the processes: a lost claim is taken again quickly


def owe_many(count: int, *, recipients: list | None = None, kind: str = "my_list") -> list[Notification]:
    """``count`` notifications due now, written as one commit (no nudge: beat dispatches them)."""
    recipients = recipients or [ClientFactory() for _ in range(10)]
    rows = [
        Notification(
            kind=kind,
            recipient=recipients[number % len(recipients)],
            language="en",
            idempotency_key=f"reliability:{number}",
        )
        for number in range(count)
    ]
    return Notification.objects.bulk_create(rows)


def states(rows: list[Notification]) -> dict[str, int]:
    found: dict[str, int] = {}
    for state in Notification.objects.filter(pk__in=[row.pk for row in rows]).values_list("state", flat=True):
        found[state] = found.get(state, 0) + 1
    return found


# --- the parts, in this process ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_claim_reads_one_partial_index_for_each_of_its_two_parts():
    """Stale claims by ``notification_claimed``, due rows by ``notification_due``: each part can
    stop at its first row not due, however many reminders wait for later."""
    owe_many(3)
    with CaptureQueriesContext(connection) as captured:
        notification_claim_due()
    selects = [query["sql"] for query in captured.captured_queries if query["sql"].startswith("SELECT")]
    plans = []
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a few rows: show what it would use
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        for sql in selects:
            cursor.execute(f"EXPLAIN {sql}")
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    assert len(plans) == 2, plans
    assert "Index Scan using notification_claimed" in plans[0], plans[0]
    assert "Index Scan using notification_due" in plans[1], plans[1]


@pytest.mark.django_db
def test_the_dispatcher_hands_out_ids_in_batches_and_comes_back_while_more_are_due(settings):
    settings.NOTIFICATION_BATCH_SIZE = 2
    rows = owe_many(7)
    with (
        mock.patch.object(tasks, "CLAIM_LIMIT", 5),
        mock.patch.object(tasks.send_notifications, "delay") as send,
        mock.patch.object(tasks.dispatch_notifications, "delay") as again,
    ):
        assert tasks.dispatch_notifications() == 5
        assert again.call_count == 1  # a full claim: more may be due
        assert tasks.dispatch_notifications() == 2
        assert again.call_count == 1  # the rest: done
    batches = [call.args[0] for call in send.call_args_list]
    assert [len(batch) for batch in batches] == [2, 2, 1, 2]
    assert sorted(pk for batch in batches for pk in batch) == sorted(row.pk for row in rows)
    assert states(rows) == {State.SENDING: 7}


@pytest.mark.django_db
def test_a_batch_sends_each_in_turn_and_one_failing_holds_up_none(mailoutbox):
    kinds.register("test_reliability_broken", template="notifications/does_not_exist", label="Broken")(lambda n: {})
    try:
        fine, crashing, broken = owe_many(3)
        Notification.objects.filter(pk=broken.pk).update(kind="test_reliability_broken")
        deliver = services.notification_deliver

        def crash_on_one(*, notification_id: int, **kwargs) -> str:
            if notification_id == crashing.pk:
                raise RuntimeError("a bug")
            return deliver(notification_id=notification_id, **kwargs)

        with mock.patch.object(services, "notification_deliver", crash_on_one):
            outcomes = notification_deliver_batch(notification_ids=[crashing.pk, fine.pk, broken.pk, fine.pk, 0])
    finally:
        del kinds.REGISTRY["test_reliability_broken"]
    assert outcomes == {"error": 1, State.SENT: 1, State.FAILED: 1, "skipped": 2}
    assert [message.to for message in mailoutbox] == [[fine.recipient.email]]
    # The one that crashed stays claimable: a dispatcher takes it again after the claim timeout.
    assert Notification.objects.get(pk=crashing.pk).state == State.PENDING


@pytest.mark.django_db
def test_a_lost_database_connection_ends_the_batch_so_that_the_task_is_retried():
    first, second = owe_many(2)
    with (
        mock.patch.object(services, "notification_deliver", side_effect=OperationalError("gone")) as deliver,
        pytest.raises(OperationalError),
    ):
        notification_deliver_batch(notification_ids=[first.pk, second.pk])
    assert deliver.call_count == 1
    assert OperationalError in tasks.send_notifications.autoretry_for


def test_beat_dispatches_at_the_configured_interval(settings):
    entry = app.conf.beat_schedule["dispatch-notifications"]
    assert entry["task"] == tasks.dispatch_notifications.name
    assert entry["schedule"] == settings.NOTIFICATION_DISPATCH_INTERVAL


# --- real processes ---------------------------------------------------------------------------


class Outbox:
    """The processes of one test, on this test's database, and the mail they sent."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.mail = folder / "mail"
        self.mail.mkdir()
        self.redis = RedisServer(folder / "redis").start()
        self.processes: list[CeleryProcess] = []
        self.settings = {
            "DJANGO_SETTINGS_MODULE": "patientportal.settings.test",
            "DATABASE_URL": database_url(connection.settings_dict),
            "REDIS_URL": self.redis.url(0),
            "TEST_EMAIL_BACKEND": "notifications.testing.RecordingEmailBackend",
            "NOTIFICATION_TEST_MAIL_DIR": str(self.mail),
            "NOTIFICATION_DISPATCH_INTERVAL": "1",
            "NOTIFICATION_CLAIM_TIMEOUT": str(CLAIM_TIMEOUT),
        }

    def _start(self, process: CeleryProcess) -> CeleryProcess:
        self.processes.append(process)
        process.start()
        process.wait_until_ready(90)
        return process

    def worker(self, name: str = "worker", **settings: str) -> CeleryProcess:
        env = process_environment(**self.settings, **settings)
        return self._start(CeleryProcess.worker(name, env=env, folder=self.folder, concurrency=PROCESSES))

    def beat(self, name: str = "beat", **settings: str) -> CeleryProcess:
        return self._start(
            CeleryProcess.beat(name, env=process_environment(**self.settings, **settings), folder=self.folder)
        )

    def sent(self) -> dict[str, int]:
        """Message-ID: how many times it was sent."""
        return dict(recorded_message_ids(self.mail))

    def all_settled(self, rows: list[Notification], seconds: float) -> bool:
        """Whether every one of ``rows`` was sent or given up on within ``seconds``."""
        pks = [row.pk for row in rows]
        return wait_for(
            lambda: not Notification.objects.filter(pk__in=pks, state__in=[State.PENDING, State.SENDING]).exists(),
            seconds,
            0.2,
        )

    def logs(self) -> str:
        return "\n".join(f"--- {p.log.name}\n{p.output()[-4000:]}" for p in self.processes)

    def stop(self) -> None:
        for process in self.processes:
            process.kill()
        self.redis.kill()


@pytest.fixture
def outbox(transactional_db, tmp_path) -> Iterator[Outbox]:
    """Every process it starts is killed at the end, whatever happened (before the database is
    flushed: the fixture depends on it)."""
    started = Outbox(tmp_path)
    try:
        yield started
    finally:
        started.stop()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_batch_loses_nothing_and_repeats_only_what_it_had_in_flight(outbox):
    rows = owe_many(500)
    outbox.beat()
    worker = outbox.worker()
    assert wait_for(lambda: len(outbox.sent()) >= 40, 60), outbox.logs()
    worker.kill()  # SIGKILL to the worker and its pool at once
    sent_before = outbox.sent()
    # Sent, and not marked sent: what each process was doing at the kill (one row at a time).
    in_flight = {
        row.message_id
        for row in Notification.objects.filter(pk__in=[r.pk for r in rows]).exclude(state=State.SENT)
        if row.message_id in sent_before
    }
    assert 40 <= len(sent_before) < 500, "killed too late to prove anything: make the test slower"
    assert len(in_flight) <= PROCESSES, in_flight

    outbox.worker("worker-again")  # its claims were lost with it: taken again after the timeout
    assert outbox.all_settled(rows, 120), (states(rows), outbox.logs())

    sent = outbox.sent()
    assert set(sent) == {row.message_id for row in rows}  # nothing lost
    repeated = {message_id for message_id, times in sent.items() if times > 1}
    assert repeated <= in_flight and max(sent.values()) <= 2, (repeated, in_flight)
    assert states(rows) == {State.SENT: 500}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_broker_restarted_mid_run_loses_nothing_and_sending_resumes_by_itself(outbox):
    rows = owe_many(500)
    outbox.worker()
    outbox.beat()
    assert wait_for(lambda: len(outbox.sent()) >= 40, 60), outbox.logs()
    outbox.redis.kill()  # every queued task is lost with it (no persistence)
    sent_at_restart = len(outbox.sent())
    time.sleep(1)
    outbox.redis.start()  # the same port: the worker and beat reconnect by themselves
    assert sent_at_restart < 500, "the broker went down too late to prove anything"

    assert outbox.all_settled(rows, 120), (states(rows), outbox.logs())
    sent = outbox.sent()
    assert set(sent) == {row.message_id for row in rows}
    assert max(sent.values()) == 1  # the worker was not killed: nothing was in flight to repeat
    assert states(rows) == {State.SENT: 500}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_beats_running_by_mistake_send_nothing_twice(outbox):
    rows = owe_many(500)
    first, second = outbox.beat("beat-1"), outbox.beat("beat-2")
    outbox.worker()
    assert outbox.all_settled(rows, 120), (states(rows), outbox.logs())
    sent = outbox.sent()
    assert set(sent) == {row.message_id for row in rows}
    assert max(sent.values()) == 1
    for beat in (first, second):
        assert "Sending due task dispatch-notifications" in beat.output(), beat.output()[-2000:]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_recipient_the_mail_server_keeps_deferring_is_retried_then_failed_and_the_others_go(outbox):
    deferred = ClientFactory(email="deferred@example.test")
    others = [ClientFactory() for _ in range(5)]
    rows = owe_many(20, recipients=[deferred, *others])
    outbox.beat()
    outbox.worker(
        NOTIFICATION_TEST_FAILING_RECIPIENTS=deferred.email,
        NOTIFICATION_MAX_ATTEMPTS="3",
        NOTIFICATION_RETRY_BASE_SECONDS="1",
    )
    assert outbox.all_settled(rows, 90), (states(rows), outbox.logs())

    for_deferred = [row for row in rows if row.recipient_id == deferred.pk]
    failed = Notification.objects.filter(pk__in=[row.pk for row in for_deferred])
    assert {(n.state, n.attempts) for n in failed} == {(State.FAILED, 3)}
    assert all("451" in n.last_error and "after 3 attempts" in n.last_error for n in failed)
    assert states(rows) == {State.SENT: 20 - len(for_deferred), State.FAILED: len(for_deferred)}
    delivered = recorded_mail(outbox.mail)
    assert sorted(message_id for message_id, _to in delivered) == sorted(
        row.message_id for row in rows if row.recipient_id != deferred.pk
    )
    assert deferred.email not in {to for _message_id, to in delivered}
