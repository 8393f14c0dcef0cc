"""Who may curate the directory: one policy for listings and their problem reports.

Organisation admins look after the listings their society owns, and the reports about them.
Selectors filter with these policies, services check with them, and the notification outbox
asks them who to tell about a new report.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from patientportal.policy import Grant, Policy, Relation

from .models import ProblemReport, Service


class Action(models.TextChoices):
    CURATE = "curate", _("Look after the listing")


LISTINGS = Policy(
    Service, {Action.CURATE: [Grant(Role.ORG_ADMIN, Relation("owner_id", "organisation_id"))]}, state_field=""
)

PROBLEM_REPORTS = Policy(
    ProblemReport,
    {Action.CURATE: [Grant(Role.ORG_ADMIN, Relation("service__owner_id", "organisation_id"))]},
    state_field="",
)
