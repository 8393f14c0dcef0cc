#!/usr/bin/env bash
# `make bench SIZE=small|large`: time pages server-side on a seeded data set in its own
# database (patientportal_bench_<size>), built once and reused, then the outbox's tasks (a worker
# of its own, started by bench/tasks.py). Writes var/bench/results.{json,md}.
# Extra arguments go to `python -m bench`: scripts/bench.sh large --requests 100 --rebuild
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-small}
shift || true
scripts/install.sh

started_embedded=0
if [[ -z "${DATABASE_URL:-}" || -z "${REDIS_URL:-}" ]]; then
  # Leave the embedded servers as they were: stop them afterwards only if this run started them.
  if ! .venv/bin/python -m patientportal.embedded status | grep -q "running"; then started_embedded=1; fi
fi
worker_pid=
cleanup() {
  if [[ -n $worker_pid ]]; then kill -TERM "$worker_pid" 2>/dev/null || true; wait "$worker_pid" 2>/dev/null || true; fi
  if ((started_embedded)); then .venv/bin/python -m patientportal.embedded down >/dev/null || true; fi
}
trap cleanup EXIT
eval "$(.venv/bin/python -m patientportal.embedded up)"

# A Celery worker for the time of the run, so that /healthz is timed as it answers in service.
mkdir -p var/bench
.venv/bin/celery -A patientportal worker --concurrency=1 --hostname="bench-$$@%h" --loglevel=WARNING \
  >var/bench/worker.log 2>&1 &
worker_pid=$!

.venv/bin/python -m bench --size "$size" "$@"
