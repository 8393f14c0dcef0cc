"""The daily digest: one e-mail a morning carrying what a person chose to get that way.

A person may choose, per kind, "in a daily digest" instead of "straight away"
(``NotificationPreference``). Such a notification, when it falls due, is shown on the site at
once and waits in the ``digest`` state instead of being e-mailed (``services.notification_deliver``).
Each morning at ``REMINDER_DIGEST_HOUR`` in the person's time zone (their organisation's, or the
organisation's the notifications came from), ``digest_plan`` queues one ``daily_digest`` for
each person with notifications waiting. When it is sent it takes them with it (``in_digest``),
so the next digest does not repeat them; if it fails and is tried again, it carries the same ones.
"""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django.conf import settings
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User

from . import kinds
from .kinds import register, site_link
from .models import Notification, NotificationState
from .services import notification_queue

DAILY_DIGEST = "daily_digest"


def _waiting() -> Any:
    return Notification.objects.filter(state=NotificationState.DIGEST, in_digest__isnull=True)


def digest_plan(*, now: datetime.datetime | None = None) -> int:
    """Queue today's digest for each person with notifications that were already waiting at
    ``REMINDER_DIGEST_HOUR`` this morning, their time (one shown in the afternoon waits for
    tomorrow's). Keyed by their local date: safe to run any number of times, and after an
    outage the day's digest still goes, late. Queries: one, and one per time zone to queue."""
    now = now or timezone.now()
    zones: dict[str, dict[Any, datetime.datetime]] = {}
    rows = (
        _waiting()
        .values("recipient_id", "recipient__organisation__timezone", "organisation__timezone")
        .annotate(first=Min("shown_at"))
        .order_by()
    )
    for row in rows:
        zone_name = row["recipient__organisation__timezone"] or row["organisation__timezone"] or settings.TIME_ZONE
        earliest = zones.setdefault(zone_name, {})
        earliest[row["recipient_id"]] = min(row["first"], earliest.get(row["recipient_id"], row["first"]))
    queued = 0
    for zone_name, waiting_since in zones.items():
        zone = zoneinfo.ZoneInfo(zone_name)
        local = now.astimezone(zone)
        morning = datetime.datetime.combine(local.date(), datetime.time(settings.REMINDER_DIGEST_HOUR), tzinfo=zone)
        due = [recipient_id for recipient_id, first in waiting_since.items() if first < morning <= now]
        if not due:
            continue
        queued += len(
            notification_queue(
                kind=DAILY_DIGEST,
                recipients=User.objects.filter(pk__in=due, is_active=True),
                key=local.date().isoformat(),
            )
        )
    return queued


@register(DAILY_DIGEST, template="notifications/email/daily_digest", label=_("Your daily digest"), roles=Role.values)
def _daily_digest(notification: Notification) -> dict | None:
    carried = Notification.objects.filter(
        recipient_id=notification.recipient_id, state=NotificationState.DIGEST
    ).filter(Q(in_digest__isnull=True) | Q(in_digest_id=notification.pk))
    carried.filter(in_digest__isnull=True).update(in_digest_id=notification.pk)
    counts: dict[str, int] = {}
    for code in carried.values_list("kind", flat=True):
        counts[code] = counts.get(code, 0) + 1
    if not counts:
        return None
    items = sorted((str(kinds.REGISTRY[code].label), n) for code, n in counts.items() if code in kinds.REGISTRY)
    return {"items": items, "link": site_link("notification_list")}
