"""Appending to a case's event log: called by every service that changes a case, inside its
transaction, so the change and its event commit (or roll back) together."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from accounts.models import User

from .. import reminders
from ..choices import EventKind, Visibility
from ..models import Case, CaseEvent

K = EventKind

#: Who may see each kind of event unless the service says otherwise (a follow-up is seen by
#: the client only when it is a planned contact with them).
DEFAULT_VISIBILITY: dict[str, str] = {
    K.SUBMITTED: Visibility.CLIENT,
    K.ADDED_TO: Visibility.CLIENT,
    K.ASSIGNED: Visibility.CLIENT,
    K.REASSIGNED: Visibility.CLIENT,
    K.STATUS_CHANGED: Visibility.CLIENT,
    K.CLOSED: Visibility.CLIENT,
    K.REOPENED: Visibility.CLIENT,
    K.WITHDRAWN: Visibility.CLIENT,
    K.TRANSFERRED: Visibility.CLIENT,
    K.CONTACT_PREFERENCES_CHANGED: Visibility.CLIENT,
    K.MESSAGE_SENT: Visibility.CLIENT,
    K.NEED_ADDED: Visibility.CLIENT,
    K.NEED_UPDATED: Visibility.CLIENT,
    K.REFERRAL_MADE: Visibility.CLIENT,
    K.REFERRAL_FEEDBACK: Visibility.CLIENT,
    K.CONTACT_LOGGED: Visibility.CLIENT,
    K.FOLLOW_UP_SCHEDULED: Visibility.STAFF,
    K.FOLLOW_UP_RESCHEDULED: Visibility.STAFF,
    K.NOTE_ADDED: Visibility.STAFF,
    K.NOTE_EDITED: Visibility.STAFF,
    K.REFERRAL_OUTCOME: Visibility.CLIENT,
    K.FOLLOW_UP_COMPLETED: Visibility.STAFF,
    K.ASSESSMENT_RECORDED: Visibility.STAFF,
    K.PERSONAL_DATA_ERASED: Visibility.STAFF,
    K.MERGED: Visibility.CLIENT,
    K.ESCALATED: Visibility.STAFF,
}


def event_append(
    *,
    case: Case,
    kind: str,
    actor: User | None,
    at: datetime.datetime | None = None,
    from_status: str = "",
    to_status: str = "",
    advocate: User | None = None,
    payload: dict[str, Any] | None = None,
    visibility: str | None = None,
) -> CaseEvent:
    """Write one event. ``payload`` holds ids and codes (and a reason, when one was given).
    After an event that may change what the case owes people at a time, its reminders are
    brought in step, in the same transaction (``cases.reminders.reminders_sync``)."""
    event = CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=actor,
        at=at or timezone.now(),
        from_status=from_status,
        to_status=to_status,
        advocate=advocate,
        payload=payload or {},
        visibility=visibility or DEFAULT_VISIBILITY[kind],
    )
    if kind in reminders.SYNC_EVENTS:
        reminders.reminders_sync(case_id=case.pk)
    return event
