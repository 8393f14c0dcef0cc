"""Model instances read back from one SQL statement that returns several lists as JSON.

The case page reads a dozen small lists about one case (needs, follow-ups, notes, ...). Asked of
the ORM one by one, each costs a round trip to PostgreSQL and, more, the ORM's work to build its
SQL again on every request: together about two thirds of the page's time. ``case_record_for_user``
asks them in one fixed statement instead, written once, each list a JSON array of rows
(``json_agg(json_build_array(...))``), and these readers turn the rows back into the same model
instances the ORM would have made: every value through the field's own reading (decryption of
encrypted columns included), related people and services cached as ``select_related`` caches
them, and the columns not read deferred as ``only()`` defers them.

JSON carries strings, numbers, booleans, lists and objects; a column's value comes back as
PostgreSQL writes it in JSON, and is read here as the field reads it from the database:
timestamps (ISO 8601 with their offset), dates, UUIDs and encrypted texts by their field;
``jsonb`` (already parsed), arrays, numbers, booleans and plain texts as they are.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, models

from patientportal.encryption import EncryptedCharField, EncryptedTextField

Reader = Callable[[Any], Any]


def _reader(field: models.Field) -> Reader | None:
    """How a value of ``field`` written in JSON by PostgreSQL is read; None: as it is."""
    if isinstance(field, (EncryptedCharField, EncryptedTextField)):
        return lambda value: field.from_db_value(value, None, connection)
    target = field.target_field if field.is_relation else field
    if isinstance(target, models.DateTimeField):
        return datetime.datetime.fromisoformat
    if isinstance(target, models.DateField):
        return datetime.date.fromisoformat
    if isinstance(target, models.UUIDField):
        return uuid.UUID
    if isinstance(target, models.DecimalField):  # none yet; here so that one is not read as a float
        raise TypeError(f"{field}: a decimal cannot be read back from JSON exactly.")
    return None


class Rows:
    """One model's columns as a JSON array per row (``sql(alias)``) and those arrays as instances
    (``build``): the fields named, in the model's order; the others deferred."""

    def __init__(self, model: type[models.Model], names: Sequence[str] | None = None):
        wanted = None if names is None else set(names)
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if wanted is None or f.name in wanted]
        if wanted is not None and len(self.fields) != len(wanted):
            unknown = wanted - {f.name for f in self.fields}
            raise ValueError(f"{model.__name__} has no column {', '.join(sorted(unknown))}.")
        self.attnames = [f.attname for f in self.fields]
        self.readers = [(index, reader) for index, f in enumerate(self.fields) if (reader := _reader(f))]
        self.width = len(self.fields)
        self._pk = self.attnames.index(model._meta.pk.attname) if model._meta.pk.attname in self.attnames else None

    def columns(self, alias: str) -> str:
        """The columns, qualified by ``alias``, for a ``json_build_array``."""
        return ", ".join(f'{alias}."{f.column}"' for f in self.fields)

    def build(self, values: list) -> models.Model | None:
        """The instance of one row's values (a slice of ``width`` values); None when its primary
        key is null (a LEFT JOIN that found nothing)."""
        if self._pk is not None and values[self._pk] is None:
            return None
        for index, read in self.readers:
            if values[index] is not None:
                values[index] = read(values[index])
        return self.model.from_db(DEFAULT_DB_ALIAS, self.attnames, values)


def build(row: list, main: Rows, *related: tuple[str, Rows]) -> models.Model:
    """The instance of ``main`` from the start of ``row``, with each related instance (the
    ``Rows`` after it, in order) cached on the relation named, as ``select_related`` does; a
    relation name may be dotted (``"service.provider"``) to cache on an instance built before."""
    instance = main.build(row[: main.width])
    start = main.width
    for path, rows in related:
        owner_path, _, name = path.rpartition(".")
        owner = instance
        for step in owner_path.split(".") if owner_path else ():
            owner = owner and getattr(owner, step)
        if owner is not None:
            owner._meta.get_field(name).set_cached_value(owner, rows.build(row[start : start + rows.width]))
        start += rows.width
    return instance
