#!/usr/bin/env bash
# `make run`: everything a new developer needs, on a fresh machine, in one command.
# Ctrl-C, or SIGTERM to this script or to its whole process group (as a process manager sends
# it), stops every process it started, the embedded servers included, and exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8000}

scripts/install.sh

if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "Port $PORT is already in use. Stop whatever is running there, or choose another port: make run PORT=8001" >&2
  exit 1
fi

export DJANGO_SETTINGS_MODULE=patientportal.settings.local
# Links in e-mails point at the address the site is served on, unless SITE_URL says otherwise.
# (Set here: honcho gives each process type its own PORT, the worker's is PORT+100.)
export SITE_URL=${SITE_URL:-http://127.0.0.1:$PORT}
export PP_VAR_DIR=${PP_VAR_DIR:-$PWD/var}  # the embedded servers' data (embedded.py's default too)

started_embedded=0
honcho_pid=
announce_pid=
cleanup() {
  local status=$?
  # From here on, ignore INT and TERM, in this shell and in what it starts: the signal that
  # asked for the stop often comes twice (make passes its own on to this script; Ctrl-C and a
  # process manager's TERM reach every process of the group), and a second one must not cut
  # the clean-up short or kill `embedded down` halfway.
  trap '' INT TERM
  if [[ -n $announce_pid ]]; then kill "$announce_pid" 2>/dev/null || true; fi
  if [[ -n $honcho_pid ]]; then
    kill -TERM "$honcho_pid" 2>/dev/null || true  # honcho stops web, worker and beat
    wait "$honcho_pid" 2>/dev/null || true
  fi
  if ((started_embedded)); then .venv/bin/python -m patientportal.embedded down || true; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 0' INT TERM  # a stop that was asked for is a clean exit (no make "Error 130/143")

# Start the embedded PostgreSQL/Redis for whatever is not configured, and export their URLs
# so that the web server, the worker and beat all use the same ones.
[[ -z "${DATABASE_URL:-}" || -z "${REDIS_URL:-}" ]] && started_embedded=1
eval "$(.venv/bin/python -m patientportal.embedded up)"

mkdir -p "$PP_VAR_DIR"  # beat keeps its schedule here (Procfile), also when the services are configured
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py seed_demo --quiet-banner
.venv/bin/python manage.py demo_follow_up  # its reminder arrives a few minutes after start (README)

healthy() {  # /healthz answers 200: the database, Redis and a Celery worker are up
  local reply
  reply=$( (exec 3<>"/dev/tcp/127.0.0.1/$PORT" && printf 'GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3 &&
    IFS= read -r -t 10 line <&3 && echo "$line") 2>/dev/null) || return 1
  [[ $reply == "HTTP/1."?" 200 "* ]]
}
announce() {  # once everything answers, after the worker's start-up logs rather than above them
  local deadline=$((SECONDS + 180))
  until healthy; do
    if ((SECONDS > deadline)); then
      echo "Patient Portal did not answer http://127.0.0.1:$PORT/healthz within 3 minutes: see the messages above." >&2
      return
    fi
    sleep 1
  done
  echo
  echo "  Patient Portal is running at http://127.0.0.1:$PORT/ (Ctrl-C stops everything)"
  .venv/bin/python manage.py demo_signins
}

echo
echo "  Starting the web server, a Celery worker and Celery beat at http://127.0.0.1:$PORT/ ..."
PATH="$PWD/.venv/bin:$PATH" .venv/bin/honcho -f Procfile start -p "$PORT" &
honcho_pid=$!
announce &
announce_pid=$!
wait "$honcho_pid"
