"""Time each registered page server-side and write ``results.json`` and ``results.md``.

Per page: sign in as the page's role (``force_login``), ``warmup`` untimed requests, then
``requests`` timed ones through ``django.test.Client`` (the whole middleware stack, no
network). Each timed request records its wall time (``time.perf_counter`` around
``client.get``) and its SQL queries (``CaptureQueriesContext``, which counts with DEBUG off).
Any status the page does not accept fails the run.
"""

from __future__ import annotations

import json
import statistics
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.db import connection
from django.http.response import HttpResponseBase
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .pages import PAGES, BenchError, BenchPage, user_for_role
from .tasks import TARGETS as TASK_TARGETS

#: Bounds on the loop, whatever is asked for.
MAX_REQUESTS = 10_000
MAX_WARMUP = 100

Log = Callable[[str], object]


@dataclass
class PageResult:
    name: str
    times_ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)

    def percentile(self, q: int) -> float:
        if len(self.times_ms) == 1:
            return self.times_ms[0]
        return statistics.quantiles(self.times_ms, n=100, method="inclusive")[q - 1]

    @property
    def queries_vary(self) -> bool:
        return min(self.queries) != max(self.queries)

    def summary(self) -> dict[str, Any]:
        """The entry in ``results.json["pages"]``: exactly these three keys."""
        return {
            "queries": self.queries[-1],
            "p50_ms": round(self.percentile(50), 2),
            "p95_ms": round(self.percentile(95), 2),
        }

    def details(self) -> dict[str, Any]:
        return {
            "statuses": dict(sorted(Counter(self.statuses).items())),
            "queries_min": min(self.queries),
            "queries_max": max(self.queries),
            "queries_vary": self.queries_vary,
            "mean_ms": round(statistics.fmean(self.times_ms), 2),
            "max_ms": round(max(self.times_ms), 2),
        }


def _check(page: BenchPage, path: str, response: HttpResponseBase) -> None:
    if response.status_code not in page.statuses:
        where = f" (to {response['Location']})" if response.has_header("Location") else ""
        raise BenchError(f"{page.name}: GET {path} answered {response.status_code}{where}; expected {page.statuses}.")


def measure_page(page: BenchPage, *, requests: int, warmup: int) -> PageResult:
    user = user_for_role(page.role) if page.role else None
    if page.setup:
        page.setup(user)
    client = Client()
    if user is not None:
        client.force_login(user)
    path = page.path(user)
    for _ in range(warmup):
        _check(page, path, client.get(path))
    result = PageResult(page.name)
    for _ in range(requests):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            elapsed = time.perf_counter() - started
        _check(page, path, response)
        result.times_ms.append(elapsed * 1000)
        result.queries.append(len(captured))
        result.statuses.append(response.status_code)
    return result


def markdown_table(document: dict[str, Any]) -> str:
    lines = ["| page | queries | p50 ms | p95 ms |", "|---|--:|--:|--:|"]
    for name, row in document["pages"].items():
        details = document.get("details", {}).get(name, {})
        queries = str(row["queries"])
        if details.get("queries_vary"):
            queries += f" (varies {details['queries_min']} to {details['queries_max']})"
        lines.append(f"| {name} | {queries} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} |")
    notes = [
        f"- {name} answered {', '.join(f'{status} x{n}' for status, n in details['statuses'].items())}"
        for name, details in document.get("details", {}).items()
        if set(details["statuses"]) != {200}
    ]
    header = (
        f"Size **{document['size']}**, {document['requests_per_page']} timed requests per page "
        f"after {document['warmup_per_page']} warm-up, {document['generated_at']}."
    )
    return "\n".join([header, "", *lines, *(["", *notes] if notes else []), *_tasks_table(document)]) + "\n"


def _tasks_table(document: dict[str, Any]) -> list[str]:
    """The outbox's tasks (bench/tasks.py), with their targets."""
    if not document.get("tasks"):
        return []
    lines = ["", "| task | result | target |", "|---|--:|--:|"]
    for name, row in document["tasks"].items():
        target = TASK_TARGETS[name]
        result = row[target.key]
        missed = "" if target.met(result) else " (missed)"
        lines.append(
            f"| {name} | {target.describe(result)} | {target.comparison} {target.value:,} {target.unit}{missed} |"
        )
    return lines


def with_tasks(document: dict[str, Any], measured: dict[str, Any]) -> dict[str, Any]:
    """``document`` with the tasks' results (``bench.tasks.run``) next to the pages'."""
    ordered: dict[str, Any] = {}
    for key, value in document.items():
        ordered[key] = value
        if key == "pages":
            ordered["tasks"] = measured["tasks"]
    ordered["task_details"] = measured["task_details"]
    return ordered


def write_results(document: dict[str, Any], output_dir: Path) -> None:
    output_dir.mkdir(parents=True, exist_ok=True)
    (output_dir / "results.json").write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    (output_dir / "results.md").write_text(markdown_table(document))


def run(
    *,
    size: str,
    output_dir: Path,
    requests: int = 60,
    warmup: int = 5,
    pages: Sequence[BenchPage] | None = None,
    extra: dict[str, Any] | None = None,
    log: Log = print,
) -> dict[str, Any]:
    """Time ``pages`` (default: every registered page) on the data in the default database.

    Writes ``output_dir/results.json`` and ``output_dir/results.md``; returns the JSON document.
    ``extra`` adds top-level keys (counts, the database, how long it took to build).
    """
    pages = list(PAGES if pages is None else pages)
    if not 1 <= requests <= MAX_REQUESTS or not 0 <= warmup <= MAX_WARMUP:
        raise BenchError(f"requests must be 1 to {MAX_REQUESTS} and warmup 0 to {MAX_WARMUP}.")
    names = [page.name for page in pages]
    if len(set(names)) != len(names):
        raise BenchError(f"Page names must be unique: {names}")

    results = []
    for page in pages:
        started = time.perf_counter()
        result = measure_page(page, requests=requests, warmup=warmup)
        log(f"  {page.name}: {requests} requests in {time.perf_counter() - started:.1f} s")
        results.append(result)

    document: dict[str, Any] = {
        "size": size,
        "pages": {r.name: r.summary() for r in results},
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "requests_per_page": requests,
        "warmup_per_page": warmup,
        **(extra or {}),
        "details": {r.name: r.details() for r in results},
    }
    write_results(document, output_dir)
    return document
