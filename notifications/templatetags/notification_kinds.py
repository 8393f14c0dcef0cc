"""Template helpers for notifications: the label of a kind."""

from __future__ import annotations

from django import template

from ..selectors import kind_label

register = template.Library()


@register.filter
def notification_kind(code: str) -> str:
    """``{{ notification.kind|notification_kind }}``: what it is about, as its sender declared it."""
    return kind_label(code)
