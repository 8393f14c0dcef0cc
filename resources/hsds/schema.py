"""The HSDS 3.0 tables we read and write: their columns, in export order, and what each holds.

One definition drives the reader, the checks, the import and the export, so that they cannot
drift apart. The column order is the one of ``resources/demo_data`` (the reference package).
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
TIME = "time"  # HH:MM or HH:MM:SS, local time
DECIMAL = "decimal"
ENUM = "enum"
COUNTRY = "country"  # ISO 3166-1 alpha-2 of a member country
LANGUAGE = "language"  # ISO 639 code
CURRENCY = "currency"  # ISO 4217
AREA = "area"  # iso3166:XX or iso3166:XX-YYY
BYDAY = "byday"  # RFC 5545 BYDAY list

#: Kinds stored as NULL when the cell is empty (the others are stored as "").
NULLABLE_KINDS = {ID, REF, AGE, DATE, TIME, DECIMAL}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = TEXT
    required: bool = False
    max_length: int | None = None
    #: Table a REF column points at.
    ref: str | None = None
    #: Allowed values of an ENUM column.
    choices: tuple[str, ...] = ()
    #: Decimal places of a DECIMAL column, and the largest absolute value it may hold.
    places: int = 0
    limit: int = 0
    #: Model attribute the column is stored in; None for columns that are not stored.
    field: str | None = ""

    @property
    def attname(self) -> str | None:
        return self.name if self.field == "" else self.field

    @property
    def schema_type(self) -> str:
        """Frictionless Table Schema type, as written in datapackage.json."""
        return {AGE: "integer", DATE: "date", DECIMAL: "number"}.get(self.kind, "string")


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]

    @property
    def path(self) -> str:
        return f"{self.name}.csv"

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
            (
                Column("id", ID, required=True),
                Column("name", required=True, max_length=250),
                Column("alternate_name", max_length=250),
                Column("description", required=True),
                Column("email", EMAIL, max_length=254),
                Column("website", URL, max_length=500),
            ),
        ),
        Table(
            "service",
            (
                Column("id", ID, required=True),
                Column("organization_id", REF, required=True, ref="organization", field="provider_id"),
                Column("name", required=True, max_length=250),
                Column("alternate_name", max_length=250),
                Column("description", required=True),
                Column("url", URL, max_length=500),
                Column("email", EMAIL, max_length=254),
                Column("status", ENUM, required=True, choices=STATUSES),
                Column("interpretation_services"),
                Column("application_process"),
                Column("fees_description"),
                Column("eligibility_description"),
                Column("minimum_age", AGE),
                Column("maximum_age", AGE),
                Column("assured_date", DATE),
                Column("assurer_email", EMAIL, max_length=254),
                Column("alert"),
            ),
        ),
        Table(
            "location",
            (
                Column("id", ID, required=True),
                Column("location_type", ENUM, required=True, choices=LOCATION_TYPES),
                Column("url", URL, max_length=500),
                Column("organization_id", REF, ref="organization", field="provider_id"),
                Column("name", max_length=250),
                Column("description"),
                Column("transportation"),
                Column("latitude", DECIMAL, places=6, limit=90),
                Column("longitude", DECIMAL, places=6, limit=180),
            ),
        ),
        # Folded into Location: ``id`` is Location.address_id, the rest are its address columns.
        Table(
            "address",
            (
                Column("id", ID, required=True, field="address_id"),
                Column("location_id", REF, required=True, ref="location", field=None),
                Column("address_1", required=True, max_length=250),
                Column("address_2", max_length=250),
                Column("city", required=True, max_length=100),
                Column("region", max_length=100),
                Column("state_province", max_length=100),
                Column("postal_code", max_length=20),
                Column("country", COUNTRY, required=True, field="address_country"),
                Column("address_type", ENUM, required=True, choices=ADDRESS_TYPES, field=None),
            ),
        ),
        Table(
            "service_at_location",
            (
                Column("id", ID, required=True),
                Column("service_id", REF, required=True, ref="service"),
                Column("location_id", REF, required=True, ref="location"),
                Column("description"),
            ),
        ),
        Table(
            "phone",
            (
                Column("id", ID, required=True),
                Column("location_id", REF, ref="location"),
                Column("service_id", REF, ref="service"),
                Column("organization_id", REF, ref="organization", field="provider_id"),
                Column("number", required=True, max_length=50),
                Column("extension", max_length=10),
                Column("type", ENUM, choices=PHONE_TYPES),
                Column("description", max_length=250),
            ),
        ),
        Table(
            "schedule",
            (
                Column("id", ID, required=True),
                Column("service_id", REF, ref="service"),
                Column("location_id", REF, ref="location"),
                Column("freq", ENUM, choices=FREQUENCIES),
                Column("byday", BYDAY, max_length=30),
                Column("opens_at", TIME),
                Column("closes_at", TIME),
                Column("description", max_length=250),
            ),
        ),
        Table(
            "language",
            (
                Column("id", ID, required=True),
                Column("service_id", REF, ref="service"),
                Column("location_id", REF, ref="location"),
                Column("name", max_length=100),
                Column("code", LANGUAGE, required=True, max_length=8),
                Column("note", max_length=250),
            ),
        ),
        Table(
            "service_area",
            (
                Column("id", ID, required=True),
                Column("service_id", REF, required=True, ref="service"),
                Column("name", required=True, max_length=250),
                Column("description"),
                Column("uri", AREA, required=True, max_length=100),
            ),
        ),
        Table(
            "taxonomy",
            (
                Column("id", ID, required=True),
                Column("name", required=True, max_length=200),
                Column("description", required=True),
                Column("uri", URL, max_length=500),
                Column("version", max_length=50),
            ),
        ),
        Table(
            "taxonomy_term",
            (
                Column("id", ID, required=True),
                Column("code", required=True, max_length=100),
                Column("name", required=True, max_length=200),
                Column("description", required=True),
                Column("parent_id", REF, ref="taxonomy_term"),
                Column("taxonomy_id", REF, required=True, ref="taxonomy"),
                Column("language", LANGUAGE, max_length=8),
                Column("term_uri", URL, max_length=500),
            ),
        ),
        Table(
            "attribute",
            (
                Column("id", ID, required=True),
                Column("link_id", REF, required=True, ref="service", field="service_id"),
                Column("link_entity", ENUM, required=True, choices=("service",), field=None),
                Column("link_type", max_length=50),
                Column("taxonomy_term_id", REF, required=True, ref="taxonomy_term"),
                Column("value", max_length=250),
            ),
        ),
        Table(
            "cost_option",
            (
                Column("id", ID, required=True),
                Column("service_id", REF, required=True, ref="service"),
                Column("option", max_length=250),
                Column("currency", CURRENCY, max_length=3),
                Column("amount", DECIMAL, places=2, limit=10**8),
                Column("amount_description", max_length=250),
            ),
        ),
        Table(
            "required_document",
            (
                Column("id", ID, required=True),
                Column("service_id", REF, required=True, ref="service"),
                Column("document", required=True, max_length=250),
                Column("uri", URL, max_length=500),
            ),
        ),
        Table(
            "accessibility",
            (
                Column("id", ID, required=True),
                Column("location_id", REF, required=True, ref="location"),
                Column("description", required=True, max_length=250),
                Column("details"),
                Column("url", URL, max_length=500),
            ),
        ),
    )
}

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
    schema: dict = {
        "fields": [{"name": column.name, "type": column.schema_type} for column in table.columns],
        "primaryKey": "id",
    }
    foreign_keys = [
        {"fields": column.name, "reference": {"resource": column.ref, "fields": "id"}}
        for column in table.columns
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
