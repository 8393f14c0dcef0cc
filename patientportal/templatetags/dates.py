"""The ``date`` filter, the same words as Django's in a fifth of the time.

Staff pages print many dates: the case page about a hundred (every timeline entry, note and
message has a date and a machine-readable ``<time datetime>``), and Django's ``date`` filter
takes tens of microseconds for each (it parses the format and builds a ``DateFormat`` every
time). This library is a template builtin (``TEMPLATES["OPTIONS"]["builtins"]``), so its
``date`` replaces Django's in every template.

A format is read once (cached) into its parts. Formats made only of the common letters below,
on a value of the type they fit, are written here from the same translated month and day names
Django uses; anything else (another letter, a time letter on a plain date, a value that is not
a date) goes to Django's own filter, unchanged. ``patientportal/tests/test_dates.py`` checks both
give the same text for every format the templates use, in every language of the site.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import lru_cache

from django import template
from django.template.defaultfilters import date as django_date
from django.utils.dateformat import re_escaped, re_formatchars
from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS

from patientportal.formats import NAMED_FORMATS, named_format

register = template.Library()

Part = Callable[[datetime.date], str]

#: The letters written here (Django's meaning of each: ``django.utils.dateformat``).
_DATE_LETTERS: dict[str, Part] = {
    "j": lambda d: str(d.day),
    "d": lambda d: f"{d.day:02d}",
    "m": lambda d: f"{d.month:02d}",
    "n": lambda d: str(d.month),
    "Y": lambda d: f"{d.year:04d}",
    "F": lambda d: str(MONTHS[d.month]),
    "M": lambda d: str(MONTHS_3[d.month]).title(),
    "l": lambda d: str(WEEKDAYS[d.weekday()]),
}
#: Letters that need a time of day: on a plain date, Django's filter decides (it refuses them).
_TIME_LETTERS: dict[str, Part] = {
    "H": lambda d: f"{d.hour:02d}",  # type: ignore[attr-defined]
    "i": lambda d: f"{d.minute:02d}",  # type: ignore[attr-defined]
    "c": lambda d: d.isoformat(),
}


@lru_cache(maxsize=256)
def _parts(format_string: str) -> tuple[tuple[str | Part, ...], bool] | None:
    """The format as literal texts and letter functions, and whether it needs a time of day; None
    when it has a letter not written here. The split and the escapes are Django's own."""
    parts: list[str | Part] = []
    needs_time = False
    for index, piece in enumerate(re_formatchars.split(format_string)):
        if index % 2:
            if piece in _DATE_LETTERS:
                parts.append(_DATE_LETTERS[piece])
            elif piece in _TIME_LETTERS:
                parts.append(_TIME_LETTERS[piece])
                needs_time = needs_time or piece != "c"
            else:
                return None
        elif piece:
            parts.append(re_escaped.sub(r"\1", piece))
    return tuple(parts), needs_time


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    """Django's ``date`` filter (same arguments, same text), faster for the common formats; and
    the site's named formats for the active language (``patientportal.formats``), which is how
    templates write dates: ``{{ value|date:"DATE_FORMAT" }}``."""
    if arg in NAMED_FORMATS:
        arg = named_format(arg)
    compiled = _parts(arg) if isinstance(arg, str) and arg else None
    if compiled is not None:
        parts, needs_time = compiled
        kind = type(value)
        if kind is datetime.datetime or (kind is datetime.date and not needs_time):
            return "".join(part if isinstance(part, str) else part(value) for part in parts)
    return django_date(value, arg)
