"""The notifications the directory owes people (``templates/resources/email/``)."""

from __future__ import annotations

import uuid

from django.utils.translation import gettext_lazy as _

from notifications.kinds import register, site_link
from notifications.models import Notification
from notifications.services import notification_queue

from .models import ProblemReport
from .permissions import PROBLEM_REPORTS, Action
from .selectors import saved_service_list_for_user

PROBLEM_REPORTED = "problem_reported"
MY_LIST = "my_list"


def queue_problem_reported(report: ProblemReport) -> None:
    """Tell the admins of the society that owns the listing."""
    notification_queue(
        kind=PROBLEM_REPORTED,
        recipients=PROBLEM_REPORTS.users(Action.CURATE, report),
        key=str(report.pk),
        about=report,
        organisation_id=report.service.owner_id,
    )


def queue_my_list(user) -> None:
    """The client asked for their list by e-mail: each ask is its own message."""
    notification_queue(kind=MY_LIST, recipients=[user], key=str(uuid.uuid4()))


@register(PROBLEM_REPORTED, template="resources/email/problem_reported", label=_("A listing has a problem report"))
def _problem_reported(notification: Notification) -> dict | None:
    open_report = ProblemReport.objects.filter(pk=notification.about_id, status=ProblemReport.Status.OPEN)
    if not open_report.exists():  # dealt with already
        return None
    return {"link": site_link("report_queue")}


@register(MY_LIST, template="resources/email/my_list", label=_("Your saved services"))
def _my_list(notification: Notification) -> dict | None:
    return {"services": list(saved_service_list_for_user(user=notification.recipient))}
