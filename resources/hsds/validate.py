"""Check every row of a package before anything is written, and turn its text into values.

Each problem becomes one message ``file:row:field: what is wrong`` (see reader.py for how rows
are named). Checks: required values, UUID ids used once per table, references that resolve
(within the package; taxonomy terms and taxonomies may also be ones the database has), ISO
dates and times, ages, e-mail and web addresses, country and region codes of the member
countries, allowed values (status, location type, phone type, schedule frequency and days),
the length limits of the model fields, the database's unique rules, and that every service's
country has exactly one member society to own it.
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

from accounts.models import Organisation
from patientportal.reference import COUNTRY_CHOICES
from patientportal.regions import REGIONS

from . import schema as s
from .reader import RawPackage, RawRow

COUNTRIES = sorted(code for code, _name in COUNTRY_CHOICES)
REGION_CODES = {code for regions in REGIONS.values() for code, _name in regions}

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_WHOLE = re.compile(r"\d+")
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8})*")
_CURRENCY = re.compile(r"[A-Z]{3}")
_AREA = re.compile(r"iso3166:([A-Z]{2})(-[A-Z0-9]{1,3})?")
_DAY = re.compile(r"([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)")
_email = EmailValidator()
_url = URLValidator(schemes=["http", "https"])
MAX_AGE = 130


class Invalid(Exception):
    """One value's problem; the message completes "file:row:field: "."""


@dataclass
class Record:
    table: str
    where: str
    order: tuple[int, int]
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
    """The package cannot be imported (or exported); ``errors`` says why, one line each."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(f"{len(errors)} problem(s): " + "; ".join(errors[:3]))
        self.errors = errors


# --- one value ----------------------------------------------------------------------------


def parse_value(column: s.Column, text: str) -> Any:
    """The stored value of one cell, or ``Invalid``. Empty cells: None or ""."""
    kind = column.kind
    if kind in (s.ID, s.REF) and text and not text.isspace():
        return _parse_uuid(text.strip())  # the commonest kind: cached, as ids repeat in references
    value = text if kind == s.TEXT else text.strip()
    if not value or (kind == s.TEXT and not value.strip()):
        if column.required:
            raise Invalid("a value is required")
        if kind == s.ENUM and column.name == "freq":
            return "WEEKLY"
        return None if kind in s.NULLABLE_KINDS else ""
    if "\x00" in value:
        raise Invalid("contains a NUL character")
    if column.max_length and len(value) > column.max_length:
        raise Invalid(f"is {len(value)} characters long; the limit is {column.max_length}")
    if kind == s.EMAIL:
        try:
            _email(value)
        except ValidationError:
            raise Invalid(f"{value!r} is not a valid e-mail address") from None
    elif kind == s.URL:
        try:
            _url(value)
        except ValidationError:
            raise Invalid(f"{value!r} is not a valid web address (http:// or https://)") from None
    elif kind == s.AGE:
        if not _WHOLE.fullmatch(value) or int(value) > MAX_AGE:
            raise Invalid(f"{value!r} is not a whole number of years from 0 to {MAX_AGE}")
        return int(value)
    elif kind == s.DATE:
        try:
            if not _DATE.fullmatch(value):
                raise ValueError
            return dt.date.fromisoformat(value)
        except ValueError:
            raise Invalid(f"{value!r} is not a valid date in the form YYYY-MM-DD") from None
    elif kind == s.TIME:
        if not _TIME.fullmatch(value):
            raise Invalid(f"{value!r} is not a local time written HH:MM or HH:MM:SS (no time zone)")
        return dt.time.fromisoformat(value)
    elif kind == s.DECIMAL:
        return _parse_decimal(column, value)
    elif kind == s.ENUM:
        if value not in column.choices:
            raise Invalid(f"{value!r} is not one of: {', '.join(column.choices)}")
    elif kind == s.COUNTRY:
        if value not in COUNTRIES:
            raise Invalid(f"{value!r} is not the ISO 3166 code of a member country ({', '.join(COUNTRIES)})")
    elif kind == s.LANGUAGE:
        if not _LANGUAGE.fullmatch(value):
            raise Invalid(f"{value!r} is not an ISO 639 language code (like en or fr)")
    elif kind == s.CURRENCY:
        if not _CURRENCY.fullmatch(value):
            raise Invalid(f"{value!r} is not a three-letter ISO 4217 currency code (like EUR)")
    elif kind == s.AREA:
        _check_area(value)
    elif kind == s.BYDAY:
        days = value.split(",")
        if not all(_DAY.fullmatch(day) for day in days) or len(set(days)) != len(days):
            raise Invalid(f"{value!r} is not a list of days like MO,TU,WE (RFC 5545 BYDAY)")
    return value


@functools.lru_cache(maxsize=1 << 16)
def _parse_uuid(value: str) -> uuid.UUID:
    if not _UUID.fullmatch(value):
        raise Invalid(f"{value!r} is not a UUID (like 3f7b145d-84af-42d7-8fae-eaca714b02b2)")
    return uuid.UUID(value)


def _parse_decimal(column: s.Column, value: str) -> decimal.Decimal:
    if not _NUMBER.fullmatch(value):
        raise Invalid(f"{value!r} is not a number (write it like 12.50)")
    number = decimal.Decimal(value)
    if column.name == "amount":
        if number < 0:
            raise Invalid(f"{value} is negative")
        if -number.as_tuple().exponent > column.places:  # type: ignore[operator]
            raise Invalid(f"{value} has more than {column.places} decimal places")
    else:
        # Coordinates are kept to six decimal places (about 10 cm); finer ones are rounded.
        number = number.quantize(decimal.Decimal(1).scaleb(-column.places))
    if column.name == "amount" and number >= column.limit:
        raise Invalid(f"{value} is too large (less than {column.limit} please)")
    if column.name != "amount" and abs(number) > column.limit:
        raise Invalid(f"{value} is out of range (-{column.limit} to {column.limit})")
    return number


def _check_area(value: str) -> None:
    match = _AREA.fullmatch(value)
    if not match:
        raise Invalid(f"{value!r} is not iso3166:XX (a country) or iso3166:XX-YYY (one of its regions)")
    country = match.group(1)
    if country not in COUNTRIES:
        raise Invalid(f"{country!r} is not a member country ({', '.join(COUNTRIES)})")
    region = value.removeprefix("iso3166:")
    if match.group(2) and region not in REGION_CODES:
        raise Invalid(f"{region!r} is not a region of {country} we know")


def area_country(uri: str) -> str:
    return uri.removeprefix("iso3166:").split("-", 1)[0]


# --- the whole package ------------------------------------------------------------------


class _Checker:
    def __init__(self, package: RawPackage, organisation: Organisation | None) -> None:
        self.package = package
        self.organisation = organisation
        self.errors: list[tuple[tuple[int, int], str]] = list(package.errors)
        self.records: dict[str, dict[uuid.UUID, Record]] = {name: {} for name in s.TABLES}
        #: Ids that rows carry even where the row has other errors, so that one bad cell does
        #: not also turn every reference to its row into an error.
        self.known_ids: dict[str, set[uuid.UUID]] = {name: set() for name in s.TABLES}
        #: Services with a service_area row, valid or not (a bad one is reported on its own).
        self.services_with_areas: set[uuid.UUID] = set()

    def error(self, row: RawRow | Record, column: str | None, message: str) -> None:
        where = row.at(column) if column else row.where
        self.errors.append((row.order, f"{where}: {message}"))

    def run(self) -> Checked:
        for table in s.TABLES.values():
            self.rows(table)
        self.references()
        self.links_and_uniques()
        checked = Checked(records=self.records, present=set(self.package.present))
        checked.warnings = list(self.package.warnings)
        self.ownership(checked)
        if self.errors:
            self.errors.sort(key=lambda item: item[0])
            raise HSDSError([message for _order, message in self.errors])
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
                    self.error(row, column.name, str(problem))
                    values[column.name] = None
                    ok = False
            if table.name == "service_area" and values.get("service_id"):
                self.services_with_areas.add(values["service_id"])
            row_id = values.get("id")
            if row_id is None:
                continue
            self.known_ids[table.name].add(row_id)
            if row_id in first_line:
                self.error(row, "id", f"{row_id} is already the id of {first_line[row_id]}")
                continue
            first_line[row_id] = row.where
            if ok and table.name == "service":
                low, high = values["minimum_age"], values["maximum_age"]
                if low is not None and high is not None and low > high:
                    self.error(row, "minimum_age", f"{low} is more than maximum_age {high}")
                    ok = False
            if ok:
                self.records[table.name][row_id] = Record(table.name, row.where, row.order, values)

    def references(self) -> None:
        in_database = self._database_ids()
        for table in s.TABLES.values():
            refs = [column for column in table.columns if column.kind == s.REF]
            for record in list(self.records[table.name].values()):
                for column in refs:
                    value = record.values[column.name]
                    assert column.ref is not None
                    if value is None or value in self.known_ids[column.ref]:
                        continue
                    if value in in_database.get(column.ref, set()):
                        continue
                    name = self.package.names.get(column.ref, f"{column.ref}.csv")
                    where = "this package or the database" if column.ref in s.REFS_ALSO_IN_DATABASE else name
                    self.error(record, column.name, f"{value} is not the id of a {column.ref} in {where}")
                    self.records[table.name].pop(record.values["id"], None)

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

    def links_and_uniques(self) -> None:
        from resources.models import Taxonomy, TaxonomyTerm

        r = self.records
        for table in ("phone", "schedule", "language"):
            links = s.CHILD_TABLES[table]
            for record in r[table].values():
                if all(record.values[column] is None for column in links):
                    self.error(record, links[0], f"a {table} needs at least one of {', '.join(links)}")
        for record in r["schedule"].values():
            byday = record.values["byday"]
            if record.values["freq"] == "WEEKLY" and byday and any(not day[0].isalpha() for day in byday.split(",")):
                self.error(record, "byday", f"{byday!r}: numbered days (like 2MO) need freq MONTHLY")
        for record in r["taxonomy_term"].values():
            if record.values["parent_id"] == record.values["id"]:
                self.error(record, "parent_id", "a term cannot be its own parent")

        self._unique("service_at_location", ("service_id", "location_id"), "this service is already at this location")
        self._unique("attribute", ("link_id", "taxonomy_term_id"), "this service already has this taxonomy term")
        self._unique("address", ("location_id",), "this location already has an address (we keep one per location)")
        self._unique("taxonomy", ("name",), "another taxonomy has this name")
        self._unique("taxonomy_term", ("taxonomy_id", "code"), "another term of this taxonomy has this code")
        # Rows of the database the package does not replace must not clash either.
        taxonomies = r["taxonomy"]
        if taxonomies:
            names = {record.values["name"]: record for record in taxonomies.values()}
            for other_id, name in Taxonomy.objects.filter(name__in=names).values_list("pk", "name"):
                if other_id not in taxonomies:
                    self.error(names[name], "name", f"the taxonomy {other_id} already has this name")
        terms = r["taxonomy_term"]
        if terms:
            pairs = {(record.values["taxonomy_id"], record.values["code"]): record for record in terms.values()}
            existing = TaxonomyTerm.objects.filter(
                taxonomy_id__in={taxonomy for taxonomy, _code in pairs}, code__in={code for _t, code in pairs}
            ).values_list("pk", "taxonomy_id", "code")
            for other_id, taxonomy_id, code in existing:
                record = pairs.get((taxonomy_id, code))
                if record is not None and other_id not in terms:
                    self.error(record, "code", f"the term {other_id} of this taxonomy already has this code")

    def _unique(self, table: str, columns: tuple[str, ...], message: str) -> None:
        seen: dict[tuple, Record] = {}
        for record in list(self.records[table].values()):
            key = tuple(record.values[column] for column in columns)
            if key in seen:
                self.error(record, columns[-1], f"{message} ({seen[key].where})")
                del self.records[table][record.values["id"]]
            else:
                seen[key] = record

    def ownership(self, checked: Checked) -> None:
        """Each service covers one country; the member society serving it owns the service."""
        areas: dict[uuid.UUID, list[Record]] = defaultdict(list)
        for record in self.records["service_area"].values():
            areas[record.values["service_id"]].append(record)
        societies: dict[str, list[Organisation]] = defaultdict(list)
        if self.organisation is None:
            for organisation in Organisation.objects.only("id", "name", "countries"):
                for country in organisation.countries:
                    societies[country].append(organisation)
        for service_id, service in self.records["service"].items():
            service_areas = sorted(areas.get(service_id, []), key=lambda record: record.order)
            countries = sorted({area_country(area.values["uri"]) for area in service_areas})
            if not countries and service_id in self.services_with_areas:
                continue  # its areas have errors of their own
            if not countries:
                self.error(
                    service,
                    "id",
                    "the service has no service_area, so its country and member society are unknown "
                    "(add one with uri iso3166:XX)",
                )
                continue
            if len(countries) > 1:
                self.error(
                    service_areas[-1],
                    "uri",
                    f"the service's areas are in {' and '.join(countries)}; a listing covers one country",
                )
                continue
            country = countries[0]
            checked.countries[service_id] = country
            if self.organisation is not None:
                checked.owners[service_id] = self.organisation.pk
                continue
            candidates = societies.get(country, [])
            if len(candidates) == 1:
                checked.owners[service_id] = candidates[0].pk
            elif not candidates:
                self.error(
                    service_areas[0],
                    "uri",
                    f"no member society serves {country}, so nobody would own the service "
                    "(name one with --organisation)",
                )
            else:
                names = ", ".join(sorted(organisation.name for organisation in candidates))
                self.error(
                    service_areas[0],
                    "uri",
                    f"{len(candidates)} member societies serve {country} ({names}); "
                    "choose the owner with --organisation",
                )


def check_package(package: RawPackage, *, organisation: Organisation | None = None) -> Checked:
    """Check every row; raise ``HSDSError`` with every problem found, or return the values."""
    return _Checker(package, organisation).run()
