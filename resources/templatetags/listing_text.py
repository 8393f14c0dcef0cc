"""Shortening the texts of listings on list pages (search results, My list, curation)."""

from __future__ import annotations

from django import template

register = template.Library()

#: Characters list pages show of a description (names: ``|shorten:150``). Imported listings may
#: be far longer (resources/hsds/schema.py); the listing's own page shows them whole.
DESCRIPTION_SHOWN = 300


@register.filter
def shorten(text: str, length: int | str = DESCRIPTION_SHOWN) -> str:
    """``text`` cut to at most ``length`` characters, at a space when there is one near the end,
    with an ellipsis; shorter texts as they are. Works on words of any length, unlike Django's
    ``truncatewords`` (a 5,000-letter "word" stays whole there)."""
    text = str(text or "")
    length = int(length)
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    space = cut.rfind(" ")
    if space >= length * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,.;:-") + "…"
