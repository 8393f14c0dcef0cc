"""Export the whole directory as an HSDS 3.0 tabular data package.

The output is deterministic: rows sorted by id, one way of writing each kind of value (dates
YYYY-MM-DD, times HH:MM, or HH:MM:SS when there are seconds, decimals with the model's
decimal places, empty cells for missing values), UTF-8, ``\\n`` line endings, and a
datapackage.json without dates in it. So export → import into an empty database → export
writes the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _

from resources.models import Location

from . import schema as s
from .importer import MODELS
from .validate import HSDSError

PACKAGE = {
    "name": "patient-portal-directory",
    "title": "Patient Portal resource directory",
    "description": "Services for people living with multiple sclerosis, as Open Referral HSDS 3.0 tables.",
    "profile": "tabular-data-package",
}


def format_value(column: s.Column, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, decimal.Decimal):
        return f"{value:.{column.places}f}"
    if isinstance(value, dt.time):
        return value.isoformat(timespec="minutes" if not value.second and not value.microsecond else "auto")
    if isinstance(value, dt.date | uuid.UUID | int):
        return str(value)
    return value


def _rows(name: str) -> Iterator[list[str]]:
    table = s.TABLES[name]
    if name == "address":
        yield from _address_rows(table)
        return
    model = MODELS[name]
    columns = table.exported_columns
    fields = ["pk" if column.name == "id" else column.attname for column in columns]
    constants = {"link_entity": "service"}  # the only attributes we keep are those of services
    query = model._default_manager.order_by("pk").values_list(*[f for f in fields if f], named=False)
    for values in query.iterator(chunk_size=2000):
        stored = iter(values)
        yield [format_value(column, next(stored)) if column.attname else constants[column.name] for column in columns]


def _address_rows(table: s.Table) -> Iterator[list[str]]:
    """One address per location that has one; its type follows the location's."""
    columns = table.exported_columns
    fields = ["address_id", "pk", *[column.attname for column in columns[2:] if column.attname]]
    query = (
        Location.objects.filter(address_id__isnull=False).order_by("address_id").values_list(*fields, "location_type")
    )
    for values in query.iterator(chunk_size=2000):
        *stored, location_type = values
        address_type = location_type if location_type in ("physical", "postal") else "physical"
        cells = iter(stored)
        yield [
            format_value(column, next(cells)) if column.attname or column.name == "location_id" else address_type
            for column in columns
        ]


def hsds_export(*, path: str | Path, force: bool = False) -> dict[str, int]:
    """Write every table and datapackage.json into ``path``; returns the rows per table.

    The files have the HSDS 3.0 names (``services.csv``, ...), so that other HSDS tools open
    them. Refuses (``HSDSError``) a directory that already holds files, unless ``force``: then
    our files in it are overwritten, the table files of our older exports (``service.csv``,
    ...) deleted, so that no stale table is left beside the new one, and any others are left
    as they are.
    """
    directory = Path(path)
    if directory.exists() and not directory.is_dir():
        raise HSDSError(
            [_("%(directory)s: this is a file; give a directory to export into") % {"directory": directory}]
        )
    if directory.is_dir() and any(directory.iterdir()) and not force:
        raise HSDSError(
            [
                _("%(directory)s: the directory is not empty; use --force to overwrite the files in it")
                % {"directory": directory}
            ]
        )
    directory.mkdir(parents=True, exist_ok=True)
    for table in s.TABLES.values():
        if f"{table.name}.csv" != table.path:
            (directory / f"{table.name}.csv").unlink(missing_ok=True)

    counts: dict[str, int] = {}
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost:
            # Every table from the same snapshot, even while others are writing.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for name, table in s.TABLES.items():
            with (directory / table.path).open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow([column.name for column in table.exported_columns])
                counts[name] = 0
                for row in _rows(name):
                    writer.writerow(row)
                    counts[name] += 1
    package = {**PACKAGE, "resources": [s.datapackage_resource(table) for table in s.TABLES.values()]}
    text = json.dumps(package, indent=2, ensure_ascii=False) + "\n"
    (directory / "datapackage.json").write_text(text, encoding="utf-8", newline="\n")
    return counts
