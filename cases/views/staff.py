"""The staff side of cases: an advocate's caseload, and the case record."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from patientportal.access import require
from patientportal.audit import record_access

from .. import selectors, services
from ..choices import CaseAction
from ..permissions import CASES
from ..staff_forms import CaseloadFilterForm


@require(permissions.can_view_caseload)
def caseload(request):
    """My cases: the advocate's open cases, what needs doing next first."""
    form = CaseloadFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()  # a filter with an error is left out, with its message; the others apply
    filters = form.to_filters()
    result = selectors.caseload_for_user(user=request.user, filters=filters, page_number=request.GET.get("page", 1))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "caseload": result,
        "query_string": query.urlencode(),
        "waiting_days": settings.CASE_WAITING_ON_CLIENT_ALERT_DAYS,
    }
    return render(request, "cases/staff/caseload.html", context)


@require(permissions.can_open_case_records)
def case_detail(request, case_id: uuid.UUID):
    """The case record: the client's summary, needs, follow-ups, referrals, messages, timeline."""
    record = selectors.case_record_for_user(
        user=request.user,
        case_id=case_id,
        timeline_filter=request.GET.get("show", ""),
        timeline_page=request.GET.get("page", 1),
    )
    record_access(request=request, obj=record.case)
    unread = {m.pk for m in record.messages if m.read_at is None and m.sender_id == record.case.applicant_id}
    if unread and CASES.allows(request.user, CaseAction.RESPONSIBLE, record.case):
        services.messages_mark_read(case=record.case, reader=request.user)
    context = {
        "record": record,
        "case": record.case,
        "unread": unread,
        "has_caseload": permissions.can_view_caseload(request.user),
        "timeline_filters": TIMELINE_FILTER_LABELS,
        "timeline_query": f"show={record.timeline_filter}" if record.timeline_filter else "",
    }
    return render(request, "cases/staff/case_detail.html", context)


#: The timeline's filters, as the page offers them (``selectors.TIMELINE_FILTERS`` says what each shows).
TIMELINE_FILTER_LABELS = [
    ("contacts", _("Contacts and follow-ups")),
    ("messages", _("Messages")),
    ("status", _("Status and assignment")),
    ("needs", _("Needs and referrals")),
]
