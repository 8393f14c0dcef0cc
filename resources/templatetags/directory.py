"""Template filters of the directory's pages."""

from django import template

from resources import taxonomy as tx

register = template.Library()


@register.filter
def written_in(text_language: str) -> str:
    """``de`` -> "Written in German", translated (``taxonomy.written_in``)."""
    return tx.written_in(text_language)
