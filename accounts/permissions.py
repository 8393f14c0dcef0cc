"""Who may do what. Every role rule is written here once and used by views, templates and tests.

The role rules (``can_view_team``...) decide which pages a role may open at all (a wrong role
gets a 403). The policies (``MEMBERS``, ``ORGANISATIONS``, ``HOLIDAYS``; see
``patientportal.policy``) decide which records of the organisation's a user may see and change:
selectors filter with them (a record outside is a 404) and services check with them.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from patientportal.policy import Grant, Policy, Relation

from .models import ORGANISATION_ROLES, Holiday, Organisation, Role, User


def _role(user: Any) -> str | None:
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return user.role


def is_client(user: Any) -> bool:
    return _role(user) == Role.CLIENT


def is_staff(user: Any) -> bool:
    return _role(user) in {Role.ADVOCATE, Role.SUPERVISOR, Role.ORG_ADMIN, Role.SITE_ADMIN}


def can_view_caseload(user: Any) -> bool:
    return _role(user) == Role.ADVOCATE


def can_open_case_records(user: Any) -> bool:
    """Staff who work on cases: advocates (theirs), supervisors and organisation admins (their
    organisation's). Which cases, is ``cases.permissions.CASES``."""
    return _role(user) in {Role.ADVOCATE, Role.SUPERVISOR, Role.ORG_ADMIN}


def can_work_on_cases(user: Any) -> bool:
    """Staff who act on cases (log contacts, plan follow-ups, refer, change a status):
    advocates and supervisors. Organisation admins may read them only."""
    return _role(user) in {Role.ADVOCATE, Role.SUPERVISOR}


def can_view_queue(user: Any) -> bool:
    return _role(user) == Role.SUPERVISOR


def can_view_metrics(user: Any) -> bool:
    """Supervisors and organisation admins (their organisation), the site admin (every one)."""
    return _role(user) in {Role.SUPERVISOR, Role.ORG_ADMIN, Role.SITE_ADMIN}


def can_view_team(user: Any) -> bool:
    return _role(user) in {Role.SUPERVISOR, Role.ORG_ADMIN}


def can_manage_organisation(user: Any) -> bool:
    return _role(user) == Role.ORG_ADMIN


def can_curate_directory(user: Any) -> bool:
    """Organisation admins look after their society's listings in the directory."""
    return _role(user) == Role.ORG_ADMIN


def can_request_advocate(user: Any) -> bool:
    """People with MS and carers ask for an advocate; staff do not."""
    return is_client(user)


def can_handle_deletion_requests(user: Any) -> bool:
    """Organisation admins carry out erasure for their society's clients; site admins for the rest."""
    return _role(user) in {Role.ORG_ADMIN, Role.SITE_ADMIN}


def can_see_failed_notifications(user: Any) -> bool:
    """Organisation admins look after their society's undelivered notifications; site admins the rest."""
    return _role(user) in {Role.ORG_ADMIN, Role.SITE_ADMIN}


def can_subscribe_to_follow_ups(user: Any) -> bool:
    """Those who own follow-ups may have them in their calendar app (a private feed): advocates
    (``cases.services.followup_schedule`` gives follow-ups to advocates only). A feed whose
    owner no longer passes this answers 404."""
    return _role(user) == Role.ADVOCATE


# --- policies -----------------------------------------------------------------------------


class Action(models.TextChoices):
    VIEW = "view", _("See it")
    MANAGE = "manage", _("Change it")


_SAME_ORGANISATION = Relation("organisation_id", "organisation_id")

#: The staff of one's own organisation, for supervisors and organisation admins.
MEMBERS = Policy(
    User,
    {
        Action.VIEW: [Grant(Role.SUPERVISOR, _SAME_ORGANISATION), Grant(Role.ORG_ADMIN, _SAME_ORGANISATION)],
        # An advocate's working details (capacity, languages, regions, expertise) and absences.
        Action.MANAGE: [Grant(Role.SUPERVISOR, _SAME_ORGANISATION), Grant(Role.ORG_ADMIN, _SAME_ORGANISATION)],
    },
    state_field="",
    universe={"role": [role.value for role in ORGANISATION_ROLES]},
)

#: One's own organisation's settings, and its closures, for its organisation admins.
ORGANISATIONS = Policy(
    Organisation, {Action.MANAGE: [Grant(Role.ORG_ADMIN, Relation("pk", "organisation_id"))]}, state_field=""
)
HOLIDAYS = Policy(Holiday, {Action.MANAGE: [Grant(Role.ORG_ADMIN, _SAME_ORGANISATION)]}, state_field="")
