"""A person's request to erase what we hold about them."""

from __future__ import annotations

import uuid

import pghistory
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models

from patientportal.encryption import EncryptedTextField

from ..choices import DeletionStatus
from .answers import REASON_MAX


@pghistory.track()
class DeletionRequest(models.Model):
    """A client's request to erase what we hold about them; carried out by an organisation admin."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="deletion_requests")
    #: Who carries it out: the organisation holding the person's most recent case (None: the site admins).
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="deletion_requests"
    )
    reason = EncryptedTextField(blank=True, validators=[MaxLengthValidator(REASON_MAX)])
    status = models.CharField(max_length=20, choices=DeletionStatus.choices, default=DeletionStatus.PENDING)
    requested_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(status="pending"), name="one_pending_deletion_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"Deletion request {self.pk}"
