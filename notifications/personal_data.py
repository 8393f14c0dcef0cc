"""What the outbox holds about a person (see ``patientportal.personal_data``): the messages the
site sent them or owes them. A row holds ids and codes only; the words are made when it is sent."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from patientportal.personal_data import Erasure, Holding, PersonalData, iso, register

from .models import Notification, NotificationPreference
from .selectors import kind_label


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
            # Translators: what a key of the My data download (a JSON file) holds. Codes in it stay as they
            # are: the file holds them so (in_progress, ISO 8601, null, true...).
            "notifications": _("the e-mails we sent you or were about to send (what about, never their text)"),
            "notifications[].kind": _("what it was about, e.g. request_received, new_message, my_list"),
            "notifications[].channel": _("how it is sent: email, or sms (a text message)"),
            "notifications[].state": _(
                "pending, sending, sent, failed, cancelled (no longer needed) or digest (in "
                "your daily digest, as you chose)"
            ),
            "notifications[].owed": _("when it was written (ISO 8601)"),
            "notifications[].sent": _("when it was sent (ISO 8601), or null"),
        },
    )
)


def _read_preferences(rows: QuerySet[NotificationPreference], person: Any) -> list[tuple[str, str]]:
    """One query: each kind the person chose a daily digest for."""
    return [
        (kind_label(preference.kind), preference.get_delivery_display()) for preference in rows.order_by("kind", "id")
    ]


def _preferences_data(rows: list[tuple[str, str]], person: Any) -> list[dict[str, str]]:
    return [{"about": about, "how": how} for about, how in rows]


register(
    PersonalData(
        key="notification_preferences",
        holdings=(
            Holding(
                "notifications.NotificationPreference",
                person="user",
                erasure=Erasure.DELETE,
                label=_("Choices of how to be told about things"),
            ),
        ),
        read=_read_preferences,
        data=_preferences_data,
        template="notifications/my_data.html#notification_preferences",
        keys={
            # Translators: what a key of the My data download (a JSON file) holds. Codes in it stay as they
            # are: the file holds them so (in_progress, ISO 8601, null, true...).
            "notification_preferences": _(
                "the kinds of notification you chose to get in a daily digest (any other "
                "kind is e-mailed straight away)"
            ),
            "notification_preferences[].about": _("what the notifications are about, in words"),
            "notification_preferences[].how": _("how you get them: in a daily digest"),
        },
    )
)
