"""E-mails about requests and cases. Tasks take ids only and re-read everything else.

No e-mail carries details about the person or their health: at most the recipient's first
name, the request's reference and a link to sign in and read the rest.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

RETRY = {"autoretry_for": (Exception,), "retry_backoff": True, "retry_backoff_max": 600, "max_retries": 8}


def _send(template: str, recipients: list[str], context: dict, language: str | None = None) -> int:
    if not recipients:
        return 0
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {"site_name": settings.SITE_NAME, **context}
        subject = render_to_string(f"cases/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"cases/email/{template}.txt", context)
    send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, recipients)
    return len(recipients)


def _url(name: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs or None)


def _supervisor_emails(organisation_id) -> list[str]:
    from accounts.models import Role, User

    return list(
        User.objects.filter(organisation_id=organisation_id, role=Role.SUPERVISOR, is_active=True)
        .order_by("email")
        .values_list("email", flat=True)
    )


@shared_task(**RETRY)
def send_request_confirmation(case_id: str) -> int:
    """Tell the person who asked that their request arrived. Safe to run twice (sends again)."""
    from .models import Case

    case = Case.objects.select_related("applicant", "organisation").filter(pk=case_id).first()
    if case is None or not case.applicant.is_active:
        return 0
    context = {
        "first_name": case.applicant.first_name,
        "reference": case.reference,
        "link": _url("my_request_detail", case_id=case.pk),
    }
    return _send("request_received", [case.applicant.email], context, case.language or None)


@shared_task(**RETRY)
def notify_supervisors_of_new_case(case_id: str) -> int:
    """Tell the organisation's supervisors that a request is waiting in their queue."""
    from .models import Case

    case = Case.objects.filter(pk=case_id).only("id", "organisation_id", "reference", "is_urgent").first()
    if case is None:
        return 0
    context = {"reference": case.reference, "is_urgent": case.is_urgent, "link": _url("home")}
    return _send("new_case_for_supervisors", _supervisor_emails(case.organisation_id), context)


@shared_task(**RETRY)
def notify_staff_of_withdrawal(case_id: str) -> int:
    """Tell the advocate (or, before one is assigned, the supervisors) that a request was withdrawn."""
    from .models import Case

    case = Case.objects.select_related("assigned_to").filter(pk=case_id).first()
    if case is None:
        return 0
    if case.assigned_to is not None and case.assigned_to.is_active:
        recipients = [case.assigned_to.email]
    else:
        recipients = _supervisor_emails(case.organisation_id)
    return _send("case_withdrawn", recipients, {"reference": case.reference, "link": _url("home")})


@shared_task(**RETRY)
def notify_new_message(message_id: str) -> int:
    """Tell the other side of a conversation that there is a new message, without its content."""
    from .models import Message

    message = (
        Message.objects.select_related("case", "case__applicant", "case__assigned_to").filter(pk=message_id).first()
    )
    if message is None or message.read_at is not None:
        return 0
    case = message.case
    if message.sender_id == case.applicant_id:
        if case.assigned_to is not None and case.assigned_to.is_active:
            recipients = [case.assigned_to.email]
        else:
            recipients = _supervisor_emails(case.organisation_id)
        context = {"reference": case.reference, "link": _url("home"), "to_staff": True}
        return _send("new_message", recipients, context)
    if not case.applicant.is_active:
        return 0
    context = {
        "first_name": case.applicant.first_name,
        "reference": case.reference,
        "link": _url("my_request_detail", case_id=case.pk),
        "to_staff": False,
    }
    return _send("new_message", [case.applicant.email], context, case.language or None)


@shared_task(**RETRY)
def notify_admins_of_deletion_request(request_id: str) -> int:
    """Tell the organisation admins (or the site admins) that someone asked for their data to be erased."""
    from accounts.models import Role, User

    from .models import DeletionRequest

    request = DeletionRequest.objects.filter(pk=request_id, status="pending").first()
    if request is None:
        return 0
    admins = User.objects.filter(is_active=True)
    if request.organisation_id is None:
        admins = admins.filter(role=Role.SITE_ADMIN)
    else:
        admins = admins.filter(role=Role.ORG_ADMIN, organisation_id=request.organisation_id)
    recipients = list(admins.order_by("email").values_list("email", flat=True))
    return _send("deletion_requested", recipients, {"link": _url("deletion_request_list")})
