"""Read an HSDS package into plain rows of text, the same shape whatever it came from.

Two sources are understood:

* a tabular data package: a directory with ``datapackage.json`` and one UTF-8 CSV file per
  table, with a header row;
* HSDS JSON: a file holding a list of HSDS 3.0 ``service`` objects (the compiled "service"
  schema: organization, service_at_locations with location and addresses, phones, schedules,
  languages, service_areas, attributes with taxonomy_term, cost_options, required_documents
  and accessibility nested inside), or an API page with such a list under ``contents``.

Nothing is checked here beyond the shape of the files; ``validate.py`` checks the values. Every
row remembers where it came from, for error messages: ``service.csv:12`` (the CSV line, the
header being line 1) or ``services.json:/0/phones/1`` (a JSON pointer).
"""

from __future__ import annotations

import csv
import decimal
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from .schema import TABLES


@dataclass
class RawRow:
    table: str
    #: Where the row is: "service.csv:12" or "services.json:/0/phones/1".
    where: str
    #: Position for sorting messages in reading order.
    order: tuple[int, int]
    values: dict[str, str]

    def at(self, column: str) -> str:
        return f"{self.where}:{column}"


@dataclass
class RawPackage:
    source: str
    #: table -> rows; every table of TABLES is a key.
    rows: dict[str, list[RawRow]]
    #: Tables the package provides. Rows of a missing table are left alone by the import.
    present: set[str]
    #: table -> required columns its file lacks (reported once, on the header line).
    missing_columns: dict[str, set[str]] = field(default_factory=dict)
    #: How to name a table in messages: "service.csv", or "this file" for JSON.
    names: dict[str, str] = field(default_factory=dict)
    errors: list[tuple[tuple[int, int], str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def error(self, order: tuple[int, int], message: str) -> None:
        self.errors.append((order, message))


def read_package(path: str | Path) -> RawPackage:
    """Read a data package directory or an HSDS JSON file (see the module docstring)."""
    path = Path(path)
    if path.is_dir():
        return _read_directory(path)
    if path.is_file():
        return _read_json(path)
    package = _empty(str(path))
    package.error((0, 0), f"{path}: there is no such file or directory")
    return package


def _empty(source: str) -> RawPackage:
    return RawPackage(source=source, rows={name: [] for name in TABLES}, present=set())


# --- tabular data package ---------------------------------------------------------------


def _read_directory(directory: Path) -> RawPackage:
    package = _empty(str(directory))
    descriptor_path = directory / "datapackage.json"
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        package.error((0, 0), "datapackage.json: the directory has no datapackage.json (a tabular data package)")
        return package
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        package.error((0, 0), f"datapackage.json: not valid UTF-8 JSON ({error})")
        return package
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list):
        package.error((0, 0), "datapackage.json:resources: a list of resources is required")
        return package

    table_order = {name: index for index, name in enumerate(TABLES, start=1)}
    root = directory.resolve()
    for index, resource in enumerate(resources):
        where = f"datapackage.json:/resources/{index}"
        if not isinstance(resource, dict):
            package.error((0, index), f"{where}: a resource must be an object")
            continue
        name, relative = resource.get("name"), resource.get("path")
        if name not in TABLES:
            package.warnings.append(f"{where}: resource {name!r} is not an HSDS table we store; it was not read")
            continue
        if name in package.present:
            package.error((0, index), f"{where}:name: the package lists {name!r} twice")
            continue
        if not isinstance(relative, str) or not relative:
            package.error((0, index), f"{where}:path: a relative path to the CSV file is required")
            continue
        file = (directory / relative).resolve()
        if "://" in relative or not file.is_relative_to(root):
            package.error((0, index), f"{where}:path: {relative!r} must be a file inside the package directory")
            continue
        package.present.add(name)
        package.names[name] = relative
        _read_csv(package, name, file, relative, table_order[name])
    for name in ("organization", "service"):
        if name not in package.present:
            package.error((0, 0), f"datapackage.json:resources: the package has no {name!r} table")
    return package


def _read_csv(package: RawPackage, table: str, file: Path, label: str, table_index: int) -> None:
    try:
        data = file.read_bytes()
    except OSError as error:
        package.error((table_index, 0), f"{label}: cannot be read ({error.strerror})")
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        package.error((table_index, line), f"{label}:{line}: the file is not UTF-8 text")
        return

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    columns = TABLES[table].column_names
    try:
        header = next(reader, None)
        if header is None:
            package.error((table_index, 1), f"{label}:1: the file is empty; a header row is required")
            return
        header = [name.strip() for name in header]
        seen: set[str] = set()
        for name in header:
            if name in seen:
                package.error((table_index, 1), f"{label}:1:{name}: the column appears twice")
            seen.add(name)
        unknown = [name for name in header if name not in columns]
        if unknown:
            package.warnings.append(f"{label}: columns we do not store were not read: {', '.join(unknown)}")
        missing = {column.name for column in TABLES[table].columns if column.required and column.name not in seen}
        for name in sorted(missing, key=columns.index):
            package.error((table_index, 1), f"{label}:1:{name}: the required column is missing")
        package.missing_columns[table] = missing
        positions = {name: header.index(name) for name in columns if name in seen}

        start = reader.line_num + 1
        for record in reader:
            if not record or record == [""]:
                start = reader.line_num + 1
                continue
            where = f"{label}:{start}"
            if len(record) != len(header):
                package.error(
                    (table_index, start),
                    f"{where}: the row has {len(record)} values and the header {len(header)} columns",
                )
            else:
                values = {name: record[position] for name, position in positions.items()}
                package.rows[table].append(RawRow(table, where, (table_index, start), values))
            start = reader.line_num + 1
    except csv.Error as error:
        line = reader.line_num
        package.error((table_index, line), f"{label}:{line}: the CSV cannot be read ({error})")


# --- HSDS JSON ----------------------------------------------------------------------------

#: Nested lists of HSDS objects: (key in the parent object, table, parent link columns).
_SERVICE_CHILDREN = [
    ("phones", "phone", ("service_id",)),
    ("schedules", "schedule", ("service_id",)),
    ("service_areas", "service_area", ("service_id",)),
    ("languages", "language", ("service_id",)),
    ("cost_options", "cost_option", ("service_id",)),
    ("required_documents", "required_document", ("service_id",)),
]
_LOCATION_CHILDREN = [
    ("addresses", "address", ("location_id",)),
    ("phones", "phone", ("location_id",)),
    ("schedules", "schedule", ("location_id",)),
    ("languages", "language", ("location_id",)),
    ("accessibility", "accessibility", ("location_id",)),
]
_SERVICE_AT_LOCATION_CHILDREN = [
    ("phones", "phone", ("service_id", "location_id")),
    ("schedules", "schedule", ("service_id", "location_id")),
]


class _JSONReader:
    def __init__(self, package: RawPackage, label: str) -> None:
        self.package = package
        self.label = label
        self.count = 0
        #: (table, id) -> the row first read with that id.
        self.seen: dict[tuple[str, str], RawRow] = {}

    def error(self, pointer: str, message: str, column: str | None = None) -> None:
        self.count += 1
        where = f"{self.label}:{pointer}" + (f":{column}" if column else "")
        self.package.error((1, self.count), f"{where}: {message}")

    def emit(self, table: str, obj: object, pointer: str, links: dict[str, str] | None = None) -> RawRow | None:
        """Add one HSDS object as a row. ``links`` are the ids of the objects it is nested in."""
        if not isinstance(obj, dict):
            self.error(pointer, f"expected an object ({table})")
            return None
        values: dict[str, str] = {}
        for column in TABLES[table].column_names:
            value = obj.get(column)
            if value is None:
                values[column] = ""
            elif isinstance(value, bool | dict | list):
                self.error(pointer, "expected a single value (text or a number)", column)
                values[column] = ""
            else:
                values[column] = str(value)
        for column, parent_id in (links or {}).items():
            if values[column] and parent_id and values[column] != parent_id:
                self.error(pointer, f"{values[column]} is not the id of the object it is nested in", column)
            values[column] = parent_id or values[column]
        self.count += 1
        row = RawRow(table, f"{self.label}:{pointer}", (1, self.count), values)
        key = (table, values["id"])
        if values["id"] and key in self.seen:
            # Organisations, locations and terms are repeated in every service that uses them.
            first = self.seen[key]
            if first.values != values:
                self.error(pointer, f"differs from the {table} with the same id at {first.where}", "id")
            return first
        if values["id"]:
            self.seen[key] = row
        self.package.rows[table].append(row)
        return row

    def children(self, obj: dict, pointer: str, spec: list, parent_ids: tuple[str, ...]) -> None:
        for key, table, link_columns in spec:
            items = obj.get(key)
            if items is None:
                continue
            if not isinstance(items, list):
                self.error(pointer, "expected a list", key)
                continue
            for index, item in enumerate(items):
                self.emit(table, item, f"{pointer}/{key}/{index}", dict(zip(link_columns, parent_ids, strict=True)))

    def service(self, obj: object, pointer: str) -> None:
        row = self.emit("service", obj, pointer)
        if row is None:
            return
        assert isinstance(obj, dict)
        service_id = row.values["id"]
        organization = obj.get("organization")
        if organization is not None:
            org_row = self.emit("organization", organization, f"{pointer}/organization")
            if org_row is not None:
                org_id = org_row.values["id"]
                if row.values["organization_id"] and org_id and row.values["organization_id"] != org_id:
                    self.error(pointer, "is not the id of the nested organization", "organization_id")
                row.values["organization_id"] = row.values["organization_id"] or org_id
                org_phones = [("phones", "phone", ("organization_id",))]
                self.children(organization, f"{pointer}/organization", org_phones, (org_id,))
        self.children(obj, pointer, _SERVICE_CHILDREN, (service_id,))

        attributes = obj.get("attributes")
        if attributes is not None and not isinstance(attributes, list):
            self.error(pointer, "expected a list", "attributes")
            attributes = []
        for index, attribute in enumerate(attributes or []):
            at = f"{pointer}/attributes/{index}"
            if isinstance(attribute, dict) and not attribute.get("link_entity"):
                attribute = {**attribute, "link_entity": "service"}
            attribute_row = self.emit("attribute", attribute, at, {"link_id": service_id})
            if attribute_row is None:
                continue
            term = attribute.get("taxonomy_term")
            if isinstance(term, dict):
                term_id = str(term.get("id") or "")
                if attribute_row.values["taxonomy_term_id"] and term_id != attribute_row.values["taxonomy_term_id"]:
                    self.error(at, "is not the id of the nested taxonomy_term", "taxonomy_term_id")
                attribute_row.values["taxonomy_term_id"] = attribute_row.values["taxonomy_term_id"] or term_id
                if set(term) - {"id"}:  # more than a reference: the term itself
                    self.term(term, f"{at}/taxonomy_term")

        locations = obj.get("service_at_locations")
        if locations is not None and not isinstance(locations, list):
            self.error(pointer, "expected a list", "service_at_locations")
            locations = []
        for index, link in enumerate(locations or []):
            at = f"{pointer}/service_at_locations/{index}"
            link_row = self.emit("service_at_location", link, at, {"service_id": service_id})
            if link_row is None:
                continue
            location = link.get("location")
            if location is not None:
                location_row = self.emit("location", location, f"{at}/location")
                if location_row is None:
                    continue
                location_id = location_row.values["id"]
                if link_row.values["location_id"] and location_id and link_row.values["location_id"] != location_id:
                    self.error(at, "is not the id of the nested location", "location_id")
                link_row.values["location_id"] = link_row.values["location_id"] or location_id
                self.children(location, f"{at}/location", _LOCATION_CHILDREN, (location_id,))
            location_id = link_row.values["location_id"]
            self.children(link, at, _SERVICE_AT_LOCATION_CHILDREN, (service_id, location_id))

    def term(self, term: dict, pointer: str) -> None:
        detail = term.get("taxonomy_detail")
        if isinstance(detail, dict):
            taxonomy_id = str(detail.get("id") or "")
            if not term.get("taxonomy_id"):
                term = {**term, "taxonomy_id": taxonomy_id}
            if set(detail) - {"id"}:
                self.emit("taxonomy", detail, f"{pointer}/taxonomy_detail")
        self.emit("taxonomy_term", term, pointer)


def _read_json(file: Path) -> RawPackage:
    package = _empty(str(file))
    label = file.name
    package.present = set(TABLES)
    package.names = dict.fromkeys(TABLES, label)
    try:
        data = json.loads(file.read_text(encoding="utf-8-sig"), parse_float=decimal.Decimal)
    except UnicodeDecodeError:
        package.error((0, 0), f"{label}: the file is not UTF-8 text")
        return package
    except json.JSONDecodeError as error:
        package.error((0, 0), f"{label}:{error.lineno}: not valid JSON ({error.msg})")
        return package
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        data = data["contents"]  # one page of an HSDS API response
    if not isinstance(data, list):
        package.error((0, 0), f"{label}: expected a list of HSDS service objects")
        return package
    reader = _JSONReader(package, label)
    for index, service in enumerate(data):
        reader.service(service, f"/{index}")
    return package
