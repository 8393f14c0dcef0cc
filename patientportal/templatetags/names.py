"""Codes stored on records, as people read them: languages and regions by name."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from patientportal.reference import LANGUAGE_CHOICES
from patientportal.regions import REGION_NAMES

register = template.Library()

_LANGUAGES = dict(LANGUAGE_CHOICES)


@register.filter
def language_names(codes: Iterable[str] | None) -> str:
    """``["en", "cy"]`` -> "English, Welsh" (in the reader's language); a code we have no name for as it is."""
    return ", ".join(str(_LANGUAGES.get(code, code)) for code in codes or [])


@register.filter
def region_names(codes: Iterable[str] | None) -> str:
    """``["GB-WLS", "GB-SCT"]`` -> "Wales, Scotland"; a region recorded by name stays as it is."""
    return ", ".join(REGION_NAMES.get(code, code) for code in codes or [])
