"""A request being written: every answered question is saved straight away."""

from __future__ import annotations

import uuid

import pghistory
from django.conf import settings
from django.db import models

from .answers import RequestAnswers


@pghistory.track()
class RequestDraft(RequestAnswers):
    """A request being written: every answered question is saved here straight away."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="request_drafts")
    #: The furthest question reached, so that "continue" goes back there.
    step = models.CharField(max_length=20, default="who")
    #: Once submitted, the case it became (and a second submit finds it instead of creating another).
    case = models.OneToOneField("Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="draft")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["applicant"], condition=models.Q(case__isnull=True), name="one_open_draft_per_applicant"
            ),
        ]

    def __str__(self) -> str:
        return f"Draft {self.pk}"
