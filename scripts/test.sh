#!/usr/bin/env bash
# `make test`: the whole suite against real PostgreSQL and Redis (embedded unless configured).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh

# Browser tests (accessibility, keyboard) drive Debian's Chromium with axe-core from npm.
if [[ ! -x /usr/bin/chromium ]]; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "Installing Debian's chromium for the browser tests..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "The browser tests need Chromium at /usr/bin/chromium: sudo apt-get install -y chromium" >&2
    exit 1
  fi
fi
# The translation tests run makemessages (on a copy of the project), which needs GNU gettext.
if ! command -v xgettext >/dev/null; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "Installing Debian's gettext for the translation tests..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null
  else
    echo "The translation tests need GNU gettext (xgettext): sudo apt-get install -y gettext" >&2
    exit 1
  fi
fi
if [[ ! -f node_modules/axe-core/axe.min.js ]]; then
  npm ci --no-audit --no-fund --silent
fi

started_embedded=0
if [[ -z "${DATABASE_URL:-}" || -z "${REDIS_URL:-}" ]]; then
  # Leave the embedded servers as they were: stop them afterwards only if this run started them.
  if ! .venv/bin/python -m patientportal.embedded status | grep -q "PostgreSQL: running"; then started_embedded=1; fi
fi
cleanup() { if ((started_embedded)); then .venv/bin/python -m patientportal.embedded down >/dev/null || true; fi; }
trap cleanup EXIT

# --reuse-db (pyproject) keeps local runs quick; CI shares its PostgreSQL server between runs, and
# a test database left by a run on another commit may hold a schema this commit does not know.
extra=()
if [[ "${CI:-}" == "true" ]]; then extra+=(--create-db); fi
.venv/bin/python -m pytest "${extra[@]}" "$@"
