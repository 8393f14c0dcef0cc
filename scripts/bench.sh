#!/usr/bin/env bash
# `make bench SIZE=small|large`: time pages server-side on a seeded data set in its own
# database (patientportal_bench_<size>), built once and reused. Writes var/bench/results.{json,md}.
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
cleanup() { if ((started_embedded)); then .venv/bin/python -m patientportal.embedded down >/dev/null || true; fi; }
trap cleanup EXIT
eval "$(.venv/bin/python -m patientportal.embedded up)"

.venv/bin/python -m bench --size "$size" "$@"
