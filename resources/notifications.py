"""The notifications the directory owes people (``templates/resources/email/``)."""

from __future__ import annotations

import datetime
import uuid
import zoneinfo

from django.conf import settings
from django.db.models import Exists, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, Role, User
from notifications.kinds import register, site_link
from notifications.models import Notification
from notifications.services import notification_queue

from .models import ProblemReport, Service
from .permissions import PROBLEM_REPORTS, Action
from .selectors import saved_service_list_for_user

PROBLEM_REPORTED = "problem_reported"
MY_LIST = "my_list"
LISTINGS_STALE = "listings_stale"


def queue_problem_reported(report: ProblemReport) -> None:
    """Tell the admins of the society that owns the listing."""
    notification_queue(
        kind=PROBLEM_REPORTED,
        recipients=PROBLEM_REPORTS.users(Action.CURATE, report),
        key=str(report.pk),
        about=report,
        organisation_id=report.service.owner_id,
    )


def queue_stale_listings(*, now: datetime.datetime | None = None) -> int:
    """Once a month, from the first morning of the month in its time zone: tell each
    organisation's admins how many of its listings nobody has checked for a year (only when some
    have not). Safe to run any number of times: keyed by the month. One query per organisation
    whose month has begun, and one to queue."""
    now = now or timezone.now()
    queued = 0
    for organisation_id, zone_name in Organisation.objects.values_list("pk", "timezone"):
        local = now.astimezone(zoneinfo.ZoneInfo(zone_name))
        if local.day == 1 and local.hour < settings.REMINDER_DIGEST_HOUR:
            continue  # the month's message goes in its first morning (or later, after an outage)
        admins = User.objects.filter(organisation_id=organisation_id, role=Role.ORG_ADMIN, is_active=True).filter(
            Exists(stale_listings(organisation_id=organisation_id, today=local.date()))
        )
        queued += len(
            notification_queue(
                kind=LISTINGS_STALE, recipients=admins, key=f"{local:%Y-%m}", organisation_id=organisation_id
            )
        )
    return queued


def stale_listings(*, organisation_id, today: datetime.date) -> QuerySet[Service]:
    """The organisation's listings in use that nobody has checked for ``RESOURCE_CHECK_INTERVAL_DAYS``."""
    cutoff = today - datetime.timedelta(days=settings.RESOURCE_CHECK_INTERVAL_DAYS)
    return Service.objects.filter(
        Q(assured_date__isnull=True) | Q(assured_date__lt=cutoff), owner_id=organisation_id
    ).exclude(status=Service.Status.DEFUNCT)


def queue_my_list(user) -> None:
    """The client asked for their list by e-mail: each ask is its own message."""
    notification_queue(kind=MY_LIST, recipients=[user], key=str(uuid.uuid4()))


@register(
    PROBLEM_REPORTED,
    template="resources/email/problem_reported",
    label=_("A listing has a problem report"),
    digestible=True,
    roles=[Role.ORG_ADMIN],
)
def _problem_reported(notification: Notification) -> dict | None:
    open_report = ProblemReport.objects.filter(pk=notification.about_id, status=ProblemReport.Status.OPEN)
    if not open_report.exists():  # dealt with already
        return None
    return {"link": site_link("report_queue")}


@register(
    MY_LIST, template="resources/email/my_list", label=_("Your saved services"), digestible=False, roles=[Role.CLIENT]
)
def _my_list(notification: Notification) -> dict | None:
    return {"services": list(saved_service_list_for_user(user=notification.recipient))}


@register(
    LISTINGS_STALE,
    template="resources/email/listings_stale",
    label=_("Listings to check"),
    digestible=False,
    roles=[Role.ORG_ADMIN],
)
def _listings_stale(notification: Notification) -> dict | None:
    count = stale_listings(organisation_id=notification.organisation_id, today=timezone.localdate()).count()
    if not count:
        return None  # checked since
    return {
        "count": count,
        "days": settings.RESOURCE_CHECK_INTERVAL_DAYS,
        "link": site_link("curation_list") + "?show=needs_check",
    }
