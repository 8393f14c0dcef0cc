"""What the directory holds about a person (see ``patientportal.personal_data``): the services
on their list, and the problems with listings they told us about."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from patientportal.personal_data import Erasure, Holding, PersonalData, iso, register

from .models import ProblemReport, SavedService


def _saved_read(rows: QuerySet[SavedService], person: Any) -> list[SavedService]:
    """One query."""
    return list(rows.select_related("service", "service__provider").order_by("saved_at", "id"))


def _saved_data(saved: list[SavedService], person: Any) -> list[dict[str, Any]]:
    return [
        {"service": item.service.name, "service_id": str(item.service_id), "saved": iso(item.saved_at)}
        for item in saved
    ]


def _reports_read(rows: QuerySet[ProblemReport], person: Any) -> list[ProblemReport]:
    """One query."""
    return list(rows.select_related("service").order_by("created_at", "id"))


def _reports_data(reports: list[ProblemReport], person: Any) -> list[dict[str, Any]]:
    return [
        {
            "service": report.service.name,
            "service_id": str(report.service_id),
            "message": report.message,
            "sent": iso(report.created_at),
            "status": report.status,
        }
        for report in reports
    ]


register(
    PersonalData(
        key="saved_services",
        holdings=(Holding("resources.SavedService", person="user", erasure=Erasure.DELETE, label=_("Saved services")),),
        read=_saved_read,
        data=_saved_data,
        template="resources/my_data.html#saved_services",
        keys={
            # Translators: what a key of the My data download (a JSON file) holds. Codes in it stay as they
            # are: the file holds them so (in_progress, ISO 8601, null, true...).
            "saved_services": _("the services on your list (My list)"),
            "saved_services[].service": _("the service's name"),
            "saved_services[].service_id": _("the service's id in the directory"),
            "saved_services[].saved": _("when you saved it (ISO 8601)"),
        },
    )
)

register(
    PersonalData(
        key="problem_reports",
        holdings=(
            Holding(
                "resources.ProblemReport",
                person="reported_by",
                erasure=Erasure.ANONYMISE,
                label=_("Problem reports about listings (their words and who sent them are erased)"),
                blank={"reported_by": None, "message": ""},
                others={"resolved_by": "the organisation admin who dealt with the report"},
            ),
        ),
        read=_reports_read,
        data=_reports_data,
        template="resources/my_data.html#problem_reports",
        keys={
            # Translators: what a key of the My data download (a JSON file) holds. Codes in it stay as they
            # are: the file holds them so (in_progress, ISO 8601, null, true...).
            "problem_reports": _("the problems with directory listings you told us about"),
            "problem_reports[].service": _("the service's name"),
            "problem_reports[].service_id": _("the service's id in the directory"),
            "problem_reports[].message": _("what you wrote"),
            "problem_reports[].sent": _("when you sent it (ISO 8601)"),
            "problem_reports[].status": _("open, fixed or dismissed (no change was needed)"),
        },
    )
)
