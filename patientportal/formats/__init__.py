"""How dates and times are written in each language of the site: one named format per use, so
that every page writes a date the same way, as people write it in that language ("30 November
2026", "30. November 2026", "30 de noviembre de 2026").

Templates name the format, never spell it: ``{{ value|date:"DATE_FORMAT" }}``. Django's own
names (``DATE_FORMAT``, ``DATETIME_FORMAT``, ``SHORT_DATE_FORMAT``, ``SHORT_DATETIME_FORMAT``,
``MONTH_DAY_FORMAT``) come from ``FORMAT_MODULE_PATH`` (``patientportal/formats/<language>/formats.py``)
before Django's; the site's own (``EXTRA_FORMATS``: with the day of the week) from the same
modules, by ``named_format``. ``patientportal/templatetags/dates.py``'s ``date`` filter takes
either kind.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import import_module

from django.utils.formats import get_format, get_format_modules
from django.utils.translation import get_language

#: The site's own named formats, beside Django's.
EXTRA_FORMATS = frozenset(
    {
        "WEEKDAY_DATE_FORMAT",  # Monday 30 November 2026
        "WEEKDAY_DATETIME_FORMAT",  # Monday 30 November 2026, 14:05
        "WEEKDAY_MONTH_DAY_FORMAT",  # Monday 30 November
        "WEEKDAY_MONTH_DAY_TIME_FORMAT",  # Monday 30 November, 14:05
    }
)
#: Every name a template may use.
NAMED_FORMATS = EXTRA_FORMATS | {
    "DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATE_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "MONTH_DAY_FORMAT",
    "TIME_FORMAT",
}


def named_format(name: str, language: str | None = None) -> str:
    """The format ``name`` stands for in ``language`` (default: the active one)."""
    language = language or get_language() or "en"
    if name in EXTRA_FORMATS:
        return _extra_format(name, language)
    return get_format(name, language)


@lru_cache(maxsize=64)
def _extra_format(name: str, language: str) -> str:
    for module in get_format_modules(language):
        if hasattr(module, name):
            return getattr(module, name)
    return getattr(import_module("patientportal.formats.en.formats"), name)
