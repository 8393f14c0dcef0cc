"""Text messages: a pluggable backend, as Django's e-mail backends are (``settings.SMS_BACKEND``).

A provider's backend is a class with ``send_messages(messages) -> int`` that raises on failure
(a ``PermanentSmsFailure`` when trying again cannot help: a number that does not exist). The
console backend writes each message to standard output (development); the memory backend keeps
them in ``outbox`` (tests). Like e-mails, texts say no more than a first name and a link.
"""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string


class PermanentSmsFailure(Exception):
    """The provider refused the message for good (an invalid number, say)."""


@dataclass
class SmsMessage:
    to: str
    body: str
    #: The same on every attempt (``Notification.message_id``): a provider can drop a repeat.
    message_id: str = ""
    headers: dict[str, str] = field(default_factory=dict)

    def send(self) -> int:
        return get_backend().send_messages([self])


def get_backend():
    return import_string(settings.SMS_BACKEND)()


class ConsoleBackend:
    """Writes each text to standard output, for development."""

    _lock = threading.Lock()

    def send_messages(self, messages: list[SmsMessage]) -> int:
        with self._lock:
            for message in messages:
                sys.stdout.write(f"Text message {message.message_id} to {message.to}:\n{message.body}\n{'-' * 40}\n")
            sys.stdout.flush()
        return len(messages)


#: What the memory backend sent (tests empty it).
outbox: list[SmsMessage] = []


class MemoryBackend:
    """Keeps each text in ``notifications.sms.outbox``, for tests."""

    def send_messages(self, messages: list[SmsMessage]) -> int:
        outbox.extend(messages)
        return len(messages)


class DisabledBackend:
    """Production's default until a provider is configured: every text fails at once, and the
    organisation admins see it in their list of failed notifications."""

    def send_messages(self, messages: list[SmsMessage]) -> int:
        raise PermanentSmsFailure("No text message provider is configured (the SMS_BACKEND setting).")
