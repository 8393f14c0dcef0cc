"""The URL walker: every URL pattern of the project, requested as every role.

``check_pattern`` returns the broken promises of one pattern (an empty list when it keeps
them); ``test_url_walker.py`` runs it for every pattern, and ``test_walker_catches.py``
proves it fails when an unprotected view or an undeclared pattern is added.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .access_map import ACCESS, HOME, LOGIN, Access


@dataclass(frozen=True)
class Pattern:
    name: str | None  # "namespace:name", or None
    route: str  # the full route, for unnamed patterns and messages
    converters: dict[str, str]  # kwarg name -> converter type ("int", "uuid", "path", "regex")

    @property
    def key(self) -> str:
        return self.name or self.route


def iter_patterns(urlconf: str | None = None) -> Iterator[Pattern]:
    def walk(patterns, prefix: str, namespace: str | None, converters: dict[str, str]):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            found = dict(converters)
            for kw, conv in getattr(entry.pattern, "converters", {}).items():
                found[kw] = type(conv).__name__.removesuffix("Converter").lower()
            for kw in re.findall(r"\(\?P<(\w+)>", str(entry.pattern)):
                found.setdefault(kw, "regex")
            if isinstance(entry, URLResolver):
                ns = namespace
                if entry.namespace:
                    ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                yield from walk(entry.url_patterns, route, ns, found)
            elif isinstance(entry, URLPattern):
                name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
                yield Pattern(name=name, route=route, converters=found)

    yield from walk(get_resolver(urlconf).url_patterns, "", None, {})


def access_for(pattern: Pattern, access_map: dict[str, Access] = ACCESS) -> Access | None:
    if pattern.key in access_map:
        return access_map[pattern.key]
    for key, access in access_map.items():
        if key.endswith("*") and pattern.name and pattern.name.startswith(key[:-1]):
            return access
    return None


_SAMPLES = {"int": 1, "uuid": uuid.UUID(int=1), "path": "1", "str": "x", "slug": "x", "regex": "x"}


def sample_kwargs(pattern: Pattern) -> dict:
    return {kw: _SAMPLES.get(conv, "1") for kw, conv in pattern.converters.items()}


def build_url(pattern: Pattern, kwargs: dict, urlconf: str | None = None) -> str:
    if pattern.name:
        return reverse(pattern.name, kwargs=kwargs or None, urlconf=urlconf)
    # Unnamed: substitute the kwargs into the route.
    url = pattern.route
    for kw, value in kwargs.items():
        url = re.sub(rf"<(?:\w+:)?{kw}>|\(\?P<{kw}>[^)]*\)", str(value), url)
    url = url.replace("^", "").replace("$", "")
    return "/" + url


def _status_ok(expected, response, access: Access, client: Client) -> bool:
    code = response.status_code
    if expected == LOGIN:
        return code == 302 and urlsplit(response["Location"]).path in (
            reverse("account_login"),
            reverse("admin:login"),
        )
    if expected == HOME:
        return code == 302
    if expected == 403 and code == 302 and access.follow_to == 403:
        followed = client.get(response["Location"])
        return followed.status_code == 403
    if isinstance(expected, frozenset):
        return code in expected
    return code == expected


def check_pattern(
    pattern: Pattern, users: dict, urlconf: str | None = None, access_map: dict[str, Access] = ACCESS
) -> list[str]:
    """Request ``pattern`` as every role in ``users`` (role -> user or None); list what is wrong."""
    access = access_for(pattern, access_map)
    if access is None:
        return [
            f"{pattern.key}: no access rule. Declare who may open it in tests/access_map.py "
            "(public, signed_in, roles(...), with own/theirs for a record page)."
        ]
    problems = []
    for role, user in users.items():
        client = Client()
        if user is not None:
            client.force_login(user)
            if access.recent_auth:
                session = client.session
                session["account_authentication_methods"] = [
                    {"method": "password", "at": time.time(), "reauthenticated": True}
                ]
                session["account_authentication_methods_user"] = str(user.pk)
                session.save()
        if access.own is not None and user is not None and role in access.allowed:
            cases = [("own", access.own(user), None), ("theirs", access.theirs(user), 404)]
            if access.nested is not None:
                cases.append(("someone else's, inside my", access.nested(user), 404))
        else:
            kwargs = access.kwargs if access.kwargs is not None else sample_kwargs(pattern)
            if callable(kwargs):
                kwargs = kwargs()
            if access.own is not None and user is not None:
                # A wrong role must be refused before any lookup: someone else's record.
                kwargs = access.theirs(user)
            cases = [("", kwargs, None)]
        for label, kwargs, override in cases:
            url = build_url(pattern, kwargs, urlconf=urlconf)
            response = getattr(client, access.method)(url)
            expected = override if override is not None else access.expected(role)
            if not _status_ok(expected, response, access, client):
                where = f" ({label} record)" if label else ""
                location = f" -> {response['Location']}" if response.status_code in (301, 302) else ""
                problems.append(
                    f"{pattern.key} as {role}{where}: {access.method.upper()} {url} gave "
                    f"{response.status_code}{location}, expected {expected}"
                )
        if access.rows is not None and user is not None and role in access.allowed and access.method == "get":
            problems += _check_rows(pattern, access, role, user, client, urlconf)
    return problems


def _check_rows(pattern: Pattern, access: Access, role: str, user, client: Client, urlconf: str | None) -> list[str]:
    """A list page shows the viewer's rows and never another organisation's or client's."""
    seeded = access.rows(user)
    if seeded is None:
        return []
    shown, hidden = seeded
    kwargs = access.kwargs() if callable(access.kwargs) else access.kwargs or {}
    url = build_url(pattern, kwargs, urlconf=urlconf)
    body = client.get(url).content.decode()
    problems = []
    if shown not in body:
        problems.append(f"{pattern.key} as {role}: GET {url} does not list the viewer's own row {shown!r}")
    problems += [
        f"{pattern.key} as {role}: GET {url} lists someone else's row {text!r}" for text in hidden if text in body
    ]
    return problems
