#!/usr/bin/env bash
# Create .venv with Python 3.12+ and install the pinned requirements (skipped when up to date).
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3; do
    [[ -n "$candidate" ]] || continue
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

if [[ ! -x .venv/bin/python ]]; then
  if ! python=$(find_python); then
    found=$(python3 --version 2>&1 || echo "no python3")
    echo "Patient Portal needs Python 3.12 or newer, and found: $found." >&2
    echo "Install Python 3.12 (for example: pyenv install 3.12, or apt-get install python3.12) and run this again." >&2
    exit 1
  fi
  "$python" -m venv .venv
fi
if ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then
  echo "The .venv folder uses Python $(.venv/bin/python --version 2>&1 | cut -d' ' -f2); Patient Portal needs 3.12 or newer. Remove .venv and run this again." >&2
  exit 1
fi
stamp=.venv/.requirements-installed
if [[ ! -f $stamp || requirements.txt -nt $stamp || requirements-dev.txt -nt $stamp ]]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r requirements-dev.txt
  touch "$stamp"
fi
# The translations: locale/*/LC_MESSAGES/django.po to the .mo files Django reads (where changed).
.venv/bin/python scripts/compile_messages.py
