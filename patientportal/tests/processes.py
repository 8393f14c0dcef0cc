"""Helpers for tests that run the project's commands as real processes, each with its own
embedded PostgreSQL and Redis (a private ``PP_VAR_DIR``), so that they never touch the ones
the test run itself uses."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Reused from run to run, like the test database: creating a PostgreSQL cluster is the slow part.
VAR_DIR = ROOT / "var" / "test-processes"
# What this test run's own settings come from, and must not leak into the commands it runs.
NOT_INHERITED = (
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "REDIS_CACHE_URL",
    "SITE_URL",
)


def environment(var_dir: Path = VAR_DIR, **extra: str) -> dict[str, str]:
    """This process's environment without configured services, pointing at ``var_dir``."""
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    return {**env, "PP_VAR_DIR": str(var_dir), **extra}


def _processes() -> dict[int, tuple[Path | None, str]]:
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cwd = Path(os.readlink(entry / "cwd"))
        except OSError:  # gone, or not ours to read
            cwd = None
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue
        found[int(entry.name)] = (cwd, cmdline)
    return found


def embedded_servers(var_dir: Path = VAR_DIR) -> list[str]:
    """PostgreSQL and Redis processes serving ``var_dir`` (both run in their data folder)."""
    return [
        f"{pid}: {cmdline}"
        for pid, (cwd, cmdline) in _processes().items()
        if cwd is not None and cwd.is_relative_to(var_dir) and ("postgres" in cmdline or "redis" in cmdline)
    ]


def processes_with_environment(name: str, value: str) -> dict[int, str]:
    """Processes (pid: command line) whose environment has ``name=value``."""
    wanted = f"{name}={value}".encode()
    found = {}
    for pid, (_, cmdline) in _processes().items():
        try:
            environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if wanted in environ:
            found[pid] = cmdline
    return found
