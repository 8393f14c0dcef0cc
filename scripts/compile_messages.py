"""Compile the translation catalogues (``locale/<language>/LC_MESSAGES/django.po``) to the
``.mo`` files Django reads, where a catalogue is newer than its compiled copy. Run by
``scripts/install.sh``; written with polib so that no system gettext is needed."""

from __future__ import annotations

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    compiled = 0
    for po_path in sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        catalogue = polib.pofile(str(po_path))
        # Only finished translations: a fuzzy one (its English changed since) is left out, as
        # msgfmt does, so the page shows the current English rather than an outdated translation.
        catalogue.save_as_mofile(str(mo_path))
        compiled += 1
    if compiled:
        print(f"Compiled {compiled} translation catalogue(s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
