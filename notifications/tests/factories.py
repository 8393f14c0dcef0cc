"""factory_boy factories for the outbox."""

from __future__ import annotations

import factory
from django.utils import timezone

from accounts.tests.factories import ClientFactory
from notifications.models import Notification, NotificationState


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    kind = "my_list"
    recipient = factory.SubFactory(ClientFactory)
    language = "en"
    idempotency_key = factory.Sequence(lambda n: f"test:{n}")


class FailedNotificationFactory(NotificationFactory):
    state = NotificationState.FAILED
    attempts = 8
    last_error = "SMTPRecipientsRefused: {'someone@example.test': (550, b'No such user')}"


class ShownNotificationFactory(NotificationFactory):
    """A notification in its recipient's list on the site (it fell due and was delivered)."""

    state = NotificationState.SENT
    sent_at = factory.LazyFunction(timezone.now)
    shown_at = factory.LazyFunction(timezone.now)
    link = "/my-list/"
