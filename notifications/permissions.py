"""Who may see and retry notifications: organisation admins for their organisation's, site
admins for those that belong to no organisation."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from patientportal.policy import Grant, Policy, Relation

from .models import Notification


class Action(models.TextChoices):
    RETRY = "retry", _("See failed notifications and try them again")


_ORGANISATION_OR_NONE = Relation("organisation_id", "organisation_id", match_empty=True)

NOTIFICATIONS = Policy(
    Notification,
    {Action.RETRY: [Grant(Role.ORG_ADMIN, _ORGANISATION_OR_NONE), Grant(Role.SITE_ADMIN, _ORGANISATION_OR_NONE)]},
    state_field="",
)
