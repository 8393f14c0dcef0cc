"""`make run` as a new user meets it, run for real: the address and the demo sign-ins once
everything answers, e-mail links on the port it serves, and a stop by SIGTERM to its whole
process group (what a process manager sends) that exits cleanly and leaves nothing running.
Several times over: the stop used to leave the embedded servers running 2 times in 6.

With DATABASE_URL and REDIS_URL set (CI), ``make run`` uses those servers and only the clean
stop is checked; otherwise it starts its own, in a private PP_VAR_DIR, which must stop too.
"""

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from accounts import demo

from .processes import ROOT, VAR_DIR, embedded_servers, environment, processes_with_environment

pytestmark = pytest.mark.processes

CONFIGURED = bool(os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL"))
START_TIMEOUT = 180  # the first run in a fresh clone creates the database and loads the demo data
STOP_TIMEOUT = 30


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.5)
    return True


def healthz(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            return response.status == 200
    except (OSError, urllib.error.HTTPError):
        return False


def environment_of(pid: int) -> dict[str, str]:
    with open(f"/proc/{pid}/environ", "rb") as f:
        pairs = [item.decode().split("=", 1) for item in f.read().split(b"\0") if b"=" in item]
    return dict(pairs)


def leftovers() -> dict[int, str]:
    """Every process that still carries this test's PP_VAR_DIR: all that `make run` started."""
    return processes_with_environment("PP_VAR_DIR", str(VAR_DIR))


def _mails() -> list[Path]:
    folder = VAR_DIR / "mail"
    return sorted(folder.glob("*.log")) if folder.is_dir() else []


def run_and_stop(command: list[str], port: int, log, **extra_env: str) -> tuple[int, str, dict[str, str]]:
    """Start `command` in its own session, wait until /healthz answers and the sign-ins are
    printed, then SIGTERM its process group. Returns (exit status, output, the worker's environment)."""
    env = environment(PORT=str(port), DEMO_FOLLOW_UP_MINUTES="0", **extra_env)
    shutil.rmtree(VAR_DIR / "mail", ignore_errors=True)
    if CONFIGURED:
        env.update({name: os.environ[name] for name in ("DATABASE_URL", "REDIS_URL")})
    with log.open("w") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        started = wait_for(lambda: healthz(port) or process.poll() is not None, START_TIMEOUT)
        assert started and process.poll() is None, f"/healthz never answered 200:\n{log.read_text()[-4000:]}"
        printed = wait_for(lambda: "Demo sign-ins" in log.read_text(), 60)
        assert printed, f"the sign-ins were not printed:\n{log.read_text()[-4000:]}"
        # The demo follow-up (due at once here: DEMO_FOLLOW_UP_MINUTES=0) has its reminder
        # delivered by the worker, to the folder README names.
        arrived = wait_for(lambda: any("A follow-up on case" in f.read_text(errors="replace") for f in _mails()), 60)
        assert arrived, f"no reminder in {VAR_DIR / 'mail'}:\n{log.read_text()[-4000:]}"
        worker = next(pid for pid, cmd in leftovers().items() if "celery" in cmd and " worker " in cmd)
        worker_env = environment_of(worker)

        os.killpg(process.pid, signal.SIGTERM)
        status = process.wait(timeout=STOP_TIMEOUT)
        assert wait_for(lambda: not leftovers(), 5), f"left running: {leftovers()}\n{log.read_text()[-4000:]}"
        return status, log.read_text(), worker_env
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        for pid in leftovers():  # web, worker and beat run in sessions of their own
            os.kill(pid, signal.SIGKILL)
        subprocess.run(
            [".venv/bin/python", "-m", "patientportal.embedded", "down"], cwd=ROOT, env=environment(), check=False
        )


def test_make_run_announces_itself_and_stops_cleanly_on_sigterm_every_time(tmp_path):
    runs = [
        # scripts/run.sh is what `make run` runs. make, sent the signal too, passes it on to the
        # script a second time, then ends by that signal itself (GNU make's way): the script's
        # exit status is read without make; with make, its output must hold no "make: *** Error".
        (["scripts/run.sh"], {}),
        (["make", "run"], {"SITE_URL": "https://portal.example.test"}),
        (["scripts/run.sh"], {}),
    ]
    for attempt, (command, extra_env) in enumerate(runs, 1):
        port = free_port()
        status, output, worker_env = run_and_stop(command, port, tmp_path / f"run-{attempt}.log", **extra_env)
        where = f"attempt {attempt} ({' '.join(command)}):\n{output[-4000:]}"

        assert status == (-signal.SIGTERM if command[0] == "make" else 0), where
        assert "make: ***" not in output and "Traceback" not in output, where
        if not CONFIGURED:
            assert embedded_servers() == [], where

        # Links in e-mails (the worker writes them) follow the port, unless SITE_URL is given.
        assert worker_env["SITE_URL"] == extra_env.get("SITE_URL", f"http://127.0.0.1:{port}"), where

        # The address and the sign-ins come once everything answers, after the worker's start-up logs.
        announced = output.index("Patient Portal is running at")
        assert output.index(" ready.") < announced, where
        for text in (f"http://127.0.0.1:{port}/", "client@example.org", demo.DEMO_PASSWORD, "make totp"):
            assert text in output[announced:], where
