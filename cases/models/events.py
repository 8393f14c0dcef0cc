"""The case's event log: one row for each thing that happened, written with the change itself."""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from ..choices import CaseStatus, EventKind, Visibility
from .activity_triggers import refresh_trigger
from .case import Case


class CaseEvent(models.Model):
    """One thing that happened to a case: who, when, from which status to which, and a small
    payload of ids and codes. The only free text a payload holds is the ``reason`` someone gave
    for a move (a withdrawal, a reopening, a reassignment), which erasure blanks; the words
    people wrote otherwise live in their own rows (messages, notes).

    Append-only: a database trigger refuses UPDATE and DELETE. The timeline pages are views over
    these rows; the wording is in ``templates/cases/events/``, translated, not stored here.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=40, choices=EventKind.choices)
    from_status = models.CharField(max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=CaseStatus.choices, blank=True)
    #: Who did it; empty when the system did (an automatic step).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    #: The advocate the event is about (assigned, reassigned), for the timeline to name.
    advocate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    payload = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    visibility = models.CharField(max_length=10, choices=Visibility.choices)

    class Meta:
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["case", "at", "id"], name="case_event_timeline"),
            models.Index(fields=["kind", "at"], name="case_event_kind"),
            # When each advocate was last given a case: fair automatic assignment (ties go to
            # whoever waited longest) and the suggestions' "last given a case".
            models.Index(
                fields=["advocate", "at"],
                name="case_event_assignments",
                condition=models.Q(kind__in=["assigned", "reassigned"]),
            ),
        ]
        triggers = [
            pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete),
            # "Waiting on the client since" (the caseload's flag), and the milestones the metrics
            # read: first assigned, first resolved or closed (``activity_triggers``).
            refresh_trigger(
                operation=pgtrigger.Insert,
                condition=pgtrigger.Q(
                    new__to_status__in=[
                        CaseStatus.WAITING_ON_CLIENT.value,
                        CaseStatus.RESOLVED.value,
                        CaseStatus.CLOSED.value,
                    ]
                )
                | pgtrigger.Q(new__kind=EventKind.ASSIGNED.value),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.at:%Y-%m-%d %H:%M})"

    @property
    def visible_to_client(self) -> bool:
        return self.visibility == Visibility.CLIENT
