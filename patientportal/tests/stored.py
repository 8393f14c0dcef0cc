"""What the database holds in a column, read the two ways that matter for encrypted ones: as
stored (raw SQL, so ciphertext) and as the site reads it (through the ORM, so decrypted)."""

from __future__ import annotations

from django.db import connection, models


def stored(model: type[models.Model], field: str) -> list[str | None]:
    """Every value of the column as PostgreSQL holds it (no field decrypts it)."""
    column = model._meta.get_field(field).column
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quote(column)} FROM {quote(model._meta.db_table)}")  # noqa: S608 - quoted names
        return [value for (value,) in cursor.fetchall()]


def stored_value(model: type[models.Model], field: str, pk: object) -> str | None:
    """One row's value of the column as PostgreSQL holds it."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(model._meta.get_field(field).column)} FROM {quote(model._meta.db_table)} "  # noqa: S608
            f"WHERE {quote(model._meta.pk.column)} = %s",
            [pk],
        )
        (value,) = cursor.fetchone()
        return value


def stored_in_clear(model: type[models.Model], field: str, text: str) -> bool:
    """Whether any stored value of the column contains ``text`` as it is."""
    return any(value is not None and text in value for value in stored(model, field))


def rows_saying(model: type[models.Model], field: str, text: str, *, startswith: bool = False) -> int:
    """How many rows say ``text`` (or start with it) once read, and so decrypted, by the ORM."""
    values = model._base_manager.values_list(field, flat=True)
    return sum(1 for value in values if (value.startswith(text) if startswith else value == text))
