"""The work on a case: contacts with the client, follow-ups, referrals and messages."""

from __future__ import annotations

import uuid

import pghistory
from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from patientportal.encryption import EncryptedCharField, EncryptedTextField

from ..choices import InteractionChannel, InteractionOutcome, ReferralFeedback, ReferralOutcome
from .activity_triggers import refresh_trigger
from .answers import DESCRIPTION_MAX, MESSAGE_MAX, NAME_MAX
from .case import Case, Need


@pghistory.track()
class Interaction(models.Model):
    """A contact with the client (a call, a visit, an e-mail, a message, a letter), logged by staff."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="interactions")
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("how"), max_length=10, choices=InteractionChannel.choices)
    occurred_at = models.DateTimeField(_("when"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("how long (minutes)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    with_whom = EncryptedCharField(_("with whom"), max_length=NAME_MAX, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=InteractionOutcome.choices)
    summary = EncryptedTextField(_("summary"), blank=True, validators=[MaxLengthValidator(DESCRIPTION_MAX)])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_at", "id"]
        indexes = [models.Index(fields=["case", "occurred_at"], name="interaction_case_when")]
        triggers = [refresh_trigger()]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.occurred_at:%Y-%m-%d}"


@pghistory.track()
class FollowUp(models.Model):
    """A dated thing to do on a case, owned by an advocate. Planned contacts are shown to the client."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="follow_ups")
    due_at = models.DateTimeField()
    summary = EncryptedCharField(max_length=200)
    is_client_contact = models.BooleanField(default=False, help_text=_("A planned contact with the client."))
    #: The needs reassessment, created when the first contact is logged; the next assessment
    #: recorded on the case completes it.
    is_reassessment = models.BooleanField(default=False)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    #: Bumped by every change: a form that saw an older version is told it changed meanwhile.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_at"]
        indexes = [models.Index(fields=["case", "due_at"], name="followup_case_due")]
        triggers = [refresh_trigger()]

    def __str__(self) -> str:
        return f"{self.due_at:%Y-%m-%d} {self.summary}"


@pghistory.track()
class Referral(models.Model):
    """A service offered for a need, and whether it helped (the closed loop)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    need = models.ForeignKey(Need, on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals")
    service = models.ForeignKey("resources.Service", on_delete=models.PROTECT, related_name="referrals")
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    client_feedback = models.CharField(max_length=20, choices=ReferralFeedback.choices, blank=True)
    client_feedback_at = models.DateTimeField(null=True, blank=True)
    #: What came of it, as the advocate found out (the closed loop).
    outcome = models.CharField(_("outcome"), max_length=20, choices=ReferralOutcome.choices, blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["created_at", "id"]
        # The metrics: the referrals made in a range of dates.
        indexes = [models.Index(fields=["created_at"], name="referral_made")]

    def __str__(self) -> str:
        return f"Referral {self.pk}"


@pghistory.track()
class Note(models.Model):
    """An advocate's text on a case: for staff only, unless shared with the client (then it is in
    their space too). Encrypted at rest."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = EncryptedTextField(_("note"), validators=[MaxLengthValidator(MESSAGE_MAX)])
    shared_with_client = models.BooleanField(_("shared with the client"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["case", "-created_at"], name="note_case_recent")]

    def __str__(self) -> str:
        return f"Note {self.pk}"


@pghistory.track()
class Message(models.Model):
    """A secure message in a case's conversation between the client and their advocate."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    #: Required (not blank) and at most MESSAGE_MAX characters: checked by ``full_clean()``.
    body = EncryptedTextField(validators=[MaxLengthValidator(MESSAGE_MAX)])
    created_at = models.DateTimeField(auto_now_add=True)
    #: When the other side first opened the conversation after this message.
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "created_at"], name="message_case_created")]
        triggers = [refresh_trigger()]

    def __str__(self) -> str:
        return f"Message {self.pk}"
