"""The notification outbox: every message the system owes someone is a row here, written in
the same transaction as the change that owes it, and delivered once by Celery."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("No longer needed")
    #: Its recipient chose a daily digest for this kind: it waits for the next one (``in_digest``).
    DIGEST = "digest", _("Waiting for the daily digest")


#: States in which the dispatcher may still pick a notification up.
DUE_STATES = (NotificationState.PENDING, NotificationState.SENDING)


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    #: A text message, through ``settings.SMS_BACKEND`` (``notifications.sms``).
    SMS = "sms", _("Text message")


class Delivery(models.TextChoices):
    """How a person wants one kind of notification (``NotificationPreference``)."""

    NOW = "now", _("Straight away")
    DIGEST = "digest", _("In a daily digest")


class Notification(models.Model):
    """One message owed to one person.

    What it says is decided when it is sent, from ``kind`` (see ``notifications.kinds``) and
    the record it is ``about`` (a model label and a primary key: ids only, never content).
    ``idempotency_key`` makes writing it twice write it once.
    """

    kind = models.CharField(max_length=60)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    #: The organisation whose admins see it if it fails (none: the site admins).
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    about_type = models.CharField(max_length=60, blank=True)
    about_id = models.CharField(max_length=64, blank=True)
    language = models.CharField(max_length=8)
    idempotency_key = models.CharField(max_length=200, unique=True)
    state = models.CharField(max_length=10, choices=NotificationState.choices, default=NotificationState.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    #: When it is due (or due again, after a failed attempt).
    next_attempt_at = models.DateTimeField(default=timezone.now)
    #: When the dispatcher handed it to a worker (a claim older than the timeout is taken again).
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    #: Since when it is in its recipient's list of notifications on the site (from its first
    #: delivery attempt while it was still owed, whatever became of the e-mail or text).
    shown_at = models.DateTimeField(null=True, blank=True)
    #: Where it takes its recipient on the site (a path with ids only), set when it is shown.
    link = models.CharField(max_length=300, blank=True)
    #: When its recipient marked it as read on the site.
    read_at = models.DateTimeField(null=True, blank=True)
    #: The daily digest that carried it, for a recipient who chose a digest for its kind.
    in_digest = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"], name="notification_due", condition=Q(state__in=["pending", "sending"])
            ),
            models.Index(
                fields=["organisation", "-created_at"], name="notification_failed", condition=Q(state="failed")
            ),
            models.Index(fields=["about_type", "about_id"], name="notification_about"),
            # A claim whose task was lost: taken again after a timeout.
            models.Index(fields=["claimed_at"], name="notification_claimed", condition=Q(state="sending")),
            # A person's list of notifications on the site, and its unread count in the header.
            models.Index(
                fields=["recipient", "-shown_at"], name="notification_inbox", condition=Q(shown_at__isnull=False)
            ),
            # What waits for each person's next daily digest.
            models.Index(
                fields=["recipient", "next_attempt_at"], name="notification_digest", condition=Q(state="digest")
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="sent") | Q(sent_at__isnull=False), name="notification_sent_has_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.state})"

    @property
    def message_id(self) -> str:
        """The e-mail's Message-ID: the same on every attempt, so a receiver can drop a repeat."""
        domain = settings.NOTIFICATION_MESSAGE_ID_DOMAIN or urlsplit(settings.SITE_URL).hostname or "localhost"
        return f"<notification-{self.pk}@{domain}>"


class NotificationPreference(models.Model):
    """How one person wants one kind of notification: straight away (the default, without a
    row) or in a daily digest. The site's list of notifications shows them either way."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=60)
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.NOW)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.delivery}"
