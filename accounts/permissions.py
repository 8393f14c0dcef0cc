"""Who may do what. Every role rule is written here once and used by views, templates and tests.

Each rule answers "may this user do X?"; the matching selector in ``selectors.py`` answers
"which records may this user act on?" so that a record outside that set is a 404.
"""

from __future__ import annotations

from typing import Any

from .models import ORGANISATION_ROLES, Role


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


def can_view_queue(user: Any) -> bool:
    return _role(user) == Role.SUPERVISOR


def can_view_metrics(user: Any) -> bool:
    return _role(user) in {Role.SUPERVISOR, Role.ORG_ADMIN}


def can_view_team(user: Any) -> bool:
    return _role(user) in {Role.SUPERVISOR, Role.ORG_ADMIN}


def can_manage_organisation(user: Any) -> bool:
    return _role(user) == Role.ORG_ADMIN


def can_view_member(user: Any, member: Any) -> bool:
    return (
        can_view_team(user)
        and member.role in ORGANISATION_ROLES
        and member.organisation_id is not None
        and member.organisation_id == user.organisation_id
    )


def can_curate_directory(user: Any) -> bool:
    """Organisation admins look after their society's listings in the directory."""
    return _role(user) == Role.ORG_ADMIN


def can_request_advocate(user: Any) -> bool:
    """People with MS and carers ask for an advocate; staff do not."""
    return is_client(user)


def can_message_on_case(user: Any, case: Any) -> bool:
    """Staff side of a case's conversation: its advocate, or its organisation's supervisors."""
    role = _role(user)
    if role == Role.ADVOCATE:
        return case.assigned_to_id == user.pk
    return role == Role.SUPERVISOR and case.organisation_id == user.organisation_id


def can_handle_deletion_requests(user: Any) -> bool:
    """Organisation admins carry out erasure for their society's clients; site admins for the rest."""
    return _role(user) in {Role.ORG_ADMIN, Role.SITE_ADMIN}


def can_handle_deletion_request(user: Any, deletion_request: Any) -> bool:
    if not can_handle_deletion_requests(user):
        return False
    if _role(user) == Role.SITE_ADMIN:
        return deletion_request.organisation_id is None
    return deletion_request.organisation_id == user.organisation_id
