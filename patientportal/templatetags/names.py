"""Codes stored on records, as people read them: languages, countries and regions by name."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from patientportal.reference import COUNTRY_CHOICES, LANGUAGE_CHOICES
from patientportal.regions import region_label
from patientportal.text import in_sentence as _in_sentence

register = template.Library()

_LANGUAGES = dict(LANGUAGE_CHOICES)
_COUNTRIES = dict(COUNTRY_CHOICES)


@register.filter
def language_names(codes: Iterable[str] | None) -> str:
    """``["en", "cy"]`` -> "English, Welsh" (in the reader's language); a code we have no name for as it is."""
    return ", ".join(str(_LANGUAGES.get(code, code)) for code in codes or [])


@register.filter
def region_names(codes: Iterable[str] | None) -> str:
    """``["GB-WLS", "GB-SCT"]`` -> "Wales, Scotland" (in the reader's language); a region recorded by name
    stays as it is."""
    return ", ".join(str(region_label(code)) for code in codes or [])


@register.filter
def country_name(code: str) -> str:
    """``"GB"`` -> "United Kingdom" (in the reader's language); a code we have no name for as it is."""
    return str(_COUNTRIES.get(code, code))


@register.filter
def in_sentence(label) -> str:
    """A label as a word inside a sentence, the active language's way (``patientportal.text``)."""
    return _in_sentence(label)
