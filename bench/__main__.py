"""python -m bench --size small|large [--requests 60] [--warmup 5] [--output-dir var/bench] [--rebuild]
[--pages caseload case_detail] [--tasks reminder_delivery dispatch_idle]

Builds (or reuses) the benchmark database for the size, times every page in
``bench.pages.PAGES``, then the outbox's tasks (``bench.tasks``: a real Celery worker delivering
reminders, and the dispatcher's claim when nothing is due), and writes ``results.json`` and
``results.md``; prints the table. ``--tasks`` with no name skips the tasks.
``scripts/bench.sh`` (``make bench``) starts the embedded services first when needed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from pathlib import Path

from patientportal.embedded import VAR_DIR

from .sizes import CLI_SIZES, SIZES, database_name

MIN_REQUESTS = 50


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description="Time pages on a seeded data set.")
    parser.add_argument("--size", choices=CLI_SIZES, default="small")
    parser.add_argument("--requests", type=int, default=60, help=f"timed requests per page (at least {MIN_REQUESTS})")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per page first")
    parser.add_argument("--output-dir", type=Path, default=VAR_DIR / "bench")
    parser.add_argument("--rebuild", action="store_true", help="build the data set again even if it matches")
    parser.add_argument("--pages", nargs="+", metavar="NAME", help="time only these pages (default: all)")
    parser.add_argument(
        "--tasks",
        nargs="*",
        metavar="NAME",
        help="time only these tasks of the outbox (default: all; the option alone: none)",
    )
    args = parser.parse_args(argv)
    if args.requests < MIN_REQUESTS:
        parser.error(f"--requests must be at least {MIN_REQUESTS}, so that p95 means something.")
    return args


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # Always the bench settings and their own database: the build drops and recreates it.
    os.environ["DJANGO_SETTINGS_MODULE"] = "patientportal.settings.bench"
    os.environ["BENCH_DATABASE_NAME"] = database_name(args.size)

    import django

    # WhiteNoise looks for collected static files (var/static); pages are timed without them.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    django.setup()
    from . import tasks
    from .database import prepare
    from .pages import PAGES
    from .runner import BenchError, markdown_table, run, with_tasks, write_results

    chosen = None
    if args.pages:
        unknown = set(args.pages) - {page.name for page in PAGES}
        if unknown:
            log(f"Unknown pages: {', '.join(sorted(unknown))}. Pages: {', '.join(page.name for page in PAGES)}")
            return 2
        chosen = [page for page in PAGES if page.name in args.pages]
    chosen_tasks = tasks.TASKS if args.tasks is None else tuple(args.tasks)
    unknown = set(chosen_tasks) - set(tasks.TASKS)
    if unknown:
        log(f"Unknown tasks: {', '.join(sorted(unknown))}. Tasks: {', '.join(tasks.TASKS)}")
        return 2

    size = SIZES[args.size]
    started = time.perf_counter()
    built = prepare(size, rebuild=args.rebuild, log=log)
    log(f"Timing pages: {args.warmup} warm-up and {args.requests} timed requests each.")
    # Wall-clock times: other work on the machine shows in them. Say how busy it was.
    load = [round(value, 2) for value in os.getloadavg()]
    if load[0] > (os.cpu_count() or 1) / 2:
        log(f"  The machine is busy (load {load[0]} on {os.cpu_count()} CPUs): times will be high and vary.")
    try:
        document = run(
            size=size.name,
            output_dir=args.output_dir,
            requests=args.requests,
            warmup=args.warmup,
            pages=chosen,
            extra={
                "database": built["database"],
                "counts": built["counts"],
                "data_built_at": built["built_at"],
                "data_build_seconds": built["build_seconds"],
                "data_reused": built["reused"],
                "load_average": load,
                "cpu_count": os.cpu_count(),
            },
            log=log,
        )
        if chosen_tasks:
            # After the pages, which are timed without the reminders these write (and delete).
            log(f"Timing the outbox's tasks: {', '.join(chosen_tasks)}.")
            document = with_tasks(document, tasks.run(size.name, names=chosen_tasks, log=log))
            write_results(document, args.output_dir)
    except BenchError as exc:
        log(f"make bench failed: {exc}")
        return 1
    print(markdown_table(document))
    log(f"Wrote {args.output_dir / 'results.json'} and results.md in {time.perf_counter() - started:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
