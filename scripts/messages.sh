#!/usr/bin/env bash
# Update the translation catalogues (locale/<language>/LC_MESSAGES/django.po) from the code and
# templates: new texts are added untranslated, changed ones marked fuzzy, removed ones dropped.
# Translators then fill them in; `scripts/install.sh` compiles them.
set -euo pipefail
cd "$(dirname "$0")/.."
# settings.LANGUAGES but English, the language of the source (a test keeps the two the same).
args=()
for language in fr de it es nl da; do args+=(-l "$language"); done
.venv/bin/python manage.py makemessages "${args[@]}" --add-location=file --no-obsolete \
  -i ".venv/*" -i "node_modules/*" -i "var/*" -i "static/*" -i "frontend/*" -i "test-results/*"
