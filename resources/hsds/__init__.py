"""Open Referral HSDS 3.0 import and export of the resource directory.

``hsds_import(path=...)`` reads a tabular data package (a directory with datapackage.json and
CSV files) or an HSDS JSON file of services, checks every row, and upserts it in one
transaction; ``hsds_export(path=...)`` writes the directory as a tabular data package. The
management commands ``import_hsds`` and ``export_hsds`` wrap them. The package format is the
one of ``resources/demo_data`` (see schema.py for the tables and columns).
"""

from .exporter import hsds_export
from .importer import ImportResult, TableCounts, hsds_import
from .validate import HSDSError

__all__ = ["HSDSError", "ImportResult", "TableCounts", "hsds_export", "hsds_import"]
