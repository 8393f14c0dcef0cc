"""Typed reads of environment variables, used only by the settings modules.

Every variable the project reads is listed in README ("Configuration").
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def get_str(name: str, default: str | None = None, *, required: bool = False) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"The environment variable {name} must be set.")
        return default or ""
    return value


def get_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def get_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def get_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def get_key_ring(name: str, default: list[str] | None = None) -> tuple[dict[str, str], str]:
    """Encryption keys, comma-separated and newest first, as django-field-encryption wants them:
    ``({key id: key, ...} in the same order, the newest key's id)`` (see ``key_ring``). Without a
    default, the variable is required."""
    keys = get_list(name, default)
    if not keys:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return key_ring(keys, name=name)


def key_ring(keys: list[str], *, name: str = "FIELD_ENCRYPTION_KEYS") -> tuple[dict[str, str], str]:
    """``({key id: key, ...}, newest key id)`` for keys listed newest first.

    Each key is 32 random bytes in URL-safe base64 (44 characters). Its id, written before every
    value it encrypts, is the start of its SHA-256: the same key always has the same id, so the
    list can change order and length as keys are added and dropped. Errors name the position of
    a key in the list, never the key.
    """
    ring: dict[str, str] = {}
    for position, key in enumerate(keys, start=1):
        try:
            raw = base64.b64decode(key, altchars=b"-_", validate=True)
        except (binascii.Error, ValueError):
            raw = b""
        if len(key) != 44 or len(raw) != 32:
            raise ImproperlyConfigured(
                f"{name}: key {position} is not 32 bytes in URL-safe base64 (44 characters); make one with "
                "python3 -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())'"
            )
        key_id = hashlib.sha256(raw).hexdigest()[:8]
        if key_id in ring:
            raise ImproperlyConfigured(f"{name}: key {position} is listed twice (or shares its id with another).")
        ring[key_id] = key
    if not ring:
        raise ImproperlyConfigured(f"{name}: at least one key is needed.")
    return ring, next(iter(ring))
