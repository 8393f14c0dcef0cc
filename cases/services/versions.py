"""Two people changing the same thing at once: nothing typed is overwritten silently.

Every row people edit (a case, a need, a note, a follow-up, a referral) has a ``version`` that
each change bumps. A form carries the version it was shown; the service, holding the row's lock,
refuses the change if the row has moved on since (``StaleEdit``, with the row as it is now), and
the page shows the person the current values to decide again.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from patientportal.errors import InvalidState


class StaleEdit(InvalidState):
    """What the person saw has changed since they opened it; ``current`` is the row as it is now."""

    default_message = _(
        "This changed since you opened it. Here is what it says now: check it, then make your change again."
    )

    def __init__(self, current: Any):
        super().__init__(code="stale")
        self.current = current


def check_and_bump(row: Any, expected_version: int | None) -> None:
    """Refuse a change made from an older version of ``row`` (locked by the caller), then count
    this change. ``None``: the caller saw no version (a change that cannot conflict, or a script)."""
    if expected_version is not None and row.version != expected_version:
        raise StaleEdit(row)
    row.version += 1
