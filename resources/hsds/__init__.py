"""Open Referral HSDS 3.0 import and export of the resource directory.

``hsds_import(path=...)`` reads a tabular data package (a directory of CSV files, with or
without datapackage.json) or an HSDS JSON file of services, checks every row, and upserts it in
one transaction; ``hsds_export(path=...)`` writes the directory as a tabular data package with
the HSDS 3.0 file names. The management commands ``import_hsds`` and ``export_hsds`` wrap them.
The package format is the one of ``resources/demo_data`` (see schema.py for the tables and
columns).

The names below are imported on first use: ``schema`` is plain Python that the models read
their text lengths from, so importing it must not import the models back.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .exporter import hsds_export
    from .importer import ImportResult, TableCounts, hsds_import
    from .validate import HSDSError

__all__ = ["HSDSError", "ImportResult", "TableCounts", "hsds_export", "hsds_import"]

_WHERE = {
    "HSDSError": ".validate",
    "ImportResult": ".importer",
    "TableCounts": ".importer",
    "hsds_export": ".exporter",
    "hsds_import": ".importer",
}


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
