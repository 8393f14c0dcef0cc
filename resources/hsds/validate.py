"""Check every row of a package before anything is written, and turn its text into values.

What HSDS 3.0 allows imports; what it does not, or what our own stricter rules do not allow,
is dealt with in one of two ways, each said in one message ``file:row:field: what``:

* an **error** refuses the whole package (nothing is written): a required value missing or
  unreadable, an id that is not a UUID or is used twice in a table, a required reference that
  points nowhere, a text over its hard upper bound (schema.py), a service nobody can own;
* a **warning** is reported and the import goes on: a value we cannot use in an optional column
  is left out (coordinates out of range, a date that is not a date, a web address that is not
  http(s), ...), and a row we cannot keep is left out (a phone linked to nothing we store, an
  attribute of something else than a service, a second address of a location, an optional
  reference that points nowhere, and the rows that depended on a row left out).

Values are normalised on the way: currency and country codes in capitals, language codes in
lower case, a time zone suffix dropped from opening times (they are local clock times).

Each service is owned by the member society serving the country of its ``iso3166:`` service
areas (``--organisation`` names one for every service instead); a service area that is not such
a code is kept as written and does not count.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _

from accounts.models import Organisation
from resources.services import area_codes

from . import schema as s
from .reader import Order, RawPackage, RawRow

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(T[0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?")
_TIME = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?", re.IGNORECASE)
_WHOLE = re.compile(r"\d+(\.0+)?")
_LANGUAGE = re.compile(r"([a-zA-Z]{2,3})((?:-[A-Za-z0-9]{1,8})*)")
_CURRENCY = re.compile(r"[A-Z]{3}")
_COUNTRY = re.compile(r"[A-Z]{2}")
_AREA = re.compile(r"iso3166:\s*([A-Z]{2})(-[A-Z0-9]{1,3})?", re.IGNORECASE)
_DAY = re.compile(r"([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)")
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:\S+")
_email = EmailValidator()
_url = URLValidator(schemes=["http", "https"])
MAX_AGE = 130
#: Longest language tag the models keep.
LANGUAGE_LENGTH = 35


class Invalid(Exception):
    """One value's problem; the message completes "file:row:field: ". An error in a required
    column; in an optional one, a warning and the value is left out."""


class Refused(Invalid):
    """A value no column may hold (over the hard bound, a NUL character): always an error."""


@dataclass
class Record:
    table: str
    where: str
    order: Order
    values: dict[str, Any]

    def at(self, column: str) -> str:
        return f"{self.where}:{column}"


@dataclass
class Checked:
    """A package whose every row passed: table -> id -> record, and each service's owner."""

    records: dict[str, dict[uuid.UUID, Record]]
    present: set[str]
    owners: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)
    countries: dict[uuid.UUID, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


class HSDSError(Exception):
    """The package cannot be imported (or exported); ``errors`` says why, one line each, and
    ``warnings`` what else was found."""

    def __init__(self, errors: list[str], warnings: list[str] | None = None) -> None:
        super().__init__(f"{len(errors)} problem(s): " + "; ".join(errors[:3]))
        self.errors = errors
        self.warnings = warnings or []


def shown(value: str, width: int = 60) -> str:
    """A value as quoted in a message: cut short, so that a huge cell stays a short line."""
    return repr(value if len(value) <= width else value[:width] + "…")


# --- one value ----------------------------------------------------------------------------


def parse_value(column: s.Column, text: str) -> Any:
    """The stored value of one cell, or ``Invalid``. Empty cells: None or ""."""
    if len(text) > column.bound:
        # First of all, so that an enormous cell goes no further than this.
        raise Refused(
            _("is %(length)s characters long; the most we accept is %(limit)s")
            % {"length": len(text), "limit": column.bound}
        )
    kind = column.kind
    if kind in (s.ID, s.REF) and text and not text.isspace():
        return _parse_uuid(text.strip())  # the commonest kind: cached, as ids repeat in references
    value = text if kind == s.TEXT else text.strip()
    if not value or (kind == s.TEXT and not value.strip()):
        if column.required:
            raise Invalid(_("a value is required"))
        if kind == s.ENUM and column.name == "freq":
            return "WEEKLY"
        return None if kind in s.NULLABLE_KINDS else ""
    if "\x00" in value:
        raise Refused(_("contains a NUL character"))
    parse = _PARSERS.get(kind)
    return parse(column, value) if parse else value


@functools.lru_cache(maxsize=1 << 16)
def _parse_uuid(value: str) -> uuid.UUID:
    if not _UUID.fullmatch(value):
        raise Invalid(
            _("%(value)s is not a UUID (like 3f7b145d-84af-42d7-8fae-eaca714b02b2)") % {"value": shown(value)}
        )
    return uuid.UUID(value)


def _parse_email(column: s.Column, value: str) -> str:
    try:
        _email(value)
    except ValidationError:
        raise Invalid(_("%(value)s is not a valid e-mail address") % {"value": shown(value)}) from None
    return value


def _parse_url(column: s.Column, value: str) -> str:
    try:
        _url(value)
    except ValidationError:
        if _SCHEME.fullmatch(value) and not value.lower().startswith(("http:", "https:")):
            raise Invalid(
                _("%(value)s is not a web address; we link only to http:// and https:// ones") % {"value": shown(value)}
            ) from None
        raise Invalid(
            _("%(value)s is not a valid web address (http:// or https://)") % {"value": shown(value)}
        ) from None
    return value


def _parse_age(column: s.Column, value: str) -> int:
    if not _WHOLE.fullmatch(value) or int(decimal.Decimal(value)) > MAX_AGE:
        raise Invalid(
            _("%(value)s is not a whole number of years from 0 to %(most)s") % {"value": shown(value), "most": MAX_AGE}
        )
    return int(decimal.Decimal(value))


def _parse_date(column: s.Column, value: str) -> dt.date:
    match = _DATE.fullmatch(value)
    try:
        if not match:
            raise ValueError
        return dt.date.fromisoformat(match.group(1))
    except ValueError:
        raise Invalid(_("%(value)s is not a valid date in the form YYYY-MM-DD") % {"value": shown(value)}) from None


def _parse_time(column: s.Column, value: str) -> dt.time:
    """HSDS asks for a time zone (``09:00-05:00``); we keep local clock times, so it is dropped."""
    match = _TIME.fullmatch(value)
    if not match:
        raise Invalid(_("%(value)s is not a time written HH:MM or HH:MM:SS") % {"value": shown(value)})
    return dt.time(int(match.group(1)), int(match.group(2)), int(match.group(3) or 0))


def _number(value: str) -> decimal.Decimal:
    try:
        number = decimal.Decimal(value)
    except decimal.InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise Invalid(_("%(value)s is not a number (write it like 12.50)") % {"value": shown(value)})
    return number


def _parse_amount(column: s.Column, value: str) -> decimal.Decimal:
    number = _number(value)
    if number < 0:
        raise Invalid(_("%(value)s is negative") % {"value": value})
    if -number.as_tuple().exponent > column.places:  # type: ignore[operator]
        raise Invalid(
            _("%(value)s has more than %(places)s decimal places") % {"value": value, "places": column.places}
        )
    if number >= column.limit:
        raise Invalid(
            _("%(value)s is too large (less than %(limit)s please)") % {"value": value, "limit": column.limit}
        )
    return number


def _parse_coordinate(column: s.Column, value: str) -> decimal.Decimal:
    number = _number(value)
    if abs(number) > column.limit:
        raise Invalid(
            _("%(value)s is out of range (-%(limit)s to %(limit)s)") % {"value": value, "limit": column.limit}
        )
    # Kept to six decimal places (about 10 cm); finer ones are rounded.
    return number.quantize(decimal.Decimal(1).scaleb(-column.places))


def _parse_choice(column: s.Column, value: str) -> str:
    for choice in column.choices:
        if value.lower() == choice.lower():
            return choice
    raise Invalid(
        _("%(value)s is not one of: %(choices)s") % {"value": shown(value), "choices": ", ".join(column.choices)}
    )


def _parse_country(column: s.Column, value: str) -> str:
    if not _COUNTRY.fullmatch(value.upper()):
        raise Invalid(_("%(value)s is not a two-letter ISO 3166 country code (like GB)") % {"value": shown(value)})
    return value.upper()


def _parse_language(column: s.Column, value: str) -> str:
    match = _LANGUAGE.fullmatch(value)
    if not match or len(value) > LANGUAGE_LENGTH:
        raise Invalid(_("%(value)s is not an ISO 639 language code (like en or fr)") % {"value": shown(value)})
    return match.group(1).lower() + match.group(2)


def _parse_currency(column: s.Column, value: str) -> str:
    if not _CURRENCY.fullmatch(value.upper()):
        raise Invalid(_("%(value)s is not a three-letter ISO 4217 currency code (like EUR)") % {"value": shown(value)})
    return value.upper()


def _parse_byday(column: s.Column, value: str) -> str:
    days = value.upper().replace(" ", "").split(",")
    if not all(_DAY.fullmatch(day) for day in days) or len(set(days)) != len(days):
        raise Invalid(_("%(value)s is not a list of days like MO,TU,WE (RFC 5545 BYDAY)") % {"value": shown(value)})
    return ",".join(days)


_PARSERS = {
    s.EMAIL: _parse_email,
    s.URL: _parse_url,
    s.AGE: _parse_age,
    s.DATE: _parse_date,
    s.TIME: _parse_time,
    s.DECIMAL: _parse_amount,
    s.COORDINATE: _parse_coordinate,
    s.ENUM: _parse_choice,
    s.CHOICE: _parse_choice,
    s.COUNTRY: _parse_country,
    s.LANGUAGE: _parse_language,
    s.CURRENCY: _parse_currency,
    s.BYDAY: _parse_byday,
}


def area_problem(uri: str) -> str | None:
    """Why a service area's uri says nothing of the service's country or region, or None."""
    if not uri:
        return None
    country, region = area_codes(uri)
    match = _AREA.fullmatch(uri.strip())
    if not match:
        return _(
            "%(value)s is not an ISO 3166 code (iso3166:XX for a country, iso3166:XX-YYY for one of its "
            "regions), so the search does not use it"
        ) % {"value": shown(uri)}
    if not country:
        return _("%(country)s is not a member country, so the search does not use this area") % {
            "country": match.group(1).upper()
        }
    if match.group(2) and not region:
        return _("%(region)s is not a region of %(country)s we know; the service counts as covering all of it") % {
            "region": f"{country}{match.group(2).upper()}",
            "country": country,
        }
    return None


# --- the whole package ------------------------------------------------------------------


class _Checker:
    def __init__(self, package: RawPackage, organisation: Organisation | None) -> None:
        self.package = package
        self.organisation = organisation
        self.errors: list[tuple[Order, str]] = list(package.errors)
        self.warnings: list[tuple[Order, str]] = list(package.warnings)
        self.records: dict[str, dict[uuid.UUID, Record]] = {name: {} for name in s.TABLES}
        #: Ids that rows carry even where the row has errors, so that one bad cell does not also
        #: turn every reference to its row into an error.
        self.known_ids: dict[str, set[uuid.UUID]] = {name: set() for name in s.TABLES}
        #: Ids of rows left out with a warning: the rows that need them are left out too.
        self.dropped: dict[str, set[uuid.UUID]] = {name: set() for name in s.TABLES}
        #: Services with a service_area row, whatever became of it.
        self.services_with_areas: set[uuid.UUID] = set()

    def error(self, row: RawRow | Record, column: str | None, message: str) -> None:
        where = row.at(column) if column else row.where
        self.errors.append((row.order, f"{where}: {message}"))

    def warn(self, row: RawRow | Record, column: str | None, message: str) -> None:
        where = row.at(column) if column else row.where
        self.warnings.append((row.order, f"{where}: {message}"))

    def drop(self, record: Record, column: str | None, message: str) -> None:
        """Leave a checked row out, saying why."""
        self.warn(
            record,
            column,
            _("%(problem)s; the %(table)s was not imported") % {"problem": message, "table": record.table},
        )
        self.records[record.table].pop(record.values["id"], None)
        self.dropped[record.table].add(record.values["id"])

    def run(self) -> Checked:
        for table in s.TABLES.values():
            self.rows(table)
        self.entities()
        self.needs()
        self.uniques()
        self.references()
        self.links()
        checked = Checked(records=self.records, present=set(self.package.present))
        self.ownership(checked)
        checked.warnings = [message for _order, message in sorted(self.warnings, key=lambda item: item[0])]
        if self.errors:
            self.errors.sort(key=lambda item: item[0])
            raise HSDSError([message for _order, message in self.errors], checked.warnings)
        return checked

    def rows(self, table: s.Table) -> None:
        missing = self.package.missing_columns.get(table.name, set())
        first_line: dict[uuid.UUID, str] = {}
        for row in self.package.rows[table.name]:
            values: dict[str, Any] = {}
            ok = True
            for column in table.columns:
                if column.name in missing:
                    values[column.name] = None
                    ok = False
                    continue
                try:
                    values[column.name] = parse_value(column, row.values.get(column.name, ""))
                except Invalid as problem:
                    values[column.name] = None if column.kind in s.NULLABLE_KINDS else ""
                    if column.required or isinstance(problem, Refused):
                        self.error(row, column.name, str(problem))
                        ok = False
                    else:
                        self.warn(row, column.name, _("%(problem)s; it was left out") % {"problem": problem})
            if table.name == "service_area" and values.get("service_id"):
                self.services_with_areas.add(values["service_id"])
            row_id = values.get("id")
            if row_id is None:
                continue
            self.known_ids[table.name].add(row_id)
            if row_id in first_line:
                self.error(
                    row, "id", _("%(id)s is already the id of %(where)s") % {"id": row_id, "where": first_line[row_id]}
                )
                continue
            first_line[row_id] = row.where
            if ok:
                self.row_rules(row, values)
                self.records[table.name][row_id] = Record(table.name, row.where, row.order, values)

    def row_rules(self, row: RawRow, values: dict[str, Any]) -> None:
        """Our rules between the values of one row: warned about, the values left out."""
        if row.table == "service":
            low, high = values["minimum_age"], values["maximum_age"]
            if low is not None and high is not None and low > high:
                self.warn(
                    row,
                    "minimum_age",
                    _("%(low)s is more than maximum_age %(high)s; both ages were left out")
                    % {"low": low, "high": high},
                )
                values["minimum_age"] = values["maximum_age"] = None
        elif row.table == "location":
            given = [name for name in ("latitude", "longitude") if values[name] is not None]
            if len(given) == 1:
                other = "longitude" if given[0] == "latitude" else "latitude"
                self.warn(
                    row,
                    other,
                    _("the location has a %(given)s but no %(other)s; both were left out")
                    % {"given": given[0], "other": other},
                )
                values["latitude"] = values["longitude"] = None
        elif row.table == "schedule":
            byday = values["byday"]
            if values["freq"] == "WEEKLY" and byday and any(not day[0].isalpha() for day in byday.split(",")):
                self.warn(
                    row,
                    "byday",
                    _("%(value)s: numbered days (like 2MO) need freq MONTHLY; the days were left out")
                    % {"value": shown(byday)},
                )
                values["byday"] = ""

    def entities(self) -> None:
        """We keep the attributes of services only."""
        for record in list(self.records["attribute"].values()):
            entity = record.values["link_entity"].strip()
            if entity.lower() != "service":
                self.drop(
                    record,
                    "link_entity",
                    _("it describes %(entity)s, and we keep attributes of services only") % {"entity": shown(entity)},
                )

    def needs(self) -> None:
        """Rows HSDS lets go without what we need to keep them (schema.Column.needed)."""
        for table in s.TABLES.values():
            needed = [column.name for column in table.columns if column.needed]
            for record in list(self.records[table.name].values()):
                for name in needed:
                    if record.values[name] is None:
                        self.drop(record, name, _("it has no %(column)s, which we need to keep it") % {"column": name})
                        break

    def uniques(self) -> None:
        """Rows our database keeps one of: the first stays, the others are left out."""
        from resources.models import Taxonomy, TaxonomyTerm

        r = self.records
        self._unique(
            "service_at_location", ("service_id", "location_id"), _("this service is already at this location")
        )
        self._unique("attribute", ("link_id", "taxonomy_term_id"), _("this service already has this taxonomy term"))
        # A location may have a physical and a postal address; we keep one, the physical if any.
        addresses = sorted(
            r["address"].values(), key=lambda record: (record.values["address_type"] != "physical", record.order)
        )
        kept: dict[uuid.UUID, Record] = {}
        for record in addresses:
            location = record.values["location_id"]
            if location is None:
                continue
            if location in kept:
                self.drop(
                    record,
                    "location_id",
                    _("the location already has an address (%(where)s), and we keep one")
                    % {"where": kept[location].where},
                )
            else:
                kept[location] = record
        self._unique("taxonomy", ("name",), _("another taxonomy has this name"))
        self._unique("taxonomy_term", ("taxonomy_id", "code"), _("another term of this taxonomy has this code"))
        # Rows of the database the package does not replace must not clash either.
        taxonomies = r["taxonomy"]
        if taxonomies:
            names = {record.values["name"]: record for record in taxonomies.values()}
            for other_id, name in Taxonomy.objects.filter(name__in=names).values_list("pk", "name"):
                if other_id not in taxonomies and names[name].values["id"] in taxonomies:
                    self.drop(names[name], "name", _("the taxonomy %(id)s already has this name") % {"id": other_id})
        terms = r["taxonomy_term"]
        if terms:
            pairs = {
                (record.values["taxonomy_id"], record.values["code"]): record
                for record in terms.values()
                if record.values["code"]
            }
            existing = TaxonomyTerm.objects.filter(
                taxonomy_id__in={taxonomy for taxonomy, _code in pairs}, code__in={code for _t, code in pairs}
            ).values_list("pk", "taxonomy_id", "code")
            for other_id, taxonomy_id, code in existing:
                record = pairs.get((taxonomy_id, code))
                if record is not None and other_id not in terms and record.values["id"] in terms:
                    self.drop(
                        record, "code", _("the term %(id)s of this taxonomy already has this code") % {"id": other_id}
                    )

    def _unique(self, table: str, columns: tuple[str, ...], message: str) -> None:
        seen: dict[tuple, Record] = {}
        for record in sorted(self.records[table].values(), key=lambda record: record.order):
            key = tuple(record.values[column] for column in columns)
            if any(value in (None, "") for value in key):
                continue
            if key in seen:
                self.drop(record, columns[-1], f"{message} ({seen[key].where})")
            else:
                seen[key] = record

    def references(self) -> None:
        """Every reference must resolve. One that points nowhere is an error when HSDS requires
        it; otherwise the link is dropped, or the row when we cannot keep it without."""
        in_database = self._database_ids()
        self._resolve_service_at_locations()
        changed = True
        while changed:  # rows left out may leave out the rows that point at them
            changed = False
            for table in s.TABLES.values():
                refs = [column for column in table.columns if column.kind == s.REF]
                for record in list(self.records[table.name].values()):
                    for column in refs:
                        value = record.values[column.name]
                        if value is None or record.values["id"] not in self.records[table.name]:
                            continue
                        assert column.ref is not None
                        if value in self.records[column.ref] or value in in_database.get(column.ref, set()):
                            continue
                        if value in self.dropped[column.ref]:
                            message = _("%(value)s is a %(table)s that was not imported") % {
                                "value": value,
                                "table": column.ref,
                            }
                        elif value in self.known_ids[column.ref]:
                            continue  # its row has errors of its own: nothing is imported anyway
                        else:
                            name = self.package.names.get(column.ref, s.TABLES[column.ref].path)
                            where = _("this package or the database") if column.ref in s.REFS_ALSO_IN_DATABASE else name
                            message = _("%(value)s is not the id of a %(table)s in %(where)s") % {
                                "value": value,
                                "table": column.ref,
                                "where": where,
                            }
                            if column.required:
                                self.error(record, column.name, message)
                                self.records[table.name].pop(record.values["id"], None)
                                continue
                        changed = True
                        if column.required or column.needed:
                            self.drop(record, column.name, message)
                        else:
                            self.warn(
                                record, column.name, _("%(problem)s; the link was left out") % {"problem": message}
                            )
                            record.values[column.name] = None

    def _resolve_service_at_locations(self) -> None:
        """A phone or schedule of a service at a location belongs to both."""
        links = self.records["service_at_location"]
        for table in ("phone", "schedule"):
            for record in self.records[table].values():
                link_id, record.values["service_at_location_id"] = record.values["service_at_location_id"], None
                link = links.get(link_id) if link_id else None
                if link_id and link is None:
                    self.warn(
                        record,
                        "service_at_location_id",
                        _("%(value)s is not the id of a service_at_location in %(where)s; the link was left out")
                        % {"value": link_id, "where": self.package.names.get("service_at_location", "")},
                    )
                elif link is not None:
                    record.values["service_id"] = record.values["service_id"] or link.values["service_id"]
                    record.values["location_id"] = record.values["location_id"] or link.values["location_id"]

    def _database_ids(self) -> dict[str, set[uuid.UUID]]:
        from resources.models import Taxonomy, TaxonomyTerm

        wanted: dict[str, set[uuid.UUID]] = defaultdict(set)
        for table in s.TABLES.values():
            for column in table.columns:
                if column.kind == s.REF and column.ref in s.REFS_ALSO_IN_DATABASE:
                    for record in self.records[table.name].values():
                        value = record.values[column.name]
                        if value is not None and value not in self.known_ids[column.ref]:
                            wanted[column.ref].add(value)
        found: dict[str, set[uuid.UUID]] = {}
        for name, model in (("taxonomy", Taxonomy), ("taxonomy_term", TaxonomyTerm)):
            if wanted[name]:
                found[name] = set(model.objects.filter(pk__in=wanted[name]).values_list("pk", flat=True))
        return found

    def links(self) -> None:
        """Rows that must belong to something we store, and what they say of each other."""
        r = self.records
        for table in ("phone", "schedule", "language"):
            columns = s.CHILD_TABLES[table]
            for record in list(r[table].values()):
                if all(record.values[column] is None for column in columns):
                    self.drop(
                        record,
                        columns[0],
                        _("none of %(columns)s links it to something we keep") % {"columns": ", ".join(columns)},
                    )
        for record in list(r["taxonomy_term"].values()):
            if record.values["parent_id"] == record.values["id"]:
                self.warn(record, "parent_id", _("a term cannot be its own parent; the link was left out"))
                record.values["parent_id"] = None

    def ownership(self, checked: Checked) -> None:
        """Each service is listed in one country and owned by one member society (module docstring)."""
        areas: dict[uuid.UUID, list[Record]] = defaultdict(list)
        for record in sorted(self.records["service_area"].values(), key=lambda record: record.order):
            areas[record.values["service_id"]].append(record)
            problem = area_problem(record.values["uri"])
            if problem:
                self.warn(record, "uri", problem)
        societies: dict[str, list[Organisation]] = defaultdict(list)
        everyone = list(Organisation.objects.only("id", "name", "countries"))
        for society in everyone:
            for country in society.countries:
                societies[country].append(society)
        only_society = everyone[0] if len(everyone) == 1 else None
        for service_id, service in self.records["service"].items():
            service_areas = areas.get(service_id, [])
            countries = list(dict.fromkeys(c for c, _r in (area_codes(a.values["uri"]) for a in service_areas) if c))
            owner = self.organisation or (only_society if not countries else None)
            if not countries and owner is None:
                if service_id not in self.services_with_areas or service_areas:
                    self.error(
                        service,
                        "id",
                        _(
                            "no service area of the service is an ISO 3166 code of a member country (like "
                            "iso3166:GB), so its country and member society are unknown; add one, or name the "
                            "society with --organisation"
                        ),
                    )
                continue
            if not countries:
                assert owner is not None
                if not owner.countries:
                    self.error(
                        service,
                        "id",
                        _("%(society)s serves no country, so the service has none") % {"society": owner.name},
                    )
                    continue
                country = owner.countries[0]
                self.warn(
                    service,
                    "id",
                    _(
                        "no service area says the service's country (iso3166:XX); it is listed in "
                        "%(country)s, the country of %(society)s"
                    )
                    % {"country": country, "society": owner.name},
                )
            else:
                preferred = [c for c in countries if owner and c in owner.countries]
                country = (preferred or countries)[0]
                if len(countries) > 1:
                    self.warn(
                        service_areas[-1],
                        "uri",
                        _(
                            "the service's areas are in %(countries)s; a listing covers one country, so it is "
                            "listed in %(country)s"
                        )
                        % {"countries": _(" and ").join(sorted(countries)), "country": country},
                    )
            checked.countries[service_id] = country
            if owner is not None:
                checked.owners[service_id] = owner.pk
                continue
            first = next(a for a in service_areas if area_codes(a.values["uri"])[0] == country)
            candidates = societies.get(country, [])
            if len(candidates) == 1:
                checked.owners[service_id] = candidates[0].pk
            elif not candidates:
                self.error(
                    first,
                    "uri",
                    _(
                        "no member society serves %(country)s, so nobody would own the service (name one with "
                        "--organisation)"
                    )
                    % {"country": country},
                )
            else:
                names = ", ".join(sorted(society.name for society in candidates))
                self.error(
                    first,
                    "uri",
                    _("%(count)s member societies serve %(country)s (%(names)s); choose the owner with --organisation")
                    % {"count": len(candidates), "country": country, "names": names},
                )


def check_package(package: RawPackage, *, organisation: Organisation | None = None) -> Checked:
    """Check every row; raise ``HSDSError`` with every problem found, or return the values."""
    return _Checker(package, organisation).run()
