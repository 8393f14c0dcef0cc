"""The HSDS 3.0 tables we read and write: their files, their columns in export order, and what
each column holds.

One definition drives the reader, the checks, the import and the export, so that they cannot
drift apart. File names are the ones of the HSDS 3.0 ``datapackage.json`` (``services.csv``,
``organizations.csv``, ...); the names our exports used before are still read. The column
order is the one of ``resources/demo_data`` (the reference package).

``required`` follows HSDS 3.0: a row without the value is an error. ``needed`` marks the
references HSDS 3.0 leaves optional but without which we cannot keep the row (an address
belongs to a location here): such a row is left out with a warning.

Every text has a hard upper bound (``Column.bound``): a longer value is refused, whether it
comes from a CSV file or from JSON. It is far above what a page shows: list pages shorten long
names and descriptions, and the listing's own page shows them whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

# Kinds of value a column holds (see validate.py for what each accepts).
ID = "id"  # the row's own UUID
REF = "ref"  # a UUID pointing at a row of another table
TEXT = "text"
EMAIL = "email"
URL = "url"
AGE = "age"  # whole number of years, 0-130
DATE = "date"  # YYYY-MM-DD
TIME = "time"  # HH:MM or HH:MM:SS, local time (a time zone suffix is dropped)
DECIMAL = "decimal"  # an amount of money
COORDINATE = "coordinate"  # latitude or longitude in degrees
ENUM = "enum"  # one of HSDS's own values
CHOICE = "choice"  # one of the values we use; HSDS does not restrict it
COUNTRY = "country"  # ISO 3166-1 alpha-2
LANGUAGE = "language"  # ISO 639 code
CURRENCY = "currency"  # ISO 4217
AREA = "area"  # free text in HSDS; ``iso3166:XX`` or ``iso3166:XX-YYY`` says the country
BYDAY = "byday"  # RFC 5545 BYDAY list

#: Kinds stored as NULL when the cell is empty (the others are stored as "").
NULLABLE_KINDS = {ID, REF, AGE, DATE, TIME, DECIMAL, COORDINATE}

#: Hard upper bounds, in characters. Names, labels and address lines:
NAME_LENGTH = 1_000
#: Descriptions and other free text:
TEXT_LENGTH = 20_000
#: Texts with a unique index on them (a PostgreSQL index entry holds about 2,700 bytes):
KEY_LENGTH = 500
URL_LENGTH = 2_000
EMAIL_LENGTH = 254  # RFC 5321's limit

_BOUNDS = {TEXT: TEXT_LENGTH, URL: URL_LENGTH, EMAIL: EMAIL_LENGTH}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = TEXT
    required: bool = False
    #: Not required by HSDS, but the row cannot be kept without it (see the module docstring).
    needed: bool = False
    #: The hard upper bound, when it is not the kind's (see ``bound``).
    max_length: int | None = None
    #: Table a REF column points at.
    ref: str | None = None
    #: Allowed values of an ENUM or CHOICE column.
    choices: tuple[str, ...] = ()
    #: Decimal places of a DECIMAL or COORDINATE column, and the largest absolute value it may hold.
    places: int = 0
    limit: int = 0
    #: Model attribute the column is stored in; None for columns that are not stored.
    field: str | None = ""
    #: False for columns we read but do not write (HSDS links we resolve into other columns).
    exported: bool = True

    @property
    def attname(self) -> str | None:
        return self.name if self.field == "" else self.field

    @property
    def bound(self) -> int:
        """The most characters a cell may have; longer ones are refused."""
        return self.max_length or _BOUNDS.get(self.kind, NAME_LENGTH)

    @property
    def schema_type(self) -> str:
        """Frictionless Table Schema type, as written in datapackage.json."""
        return {AGE: "integer", DATE: "date", DECIMAL: "number", COORDINATE: "number"}.get(self.kind, "string")


@dataclass(frozen=True)
class Table:
    name: str
    #: The file name of the HSDS 3.0 datapackage.json, which our exports use.
    path: str
    columns: tuple[Column, ...]
    #: Other names of the file that we read: variants seen in HSDS packages.
    aliases: tuple[str, ...] = ()

    @property
    def file_names(self) -> tuple[str, ...]:
        """Names the table's CSV file may have, best first (``service.csv`` was ours before)."""
        return (self.path, f"{self.name}.csv", *self.aliases)

    @cached_property
    def exported_columns(self) -> tuple[Column, ...]:
        return tuple(column for column in self.columns if column.exported)

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)

    @cached_property
    def stored(self) -> list[tuple[str, str]]:
        """(column, model attribute) of the columns stored in the model, less the row's own id."""
        return [(column.name, column.attname) for column in self.columns if column.attname not in (None, "id")]


STATUSES = ("active", "inactive", "defunct", "temporarily closed")
LOCATION_TYPES = ("physical", "postal", "virtual")
ADDRESS_TYPES = ("physical", "postal", "virtual")
PHONE_TYPES = ("voice", "text", "fax", "cell", "video", "pager", "textphone")
FREQUENCIES = ("WEEKLY", "MONTHLY")

TABLES: dict[str, Table] = {
    table.name: table
    for table in (
        Table(
            "organization",
            "organizations.csv",
            (
                Column("id", ID, required=True),
                Column("name", required=True, max_length=NAME_LENGTH),
                Column("alternate_name", max_length=NAME_LENGTH),
                Column("description", required=True),
                Column("email", EMAIL),
                Column("website", URL),
            ),
        ),
        Table(
            "service",
            "services.csv",
            (
                Column("id", ID, required=True),
                Column("organization_id", REF, required=True, ref="organization", field="provider_id"),
                Column("name", required=True, max_length=NAME_LENGTH),
                Column("alternate_name", max_length=NAME_LENGTH),
                Column("description"),
                Column("url", URL),
                Column("email", EMAIL),
                Column("status", ENUM, required=True, choices=STATUSES),
                Column("interpretation_services"),
                Column("application_process"),
                Column("fees_description"),
                Column("eligibility_description"),
                Column("minimum_age", AGE),
                Column("maximum_age", AGE),
                Column("assured_date", DATE),
                Column("assurer_email", EMAIL),
                Column("alert"),
            ),
        ),
        Table(
            "location",
            "locations.csv",
            (
                Column("id", ID, required=True),
                Column("location_type", ENUM, required=True, choices=LOCATION_TYPES),
                Column("url", URL),
                Column("organization_id", REF, ref="organization", field="provider_id"),
                Column("name", max_length=NAME_LENGTH),
                Column("description"),
                Column("transportation"),
                Column("latitude", COORDINATE, places=6, limit=90),
                Column("longitude", COORDINATE, places=6, limit=180),
            ),
        ),
        # Folded into Location: ``id`` is Location.address_id, the rest are its address columns.
        Table(
            "address",
            "addresses.csv",
            (
                Column("id", ID, required=True, field="address_id"),
                Column("location_id", REF, needed=True, ref="location", field=None),
                Column("address_1", required=True, max_length=NAME_LENGTH),
                Column("address_2", max_length=NAME_LENGTH),
                Column("city", required=True, max_length=NAME_LENGTH),
                Column("region", max_length=NAME_LENGTH),
                Column("state_province", max_length=NAME_LENGTH),
                Column("postal_code", max_length=NAME_LENGTH),
                Column("country", COUNTRY, required=True, field="address_country"),
                Column("address_type", ENUM, required=True, choices=ADDRESS_TYPES, field=None),
            ),
            aliases=("addresss.csv",),  # the spelling of the first HSDS 3.0 datapackage.json
        ),
        Table(
            "service_at_location",
            "service_at_location.csv",
            (
                Column("id", ID, required=True),
                Column("service_id", REF, required=True, ref="service"),
                Column("location_id", REF, required=True, ref="location"),
                Column("description"),
            ),
            aliases=("service_at_locations.csv",),
        ),
        Table(
            "phone",
            "phones.csv",
            (
                Column("id", ID, required=True),
                Column("location_id", REF, ref="location"),
                Column("service_id", REF, ref="service"),
                Column("organization_id", REF, ref="organization", field="provider_id"),
                Column("number", required=True, max_length=NAME_LENGTH),
                Column("extension", max_length=NAME_LENGTH),
                Column("type", CHOICE, choices=PHONE_TYPES),
                Column("description", max_length=NAME_LENGTH),
                Column("service_at_location_id", REF, ref="service_at_location", field=None, exported=False),
            ),
        ),
        Table(
            "schedule",
            "schedules.csv",
            (
                Column("id", ID, required=True),
                Column("service_id", REF, ref="service"),
                Column("location_id", REF, ref="location"),
                Column("freq", ENUM, choices=FREQUENCIES),
                Column("byday", BYDAY),
                Column("opens_at", TIME),
                Column("closes_at", TIME),
                Column("description", max_length=NAME_LENGTH),
                Column("service_at_location_id", REF, ref="service_at_location", field=None, exported=False),
            ),
        ),
        Table(
            "language",
            "languages.csv",
            (
                Column("id", ID, required=True),
                Column("service_id", REF, ref="service"),
                Column("location_id", REF, ref="location"),
                Column("name", max_length=NAME_LENGTH),
                Column("code", LANGUAGE),
                Column("note", max_length=NAME_LENGTH),
            ),
        ),
        Table(
            "service_area",
            "service_areas.csv",
            (
                Column("id", ID, required=True),
                Column("service_id", REF, needed=True, ref="service"),
                Column("name", max_length=NAME_LENGTH),
                Column("description"),
                Column("uri", AREA),
            ),
        ),
        Table(
            "taxonomy",
            "taxonomies.csv",
            (
                Column("id", ID, required=True),
                Column("name", required=True, max_length=KEY_LENGTH),
                Column("description", required=True),
                Column("uri", URL),
                Column("version", max_length=NAME_LENGTH),
            ),
        ),
        Table(
            "taxonomy_term",
            "taxonomy_terms.csv",
            (
                Column("id", ID, required=True),
                Column("code", max_length=KEY_LENGTH),
                Column("name", required=True, max_length=NAME_LENGTH),
                Column("description", required=True),
                Column("parent_id", REF, ref="taxonomy_term"),
                Column("taxonomy_id", REF, needed=True, ref="taxonomy"),
                Column("language", LANGUAGE),
                Column("term_uri", URL),
            ),
        ),
        Table(
            "attribute",
            "attributes.csv",
            (
                Column("id", ID, required=True),
                Column("link_id", REF, required=True, ref="service", field="service_id"),
                # Attributes of other things than services are left out (validate.py).
                Column("link_entity", required=True, field=None),
                Column("link_type", max_length=NAME_LENGTH),
                Column("taxonomy_term_id", REF, required=True, ref="taxonomy_term"),
                Column("value", max_length=NAME_LENGTH),
            ),
        ),
        Table(
            "cost_option",
            "cost_options.csv",
            (
                Column("id", ID, required=True),
                Column("service_id", REF, required=True, ref="service"),
                Column("option", max_length=NAME_LENGTH),
                Column("currency", CURRENCY),
                Column("amount", DECIMAL, places=2, limit=10**8),
                Column("amount_description", max_length=NAME_LENGTH),
            ),
        ),
        Table(
            "required_document",
            "required_documents.csv",
            (
                Column("id", ID, required=True),
                Column("service_id", REF, needed=True, ref="service"),
                Column("document", max_length=NAME_LENGTH),
                Column("uri", URL),
            ),
        ),
        Table(
            "accessibility",
            "accessibility.csv",
            (
                Column("id", ID, required=True),
                Column("location_id", REF, needed=True, ref="location"),
                Column("description", max_length=NAME_LENGTH),
                Column("details"),
                Column("url", URL),
            ),
        ),
    )
}

#: File name (any of ``Table.file_names``, in lower case) -> table.
TABLE_OF_FILE: dict[str, str] = {file_name: table.name for table in TABLES.values() for file_name in table.file_names}

#: Tables whose rows belong to a service, a location or an organisation: when that parent is
#: in a package, its rows that the package no longer has are deleted. table -> parent columns.
CHILD_TABLES: dict[str, tuple[str, ...]] = {
    "service_at_location": ("service_id",),
    "phone": ("service_id", "location_id", "organization_id"),
    "schedule": ("service_id", "location_id"),
    "language": ("service_id", "location_id"),
    "service_area": ("service_id",),
    "attribute": ("link_id",),
    "cost_option": ("service_id",),
    "required_document": ("service_id",),
    "accessibility": ("location_id",),
}

#: References that may also point at rows already in the database (our taxonomies).
REFS_ALSO_IN_DATABASE = {"taxonomy", "taxonomy_term"}


def datapackage_resource(table: Table) -> dict:
    """The datapackage.json entry of a table (Frictionless tabular data resource)."""
    columns = table.exported_columns
    schema: dict = {
        "fields": [{"name": column.name, "type": column.schema_type} for column in columns],
        "primaryKey": "id",
    }
    foreign_keys = [
        {"fields": column.name, "reference": {"resource": column.ref, "fields": "id"}}
        for column in columns
        if column.kind == REF
    ]
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return {
        "name": table.name,
        "path": table.path,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }
