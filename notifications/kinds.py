"""The kinds of notification, declared by the apps that send them (``<app>/notifications.py``).

A kind says which templates render it and how to build their context from the notification:
the builder re-reads the record the notification is about (the row holds ids only) and returns
``None`` when the message is no longer needed (the record is gone, or already dealt with).

Templates: ``<template>_subject.txt`` and ``<template>.txt``. They receive the context plus
``first_name`` (the recipient's) and ``site_name``. No e-mail carries details about a person
or their health: at most a first name, a reference and a link to sign in and read the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import reverse

if TYPE_CHECKING:
    from .models import Notification


@dataclass(frozen=True)
class Kind:
    code: str
    template: str
    context: Callable[[Notification], dict[str, Any] | None]
    #: What it is about, in words that suit its recipient (My data lists them) and the admins
    #: who see it fail (their list says to whom it was).
    label: str
    #: Whether a person may choose to get it in their daily digest instead of straight away
    #: (``NotificationPreference``), and the roles of the people it goes to (whose account page
    #: offers that choice).
    digestible: bool = False
    roles: frozenset[str] = frozenset()


REGISTRY: dict[str, Kind] = {}


def register(code: str, *, template: str, label: Any, digestible: bool = False, roles: Iterable[str] = ()) -> Callable:
    """Decorator for a context builder: ``@register("request_received", template=..., label=...)``."""

    def decorator(build: Callable[[Notification], dict[str, Any] | None]) -> Callable:
        if code in REGISTRY:
            raise ValueError(f"Notification kind {code!r} is registered twice")
        REGISTRY[code] = Kind(
            code=code, template=template, context=build, label=label, digestible=digestible, roles=frozenset(roles)
        )
        return build

    return decorator


def digestible_for(role: str) -> list[Kind]:
    """The kinds a person with ``role`` may choose to get in a daily digest, by label."""
    return sorted(
        (kind for kind in REGISTRY.values() if kind.digestible and role in kind.roles), key=lambda kind: str(kind.label)
    )


def get(code: str) -> Kind:
    return REGISTRY[code]


def site_link(name: str, **kwargs: Any) -> str:
    """An absolute link to one of our pages, for an e-mail (ids in the path, never personal data)."""
    return settings.SITE_URL + reverse(name, kwargs=kwargs or None)
