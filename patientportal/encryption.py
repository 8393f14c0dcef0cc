"""Encryption at rest for the words people write about a case (README, "Encryption at rest").

``EncryptedTextField`` and ``EncryptedCharField`` are the field types for any text a person or an
advocate writes about a case: the client's own words, contact summaries, notes. A value is
encrypted in Python before it reaches PostgreSQL, so the table, the django-pghistory history
table (its trigger copies the column as it is: the same ciphertext), backups and replicas hold
ciphertext only, and a value is decrypted when it is read.

The cryptography is PyPI ``django-field-encryption``'s: AES-256-GCM with a random 96-bit nonce,
each key id's AES key derived from its master key with HKDF-SHA256; a value is stored as
``<key id>:<URL-safe base64 of nonce, ciphertext and tag>``. The master keys are
FIELD_ENCRYPTION_KEYS, newest first (``patientportal.env.key_ring``): the newest encrypts, every
listed key decrypts what it encrypted. What these classes change in the library's fields:

- ``to_python`` never decrypts: a value in Python is always the plaintext, and only
  ``from_db_value`` decrypts. (The library's ``to_python`` decrypts, so ``full_clean()`` refused
  every plain string a person typed, and tried to decrypt one that looked like a value.)
- a value no listed key decrypts (a key dropped too early, a tampered or unencrypted value)
  raises ``DecryptionError`` naming the column and the key id, never quoting the value (the
  library's message quotes it: plaintext, if a row was never encrypted).
- migrations and the history models name these classes, not the library's, so that the
  library could be replaced without touching a migration.
- ``EncryptedCharField`` keeps a one-line input in forms.

Every lookup but ``isnull`` raises ``FieldError`` (the library's rule): an encrypted column cannot
be searched, compared or measured in SQL. Check lengths with validators (``full_clean()``) and
forms, never with a ``CheckConstraint``; search in Python.

``reencrypt()`` (``manage.py reencrypt_fields``) rewrites under the newest key every value, in the
tables and their history tables, that an older key encrypted; ``encrypt_columns()`` is for the
data migrations that turn a plain column into an encrypted one.
"""

from __future__ import annotations

import re
from typing import Any

import django_field_encryption as field_encryption
import pgtrigger
from django import forms
from django.apps import apps
from django.db import connection, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django_field_encryption import DecryptionError, FieldEncryptor, get_active_key_id, get_keys_config

__all__ = [
    "DecryptionError",
    "EncryptedCharField",
    "EncryptedTextField",
    "decrypt",
    "encrypt_columns",
    "encrypted_models",
    "reencrypt",
]

#: What ``patientportal.env.key_ring`` makes a key id: the start of the key's SHA-256.
_KEY_ID = re.compile(r"[0-9a-f]{8}")


def decrypt(value: str, *, where: str) -> str:
    """The plaintext of a stored value; ``DecryptionError`` (naming ``where``, never quoting the
    value) when no key of FIELD_ENCRYPTION_KEYS decrypts it."""
    key_id, separator, _rest = value.partition(":")
    if not (separator and _KEY_ID.fullmatch(key_id)):
        raise DecryptionError(f"{where}: a value that is not encrypted (or not by this site)")
    if key_id not in get_keys_config():
        raise DecryptionError(
            f"{where}: a value encrypted with key {key_id}, which FIELD_ENCRYPTION_KEYS does not hold", key_id=key_id
        )
    try:
        return FieldEncryptor.decrypt(value)
    except DecryptionError as error:
        raise DecryptionError(f"{where}: {error}", key_id=key_id) from error


class _PlaintextInPython:
    """Decrypt on the way out of the database only; a value in Python is always the plaintext."""

    def to_python(self, value: Any) -> Any:
        if value is None or isinstance(value, str):
            return value
        return str(value)

    def from_db_value(self, value: Any, expression: Any, connection: BaseDatabaseWrapper) -> Any:
        if value is None or value == "":
            return value
        field: models.Field = self  # type: ignore[assignment]
        return decrypt(value, where=f"{field.model._meta.label}.{field.name}")


class EncryptedTextField(_PlaintextInPython, field_encryption.EncryptedTextField):
    """A ``TextField`` stored encrypted (a ``text`` column of ciphertext)."""

    _field_path = "patientportal.encryption.EncryptedTextField"


class EncryptedCharField(_PlaintextInPython, field_encryption.EncryptedCharField):
    """A ``CharField`` stored encrypted (a ``text`` column of ciphertext): ``max_length`` is checked
    by its validator on the plaintext, not by the column."""

    _field_path = "patientportal.encryption.EncryptedCharField"

    def formfield(self, **kwargs: Any) -> forms.Field:
        return super().formfield(**{"widget": forms.TextInput, **kwargs})


ENCRYPTED_FIELDS = (EncryptedTextField, EncryptedCharField)


def encrypted_models() -> list[tuple[type[models.Model], list[models.Field]]]:
    """Every table with encrypted columns, the history models included: (model, its encrypted fields)."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = [field for field in model._meta.concrete_fields if isinstance(field, ENCRYPTED_FIELDS)]
        if fields:
            found.append((model, fields))
    return found


def _triggers_of(model: type[models.Model]) -> list[str]:
    """The URIs of the database triggers on a model's table (history, append-only, protection)."""
    return [
        f"{registered._meta.app_label}.{registered.__name__}:{trigger.name}"
        for registered, trigger in pgtrigger.registered()
        if registered is model
    ]


def reencrypt(*, batch_size: int = 500, check: bool = False) -> dict[str, int]:
    """Rewrite under the newest key every stored value that an older key of FIELD_ENCRYPTION_KEYS
    encrypted, in every table with encrypted columns and in their history tables. Returns, per
    ``app.Model.field``, how many values it rewrote (``check``: how many it would, writing nothing).

    Safe while the site runs and safe to run twice: each batch is one transaction that locks its
    rows, and a value already under the newest key is not touched. The rows' triggers are ignored
    for these updates (``pgtrigger.ignore``): re-encryption changes no one's words, so it adds no
    history row, and the append-only history tables and the intake kept as submitted accept it.
    A value no listed key decrypts stops it with ``DecryptionError`` (its batch is rolled back).
    """
    newest = f"{get_active_key_id()}:"
    quote = connection.ops.quote_name
    counts: dict[str, int] = {}
    for model, fields in encrypted_models():
        names = {field: f"{model._meta.label}.{field.name}" for field in fields}
        counts.update(dict.fromkeys(names.values(), 0))
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        columns = [quote(field.column) for field in fields]
        stale = " OR ".join(f"({column} <> '' AND {column} NOT LIKE %s)" for column in columns)
        last = None
        while True:
            after, after_params = (f"AND {pk} > %s", [last]) if last is not None else ("", [])
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {pk}, {', '.join(columns)} FROM {table} WHERE ({stale}) {after} "  # noqa: S608 - quoted names
                    f"ORDER BY {pk} LIMIT %s FOR UPDATE",
                    [f"{newest}%"] * len(columns) + after_params + [batch_size],
                )
                rows = cursor.fetchall()
                if not rows:
                    break
                rewritten: dict[models.Field, list[models.Model]] = {field: [] for field in fields}
                for pk_value, *values in rows:
                    for field, value in zip(fields, values, strict=True):
                        if value and not value.startswith(newest):
                            plaintext = decrypt(value, where=f"{names[field]} (row {pk_value})")
                            rewritten[field].append(model(pk=pk_value, **{field.attname: plaintext}))
                            counts[names[field]] += 1
                if not check:
                    with pgtrigger.ignore(*_triggers_of(model)):
                        for field, instances in rewritten.items():
                            if instances:  # each field encrypts its plaintext under the newest key
                                model._base_manager.bulk_update(instances, [field.name])
                last = rows[-1][0]
    return counts


def _convert(value: str | None, *, where: str, reverse: bool) -> str | None:
    """A stored value encrypted under the newest key (``reverse``: decrypted). One that a listed
    key decrypts is ciphertext already, and is left as it is (AES-GCM lets no plaintext pass)."""
    if value is None or (reverse and value == ""):
        return value
    if reverse:
        return decrypt(value, where=where)
    try:
        decrypt(value, where=where)
    except DecryptionError:
        return FieldEncryptor.encrypt(value)
    return value


def encrypt_columns(schema_editor: Any, table: str, columns: list[str], *, reverse: bool = False) -> None:
    """For a data migration: encrypt in place (``reverse``: decrypt) every value of these columns of
    ``table``, under the newest key, empty ones included (every stored value of an encrypted column
    is ciphertext). The table's own triggers are disabled meanwhile, inside the migration's
    transaction: encrypting changes no one's words (so no history row), and the append-only and
    protected tables must accept it. A value that is ciphertext already (written by this code
    before the migration ran) is left as it is."""
    db = schema_editor.connection
    quote = db.ops.quote_name
    places = [f"{table}.{column}" for column in columns]
    with db.cursor() as cursor:
        pk = quote(db.introspection.get_primary_key_column(cursor, table))
        names = [quote(column) for column in columns]
        select = f"SELECT {pk}, {', '.join(names)} FROM {quote(table)}"  # noqa: S608 - quoted names
        # One UPDATE per row, all its columns at once: a row updated twice in one transaction would
        # queue its foreign keys' checks, and a table with pending checks cannot be altered.
        update = f"UPDATE {quote(table)} SET {', '.join(f'{name} = %s' for name in names)} WHERE {pk} = %s"  # noqa: S608
        cursor.execute(f"ALTER TABLE {quote(table)} DISABLE TRIGGER USER")
        last = None
        while True:
            cursor.execute(
                f"{select} {'WHERE ' + pk + ' > %s' if last is not None else ''} ORDER BY {pk} LIMIT 1000",
                [last] if last is not None else [],
            )
            rows = cursor.fetchall()
            if not rows:
                break
            changed = []
            for key, *values in rows:
                new = [_convert(v, where=where, reverse=reverse) for v, where in zip(values, places, strict=True)]
                if new != values:
                    changed.append((*new, key))
            if changed:
                cursor.executemany(update, changed)
            last = rows[-1][0]
        cursor.execute(f"ALTER TABLE {quote(table)} ENABLE TRIGGER USER")
