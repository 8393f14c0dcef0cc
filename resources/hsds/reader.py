"""Read an HSDS package into plain rows of text, the same shape whatever it came from.

Two sources are understood:

* a tabular data package: a directory of UTF-8 CSV files with a header row, one per table,
  listed in its ``datapackage.json``. Without a ``datapackage.json`` the files are found by
  their HSDS 3.0 names (``services.csv``, ``organizations.csv``, ...) or the names our older
  exports used (``service.csv``, ...). Resources the descriptor lists without a file, and
  columns and files we do not store, are reported as warnings;
* HSDS JSON: a file holding one HSDS 3.0 ``service`` object or a list of them (the compiled
  "service" schema: organization, service_at_locations with location and addresses, phones,
  schedules, languages, service_areas, attributes with taxonomy_term, cost_options,
  required_documents and accessibility nested inside), or an API page with such a list under
  ``contents``.

Nothing is checked here beyond the shape of the files; ``validate.py`` checks the values. Every
row remembers where it came from, for messages: ``services.csv:12`` (the CSV line, the header
being line 1) or ``services.json:/0/phones/1`` (a JSON pointer).
"""

from __future__ import annotations

import csv
import decimal
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from .schema import TABLE_OF_FILE, TABLES

#: Tables a package must have.
REQUIRED_TABLES = ("organization", "service")

Order = tuple[int, int]


@dataclass
class RawRow:
    table: str
    #: Where the row is: "services.csv:12" or "services.json:/0/phones/1".
    where: str
    #: Position for sorting messages in reading order.
    order: Order
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
    #: How to name a table in messages: "services.csv", or the JSON file's name.
    names: dict[str, str] = field(default_factory=dict)
    errors: list[tuple[Order, str]] = field(default_factory=list)
    warnings: list[tuple[Order, str]] = field(default_factory=list)

    def error(self, order: Order, message: str) -> None:
        self.errors.append((order, message))

    def warn(self, order: Order, message: str) -> None:
        self.warnings.append((order, message))


def read_package(path: str | Path) -> RawPackage:
    """Read a data package directory or an HSDS JSON file (see the module docstring)."""
    path = Path(path)
    if path.is_dir():
        return _read_directory(path)
    if path.is_file():
        return _read_json(path)
    package = _empty(str(path))
    package.error((0, 0), _("%(path)s: there is no such file or directory") % {"path": path})
    return package


def _empty(source: str) -> RawPackage:
    return RawPackage(source=source, rows={name: [] for name in TABLES}, present=set())


# --- tabular data package ---------------------------------------------------------------


def _read_directory(directory: Path) -> RawPackage:
    package = _empty(str(directory))
    if (directory / "datapackage.json").exists():
        files = _files_from_descriptor(package, directory)
    else:
        files = _files_by_name(package, directory)
    table_order = {name: index for index, name in enumerate(TABLES, start=1)}
    for name, relative in files.items():
        package.present.add(name)
        package.names[name] = relative
        _read_csv(package, name, directory / relative, relative, table_order[name])
    if files or not package.errors:
        for name in REQUIRED_TABLES:
            if name not in package.present:
                package.error(
                    (0, 0),
                    _("%(where)s: the package has no %(table)s table (%(file)s)")
                    % {"where": "datapackage.json", "table": name, "file": TABLES[name].path},
                )
    return package


def _files_from_descriptor(package: RawPackage, directory: Path) -> dict[str, str]:
    """table -> path of its CSV file, as datapackage.json lists them."""
    try:
        descriptor = json.loads((directory / "datapackage.json").read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as error:
        package.error((0, 0), _("datapackage.json: not valid UTF-8 JSON (%(error)s)") % {"error": error})
        return {}
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list):
        package.error((0, 0), _("datapackage.json:resources: a list of resources is required"))
        return {}

    files: dict[str, str] = {}
    root = directory.resolve()
    for index, resource in enumerate(resources):
        where = f"datapackage.json:/resources/{index}"
        if not isinstance(resource, dict):
            package.error((0, index), _("%(where)s: a resource must be an object") % {"where": where})
            continue
        name, relative = resource.get("name"), resource.get("path")
        if name not in TABLES and isinstance(relative, str):
            # Some tools name resources after their files ("services"): the file name decides.
            name = TABLE_OF_FILE.get(Path(relative).name.lower(), name)
        if name not in TABLES:
            package.warn(
                (0, index),
                _("%(where)s: %(name)s is not a table we store; it was not read")
                % {"where": where, "name": repr(name)},
            )
            continue
        if name in files:
            package.error(
                (0, index), _("%(where)s:name: the package lists %(name)s twice") % {"where": where, "name": name}
            )
            continue
        if not isinstance(relative, str) or not relative:
            package.error(
                (0, index), _("%(where)s:path: a relative path to the CSV file is required") % {"where": where}
            )
            continue
        file = (directory / relative).resolve()
        if "://" in relative or not file.is_relative_to(root):
            package.error(
                (0, index),
                _("%(where)s:path: %(path)s must be a file inside the package directory")
                % {"where": where, "path": repr(relative)},
            )
            continue
        if not file.is_file():
            package.warn(
                (0, index),
                _("%(where)s:path: the package has no file %(path)s, so its %(table)s rows were left as they are")
                % {"where": where, "path": relative, "table": name},
            )
            continue
        files[name] = relative
    return files


def _files_by_name(package: RawPackage, directory: Path) -> dict[str, str]:
    """table -> CSV file, found by the HSDS names when there is no datapackage.json."""
    files: dict[str, str] = {}
    unknown: list[str] = []
    for path in sorted(directory.iterdir()):
        if not path.is_file() or path.suffix.lower() != ".csv":
            continue
        name = TABLE_OF_FILE.get(path.name.lower())
        if name is None:
            unknown.append(path.name)
        elif name in files:
            package.error(
                (0, 0),
                _("%(first)s and %(second)s both hold the %(table)s table; keep one of them")
                % {"first": files[name], "second": path.name, "table": name},
            )
        else:
            files[name] = path.name
    if not files:
        package.error(
            (0, 0),
            _(
                "%(directory)s: there is no datapackage.json and no HSDS CSV file (like services.csv and "
                "organizations.csv) in this directory"
            )
            % {"directory": directory},
        )
        return {}
    package.warn(
        (0, 0),
        _("the directory has no datapackage.json, so its CSV files were found by their HSDS names"),
    )
    if unknown:
        package.warn(
            (0, 0),
            _("files that are not HSDS tables we store were not read: %(files)s") % {"files": ", ".join(unknown)},
        )
    return files


def _read_csv(package: RawPackage, table: str, file: Path, label: str, table_index: int) -> None:
    try:
        data = file.read_bytes()
    except OSError as error:
        package.error(
            (table_index, 0), _("%(file)s: cannot be read (%(error)s)") % {"file": label, "error": error.strerror}
        )
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        package.error((table_index, line), _("%(where)s: the file is not UTF-8 text") % {"where": f"{label}:{line}"})
        return

    # Cells longer than csv's field_size_limit (131,072 characters) stop the reading here, with
    # an error: far above any bound of schema.py, which refuses the longer ones it sees.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    columns = TABLES[table].column_names
    try:
        header = next(reader, None)
        if header is None:
            package.error(
                (table_index, 1), _("%(where)s: the file is empty; a header row is required") % {"where": f"{label}:1"}
            )
            return
        header = [name.strip().lower() for name in header]
        seen: set[str] = set()
        for name in header:
            if name in seen:
                package.error(
                    (table_index, 1), _("%(where)s: the column appears twice") % {"where": f"{label}:1:{name}"}
                )
            seen.add(name)
        unknown = [name for name in header if name not in columns]
        if unknown:
            package.warn(
                (table_index, 1),
                _("%(file)s: columns we do not store were not read: %(columns)s")
                % {"file": label, "columns": ", ".join(unknown)},
            )
        missing = {column.name for column in TABLES[table].columns if column.required and column.name not in seen}
        for name in sorted(missing, key=columns.index):
            package.error(
                (table_index, 1), _("%(where)s: the required column is missing") % {"where": f"{label}:1:{name}"}
            )
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
                    _("%(where)s: the row has %(values)s values and the header %(columns)s columns")
                    % {"where": where, "values": len(record), "columns": len(header)},
                )
            else:
                values = {name: record[position] for name, position in positions.items()}
                package.rows[table].append(RawRow(table, where, (table_index, start), values))
            start = reader.line_num + 1
    except csv.Error as error:
        line = reader.line_num
        if "field larger than field limit" in str(error):
            message = _("%(where)s: a value is longer than %(limit)s characters, far more than any text may have") % {
                "where": f"{label}:{line}",
                "limit": f"{csv.field_size_limit():,}",
            }
        else:
            message = _("%(where)s: the CSV cannot be read (%(error)s)") % {"where": f"{label}:{line}", "error": error}
        package.error((table_index, line), message)


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

    def where(self, pointer: str) -> str:
        return f"{self.label}:{pointer or '/'}"

    def error(self, pointer: str, message: str, column: str | None = None) -> None:
        self.count += 1
        where = self.where(pointer) + (f":{column}" if column else "")
        self.package.error((1, self.count), f"{where}: {message}")

    def emit(self, table: str, obj: object, pointer: str, links: dict[str, str] | None = None) -> RawRow | None:
        """Add one HSDS object as a row. ``links`` are the ids of the objects it is nested in."""
        if not isinstance(obj, dict):
            self.error(pointer, _("expected an object (%(table)s)") % {"table": table})
            return None
        values: dict[str, str] = {}
        for column in TABLES[table].column_names:
            value = obj.get(column)
            if value is None:
                values[column] = ""
            elif isinstance(value, bool | dict | list):
                self.error(pointer, _("expected a single value (text or a number)"), column)
                values[column] = ""
            else:
                # Strings pass as they are, whatever their length: validate.py refuses the ones
                # over the column's bound before anything is stored.
                values[column] = value if isinstance(value, str) else str(value)
        for column, parent_id in (links or {}).items():
            if values[column] and parent_id and values[column] != parent_id:
                self.error(
                    pointer,
                    _("%(value)s is not the id of the object it is nested in") % {"value": values[column]},
                    column,
                )
            values[column] = parent_id or values[column]
        self.count += 1
        row = RawRow(table, self.where(pointer), (1, self.count), values)
        key = (table, values["id"])
        if values["id"] and key in self.seen:
            # Organisations, locations and terms are repeated in every service that uses them.
            first = self.seen[key]
            if first.values != values:
                self.error(
                    pointer,
                    _("differs from the %(table)s with the same id at %(where)s")
                    % {"table": table, "where": first.where},
                    "id",
                )
            return first
        if values["id"]:
            self.seen[key] = row
        self.package.rows[table].append(row)
        return row

    def items(self, obj: dict, key: str, pointer: str) -> list:
        items = obj.get(key)
        if items is None:
            return []
        if not isinstance(items, list):
            self.error(pointer, _("expected a list"), key)
            return []
        return items

    def children(self, obj: dict, pointer: str, spec: list, parent_ids: tuple[str, ...]) -> None:
        for key, table, link_columns in spec:
            for index, item in enumerate(self.items(obj, key, pointer)):
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
                    self.error(pointer, _("is not the id of the nested organization"), "organization_id")
                row.values["organization_id"] = row.values["organization_id"] or org_id
                org_phones = [("phones", "phone", ("organization_id",))]
                self.children(organization, f"{pointer}/organization", org_phones, (org_id,))
        self.children(obj, pointer, _SERVICE_CHILDREN, (service_id,))

        for index, attribute in enumerate(self.items(obj, "attributes", pointer)):
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
                    self.error(at, _("is not the id of the nested taxonomy_term"), "taxonomy_term_id")
                attribute_row.values["taxonomy_term_id"] = attribute_row.values["taxonomy_term_id"] or term_id
                if set(term) - {"id"}:  # more than a reference: the term itself
                    self.term(term, f"{at}/taxonomy_term")

        for index, link in enumerate(self.items(obj, "service_at_locations", pointer)):
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
                    self.error(at, _("is not the id of the nested location"), "location_id")
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
        package.error((0, 0), _("%(file)s: the file is not UTF-8 text") % {"file": label})
        return package
    except json.JSONDecodeError as error:
        package.error(
            (0, 0),
            _("%(where)s: not valid JSON (%(error)s)") % {"where": f"{label}:{error.lineno}", "error": error.msg},
        )
        return package
    except (ValueError, RecursionError) as error:  # numbers of thousands of digits, absurd nesting
        package.error((0, 0), _("%(file)s: not valid JSON (%(error)s)") % {"file": label, "error": error})
        return package
    reader = _JSONReader(package, label)
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        data = data["contents"]  # one page of an HSDS API response
    elif isinstance(data, dict):
        reader.service(data, "")  # one service object
        return package
    if not isinstance(data, list):
        package.error((0, 0), _("%(file)s: expected an HSDS service object or a list of them") % {"file": label})
        return package
    for index, service in enumerate(data):
        reader.service(service, f"/{index}")
    return package
