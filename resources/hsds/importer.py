"""Import a checked HSDS package: upsert by HSDS id, in bulk, in one transaction.

* A row whose id is new is created; a row whose values differ is updated; a row that is the
  same is not written at all, so a second import of the same package issues no INSERT,
  UPDATE or DELETE.
* Services, locations and organisations that the package does not mention are left alone (a
  package may hold one society's listings). But a service, location or organisation that *is*
  in the package is described completely by it: its phones, schedules, languages, areas,
  attributes, costs, documents, places and accessibility rows that the package no longer has
  are deleted. A table the package does not provide at all (no CSV for it) is left alone.
* The derived search columns of every service whose rows changed are recomputed.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation
from resources.models import (
    Accessibility,
    Attribute,
    CostOption,
    Language,
    Location,
    Phone,
    Provider,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from resources.services import service_refresh_derived

from . import schema as s
from .reader import read_package
from .validate import Checked, HSDSError, check_package

MODELS: dict[str, type[models.Model]] = {
    "organization": Provider,
    "service": Service,
    "location": Location,
    "service_at_location": ServiceAtLocation,
    "phone": Phone,
    "schedule": Schedule,
    "language": Language,
    "service_area": ServiceArea,
    "taxonomy": Taxonomy,
    "taxonomy_term": TaxonomyTerm,
    "attribute": Attribute,
    "cost_option": CostOption,
    "required_document": RequiredDocument,
    "accessibility": Accessibility,
}
ADDRESS_FIELDS = [attname for _name, attname in s.TABLES["address"].stored]
#: Tables whose rows feed a service's derived columns (service_refresh_derived).
DERIVED_FROM = ("service_at_location", "language", "service_area", "attribute", "cost_option")
BATCH = 1000
_LOCK = 0x48534453  # "HSDS": one import at a time


@dataclass
class TableCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


@dataclass
class ImportResult:
    source: str
    dry_run: bool
    tables: dict[str, TableCounts]
    #: Services whose derived search columns were recomputed.
    refreshed: int = 0
    warnings: list[str] = field(default_factory=list)
    #: Tables the package provides; the others were left alone.
    present: set[str] = field(default_factory=set)

    @property
    def changed(self) -> bool:
        return any(counts.changed for counts in self.tables.values())


@dataclass
class _TablePlan:
    model: type[models.Model]
    fields: list[str]
    create: list[models.Model] = field(default_factory=list)
    update: list[models.Model] = field(default_factory=list)
    delete: list[uuid.UUID] = field(default_factory=list)
    #: Services whose derived columns these changes touch (old and new parents).
    services: set[uuid.UUID] = field(default_factory=set)


def _stored_values(table: s.Table, values: dict[str, Any]) -> dict[str, Any]:
    return {attname: values[name] for name, attname in table.stored}


def _select(model: type[models.Model], fields: list[str], where: list[str], ids: list[list[uuid.UUID]]) -> list:
    """``SELECT fields WHERE where[0] = ANY(ids[0]) OR ...``: one array parameter per column, not
    one parameter per id, which keeps queries for tens of thousands of ids cheap to build."""
    meta, quote = model._meta, connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in fields)
    condition = " OR ".join(f"{quote(meta.get_field(name).column)} = ANY(%s::uuid[])" for name in where)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {condition}",  # noqa: S608 - names from _meta
            ids,
        )
        return cursor.fetchall()


def _existing(model: type[models.Model], ids: Iterable[uuid.UUID], fields: list[str]) -> dict[uuid.UUID, dict]:
    ids = list(ids)
    if not ids:
        return {}
    return {row[0]: dict(zip(fields, row[1:], strict=True)) for row in _select(model, ["id", *fields], ["id"], [ids])}


def _plan(checked: Checked, counts: dict[str, TableCounts]) -> dict[str, _TablePlan]:
    records = checked.records
    plans: dict[str, _TablePlan] = {}
    package_ids = {name: set(rows) for name, rows in records.items()}
    address_of = {record.values["location_id"]: record for record in records["address"].values()}

    for name, model in MODELS.items():
        table = s.TABLES[name]
        desired = {row_id: _stored_values(table, record.values) for row_id, record in records[name].items()}
        fields = [attname for _name, attname in table.stored]
        if name == "service":
            fields += ["owner_id", "country"]
            for row_id, values in desired.items():
                values["owner_id"] = checked.owners[row_id]
                values["country"] = checked.countries[row_id]
        if name == "location" and "address" in checked.present:
            fields += ADDRESS_FIELDS
            for row_id, values in desired.items():
                address = address_of.get(row_id)
                values.update(
                    _stored_values(s.TABLES["address"], address.values)
                    if address
                    else {field: None if field == "address_id" else "" for field in ADDRESS_FIELDS}
                )
        plan = plans[name] = _TablePlan(model=model, fields=fields)
        existing = _existing(model, desired, fields)
        service_field = "service_id" if "service_id" in fields else None
        for row_id, values in desired.items():
            old = existing.get(row_id)
            if old is None:
                plan.create.append(model(pk=row_id, **values))
            elif any(old[field] != values[field] for field in fields):
                plan.update.append(model(pk=row_id, **values))
            else:
                continue
            if service_field and name in DERIVED_FROM:
                plan.services.update(v for v in (values[service_field], (old or {}).get(service_field)) if v)
        if name == "location":
            _count_locations(counts, desired, existing, checked)
        else:
            counts[name] = TableCounts(
                created=len(plan.create),
                updated=len(plan.update),
                unchanged=len(desired) - len(plan.create + plan.update),
            )
        if name in s.CHILD_TABLES and name in checked.present:
            _plan_deletions(name, plan, package_ids)
            counts[name].deleted = len(plan.delete)
    return plans


def _count_locations(counts: dict[str, TableCounts], desired: dict, existing: dict, checked: Checked) -> None:
    own = [attname for _name, attname in s.TABLES["location"].stored]
    location, address = TableCounts(), TableCounts()
    for row_id, values in desired.items():
        old = existing.get(row_id)
        if old is None:
            location.created += 1
        elif any(old[field] != values[field] for field in own):
            location.updated += 1
        else:
            location.unchanged += 1
        if "address" not in checked.present:
            continue
        new_address, old_address = values["address_id"], (old or {}).get("address_id")
        if new_address and not old_address:
            address.created += 1
        elif old_address and not new_address:
            address.deleted += 1
        elif new_address and any(old[field] != values[field] for field in ADDRESS_FIELDS):
            address.updated += 1
        elif new_address:
            address.unchanged += 1
    counts["location"], counts["address"] = location, address


def _plan_deletions(name: str, plan: _TablePlan, package_ids: dict[str, set[uuid.UUID]]) -> None:
    """Rows of the package's services, locations and organisations that the package lacks."""
    table = s.TABLES[name]
    parent_fields, parent_ids = [], []
    for column_name in s.CHILD_TABLES[name]:
        column = table.column(column_name)
        assert column.ref and column.attname
        if package_ids[column.ref]:
            parent_fields.append(column.attname)
            parent_ids.append(list(package_ids[column.ref]))
    if not parent_fields:
        return
    keep = package_ids[name]
    for row_id, *parents in _select(plan.model, ["id", *parent_fields], parent_fields, parent_ids):
        if row_id in keep:
            continue
        plan.delete.append(row_id)
        if name in DERIVED_FROM and "service_id" in parent_fields:
            service_id = parents[parent_fields.index("service_id")]
            if service_id:
                plan.services.add(service_id)


def _apply(plans: dict[str, _TablePlan]) -> set[uuid.UUID]:
    """Write the plan; returns the services whose derived columns need recomputing.

    Deletes first, then updates, then inserts, so that a row taking over another's place (the
    same service and taxonomy term, say) finds it free. References are checked at commit.
    """
    for plan in plans.values():
        for start in range(0, len(plan.delete), BATCH):
            plan.model._default_manager.filter(pk__in=plan.delete[start : start + BATCH]).delete()
    now = timezone.now()
    for name, plan in plans.items():
        if not plan.update:
            continue
        fields = plan.fields
        if name == "service":
            for service in plan.update:
                service.last_modified = now  # type: ignore[attr-defined]
            fields = [*fields, "last_modified"]
        plan.model._default_manager.bulk_update(plan.update, fields, batch_size=BATCH)
    for plan in plans.values():
        if plan.create:
            plan.model._default_manager.bulk_create(plan.create, batch_size=BATCH)

    dirty: set[uuid.UUID] = set()
    for plan in plans.values():
        dirty |= plan.services
    dirty |= {service.pk for service in plans["service"].create + plans["service"].update}
    # Names and places that go into a service's search text.
    providers = [row.pk for row in plans["organization"].update]
    if providers:
        dirty |= set(Service.objects.filter(provider_id__in=providers).values_list("pk", flat=True))
    locations = [row.pk for row in plans["location"].update]
    if locations:
        links = ServiceAtLocation.objects.filter(location_id__in=locations)
        dirty |= set(links.values_list("service_id", flat=True))
    taxonomies = [row.pk for row in plans["taxonomy"].update]
    terms = [row.pk for row in plans["taxonomy_term"].update]
    if taxonomies or terms:
        attributes = Attribute.objects.filter(
            Q(taxonomy_term_id__in=terms) | Q(taxonomy_term__taxonomy_id__in=taxonomies)
        )
        dirty |= set(attributes.values_list("service_id", flat=True))
    return dirty


def hsds_import(*, path: str | Path, dry_run: bool = False, organisation: Organisation | None = None) -> ImportResult:
    """Check an HSDS package (a data package directory or a JSON file) and import it.

    Raises ``HSDSError`` listing every problem (and the warnings), having written nothing, if the
    package cannot be imported; the result's ``warnings`` say what was left out of one that
    could (see validate.py). With ``dry_run`` nothing is written and the result says what an import would do.
    ``organisation`` owns every service of the package; without it, each service's owner is
    the member society serving the country of its service areas.
    """
    package = read_package(path)
    counts: dict[str, TableCounts] = {}
    refreshed = 0
    try:
        with transaction.atomic():
            if not dry_run:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])
            checked = check_package(package, organisation=organisation)
            plans = _plan(checked, counts)
            if not dry_run:
                dirty = _apply(plans)
                if dirty:
                    refreshed = service_refresh_derived(service_ids=sorted(dirty))
    except IntegrityError as error:
        # The checks above should leave nothing for the database to refuse; if it does, say so
        # plainly. The transaction was rolled back: nothing was saved.
        message = _("%(source)s: the database refused the import: %(error)s") % {
            "source": package.source,
            "error": error,
        }
        raise HSDSError([message.strip()]) from error
    ordered = {name: counts[name] for name in s.TABLES if name in counts}
    return ImportResult(
        source=package.source,
        dry_run=dry_run,
        tables=ordered,
        refreshed=refreshed,
        warnings=checked.warnings,
        present=checked.present,
    )
