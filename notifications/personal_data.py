"""What the outbox holds about a person (see ``patientportal.personal_data``): the messages the
site sent them or owes them. A row holds ids and codes only; the words are made when it is sent."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from patientportal.personal_data import Erasure, Holding, PersonalData, iso, register

from .models import Notification


def _read(rows: QuerySet[Notification], person: Any) -> list[Notification]:
    """One query."""
    return list(rows.order_by("created_at", "id"))


def _data(notifications: list[Notification], person: Any) -> list[dict[str, Any]]:
    return [
        {
            "kind": notification.kind,
            "channel": notification.channel,
            "state": notification.state,
            "owed": iso(notification.created_at),
            "sent": iso(notification.sent_at),
        }
        for notification in notifications
    ]


register(
    PersonalData(
        key="notifications",
        holdings=(
            Holding(
                "notifications.Notification",
                person="recipient",
                erasure=Erasure.DELETE,
                label=_("E-mails sent to them or waiting to be sent"),
            ),
        ),
        read=_read,
        data=_data,
        template="notifications/my_data.html#notifications",
        keys={
            "notifications": "the e-mails we sent you or were about to send (what about, never their text)",
            "notifications[].kind": "what it was about, e.g. request_received, new_message, my_list",
            "notifications[].channel": "how it is sent: email",
            "notifications[].state": "pending, sending, sent, failed or cancelled (no longer needed)",
            "notifications[].owed": "when it was written (ISO 8601)",
            "notifications[].sent": "when it was sent (ISO 8601), or null",
        },
    )
)
