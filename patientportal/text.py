"""Small rules of writing that differ between the site's languages."""

from __future__ import annotations

from typing import Any

from django.utils import translation

#: Languages whose nouns keep their capital letter inside a sentence.
_NOUNS_CAPITALISED = frozenset({"de"})


def in_sentence(label: Any) -> str:
    """A label ("Money and benefits") as a word inside a sentence, in the active language:
    "for money and benefits", but in German "für Geld und Leistungen" keeps its capital. Only
    the first letter changes (an abbreviation inside the label stays as it is)."""
    text = str(label)
    language = (translation.get_language() or "").split("-")[0]
    if not text or language in _NOUNS_CAPITALISED:
        return text
    return text[0].lower() + text[1:]
