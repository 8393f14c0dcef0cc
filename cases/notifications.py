"""The notifications cases owe people, and how each is worded (``templates/cases/email/``).

Services call the ``queue_*`` functions inside their transaction; who is told comes from the
access policy (``cases.permissions``). What the e-mail says is built when it is sent, from
the ids on the outbox row: at most the recipient's first name, the request's reference and a
link to sign in.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from notifications.kinds import register
from notifications.kinds import site_link as link
from notifications.models import Notification
from notifications.services import notification_queue

from . import permissions, reminders  # noqa: F401 - reminders: registers its kinds too
from .choices import CaseStatus, DeletionStatus
from .models import Case, ContactPreferences, DeletionRequest, Message

REQUEST_RECEIVED = "request_received"
NEW_CASE = "new_case_for_supervisors"
CASE_ASSIGNED = "case_assigned"
CASE_WITHDRAWN = "case_withdrawn"
NEW_MESSAGE = "new_message"
DELETION_REQUESTED = "deletion_requested"
NO_ADVOCATE_AVAILABLE = "no_advocate_available"
CASES_MERGED = "cases_merged"


def _client_language(case: Case) -> str | None:
    """The language the client chose for contact (their latest preferences)."""
    return ContactPreferences.objects.filter(case=case).values_list("language", flat=True).first() or None


# --- queueing (inside the services' transactions) -----------------------------------------------


def queue_request_received(case: Case) -> None:
    notification_queue(
        kind=REQUEST_RECEIVED,
        recipients=permissions.client_of(case),
        key=str(case.pk),
        about=case,
        organisation_id=case.organisation_id,
        language=_client_language(case),
    )
    notification_queue(
        kind=NEW_CASE,
        recipients=permissions.supervisors_of(case),
        key=str(case.pk),
        about=case,
        organisation_id=case.organisation_id,
    )


def queue_no_advocate_available(case: Case) -> None:
    """Automatic assignment found nobody with room: the supervisors must choose."""
    notification_queue(
        kind=NO_ADVOCATE_AVAILABLE,
        recipients=permissions.supervisors_of(case),
        key=str(case.pk),
        about=case,
        organisation_id=case.organisation_id,
    )


def queue_case_transferred(case: Case) -> None:
    """A case passed on by another society: it waits in the new society's queue."""
    notification_queue(
        kind=NEW_CASE,
        recipients=permissions.supervisors_of(case),
        key=f"{case.pk}:{case.updated_at.isoformat()}",
        about=case,
        organisation_id=case.organisation_id,
    )


def queue_case_assigned(case: Case, occasion: str) -> None:
    notification_queue(
        kind=CASE_ASSIGNED,
        recipients=permissions.CASES.users(permissions.A.RESPONSIBLE, case),
        key=occasion,
        about=case,
        organisation_id=case.organisation_id,
    )


def queue_cases_merged(removed: Case, recipients) -> None:
    """``removed`` was joined into another case of the same person: its advocate, and the
    remaining case's, are told (the caller leaves out whoever joined them)."""
    notification_queue(
        kind=CASES_MERGED,
        recipients=recipients,
        key=str(removed.pk),
        about=removed,
        organisation_id=removed.organisation_id,
    )


def queue_case_withdrawn(case: Case) -> None:
    notification_queue(
        kind=CASE_WITHDRAWN,
        recipients=permissions.case_staff(case),
        key=f"{case.pk}:{case.closed_at:%Y%m%d%H%M%S%f}",
        about=case,
        organisation_id=case.organisation_id,
    )


def queue_new_message(message: Message) -> None:
    case = message.case
    from_client = message.sender_id == case.applicant_id
    notification_queue(
        kind=NEW_MESSAGE,
        recipients=permissions.case_staff(case) if from_client else permissions.client_of(case),
        key=str(message.pk),
        about=message,
        organisation_id=case.organisation_id,
        language=None if from_client else _client_language(case),
    )


def queue_deletion_requested(request: DeletionRequest) -> None:
    notification_queue(
        kind=DELETION_REQUESTED,
        recipients=permissions.DELETION_REQUESTS.users(permissions.A.VIEW, request),
        key=str(request.pk),
        about=request,
        organisation_id=request.organisation_id,
    )


# --- wording (when sent) ----------------------------------------------------------------------


def _case(notification: Notification) -> Case | None:
    return Case.objects.filter(pk=notification.about_id).only("id", "reference", "is_urgent", "status").first()


@register(
    REQUEST_RECEIVED,
    template="cases/email/request_received",
    label=_("We received your request"),
    digestible=False,
    roles=[Role.CLIENT],
)
def _request_received(notification: Notification) -> dict | None:
    case = _case(notification)
    if case is None:
        return None
    return {"reference": case.reference, "link": link("my_request_detail", case_id=case.pk)}


@register(
    NEW_CASE,
    template="cases/email/new_case_for_supervisors",
    label=_("A new request is waiting"),
    digestible=True,
    roles=[Role.SUPERVISOR],
)
def _new_case(notification: Notification) -> dict | None:
    case = _case(notification)
    if case is None or case.status not in (CaseStatus.NEW, CaseStatus.TRANSFERRED):
        return None  # assigned since (automatically, say): not waiting
    return {"reference": case.reference, "is_urgent": case.is_urgent, "link": link("queue")}


@register(
    NO_ADVOCATE_AVAILABLE,
    template="cases/email/no_advocate_available",
    label=_("A new request needs an advocate"),
    digestible=True,
    roles=[Role.SUPERVISOR],
)
def _no_advocate_available(notification: Notification) -> dict | None:
    case = _case(notification)
    if case is None or case.status != CaseStatus.NEW:
        return None
    return {"reference": case.reference, "is_urgent": case.is_urgent, "link": link("queue")}


@register(
    CASE_ASSIGNED,
    template="cases/email/case_assigned",
    label=_("A case was assigned to you"),
    digestible=True,
    roles=[Role.ADVOCATE],
)
def _case_assigned(notification: Notification) -> dict | None:
    case = Case.objects.filter(pk=notification.about_id, assigned_to_id=notification.recipient_id).first()
    if case is None:  # reassigned since: no longer theirs
        return None
    return {"reference": case.reference, "link": link("home")}


@register(
    CASE_WITHDRAWN,
    template="cases/email/case_withdrawn",
    label=_("A request was withdrawn"),
    digestible=True,
    roles=[Role.ADVOCATE, Role.SUPERVISOR],
)
def _case_withdrawn(notification: Notification) -> dict | None:
    case = _case(notification)
    if case is None:
        return None
    return {"reference": case.reference, "link": link("home")}


@register(
    CASES_MERGED,
    template="cases/email/cases_merged",
    label=_("Two requests of the same person were joined"),
    digestible=True,
    roles=[Role.ADVOCATE],
)
def _cases_merged(notification: Notification) -> dict | None:
    case = Case.objects.select_related("merged_into").filter(pk=notification.about_id).first()
    if case is None or case.merged_into is None:
        return None
    return {"reference": case.reference, "into": case.merged_into.reference, "link": link("home")}


@register(
    NEW_MESSAGE,
    template="cases/email/new_message",
    label=_("A new message"),
    digestible=True,
    roles=[Role.CLIENT, Role.ADVOCATE, Role.SUPERVISOR],
)
def _new_message(notification: Notification) -> dict | None:
    message = Message.objects.select_related("case").filter(pk=notification.about_id).first()
    if message is None or message.read_at is not None:  # read already: no need to tell them
        return None
    to_staff = notification.recipient_id != message.case.applicant_id
    return {
        "reference": message.case.reference,
        "to_staff": to_staff,
        "link": link("home") if to_staff else link("my_request_detail", case_id=message.case_id),
    }


@register(
    DELETION_REQUESTED,
    template="cases/email/deletion_requested",
    label=_("Someone asked for their information to be deleted"),
    digestible=True,
    roles=[Role.ORG_ADMIN, Role.SITE_ADMIN],
)
def _deletion_requested(notification: Notification) -> dict | None:
    if not DeletionRequest.objects.filter(pk=notification.about_id, status=DeletionStatus.PENDING).exists():
        return None
    return {"link": link("deletion_request_list")}
