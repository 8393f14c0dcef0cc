#!/usr/bin/env bash
# `make run`: everything a new developer needs, on a fresh machine, in one command.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8000}

scripts/install.sh

if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "Port $PORT is already in use. Stop whatever is running there, or choose another port: make run PORT=8001" >&2
  exit 1
fi

export DJANGO_SETTINGS_MODULE=patientportal.settings.local
# Start the embedded PostgreSQL/Redis for whatever is not configured, and export their URLs
# so that the web server, the worker and beat all use the same ones.
started_embedded=0
[[ -z "${DATABASE_URL:-}" || -z "${REDIS_URL:-}" ]] && started_embedded=1
eval "$(.venv/bin/python -m patientportal.embedded up)"

honcho_pid=
cleanup() {
  trap - INT TERM EXIT
  if [[ -n $honcho_pid ]] && kill -0 "$honcho_pid" 2>/dev/null; then
    kill -TERM "$honcho_pid" 2>/dev/null || true
    wait "$honcho_pid" 2>/dev/null || true
  fi
  if ((started_embedded)); then .venv/bin/python -m patientportal.embedded down || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p var  # beat keeps its schedule state here, also when the services are configured
.venv/bin/python manage.py migrate --noinput
echo
echo "  Patient Portal is starting at http://127.0.0.1:$PORT/"
echo "  (web server, Celery worker and Celery beat; Ctrl-C stops them all)"
.venv/bin/python manage.py seed_demo
PATH="$PWD/.venv/bin:$PATH" .venv/bin/honcho -f Procfile start -p "$PORT" &
honcho_pid=$!
wait "$honcho_pid"
