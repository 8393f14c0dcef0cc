"""The metrics page and its CSV files: the programme's numbers for a chosen date range."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import Organisation, Role
from patientportal.access import require

from ..metrics_report import build_tables, table_csv, table_for_slug
from ..selectors.metrics import metrics_for_user
from ..staff_forms import MetricsRangeForm


def _form(request) -> MetricsRangeForm:
    organisations = Organisation.objects.order_by("name") if request.user.role == Role.SITE_ADMIN else None
    return MetricsRangeForm(request.GET or None, today=timezone.localdate(), organisations=organisations)


@require(permissions.can_view_metrics)
def metrics(request):
    """Requests, waiting times, caseloads, needs, referral and closure outcomes and the weekly
    trend for the chosen dates: charts with their tables, each table a CSV download."""
    form = _form(request)
    data = metrics_for_user(user=request.user, range=form.metrics_range(), organisation_id=form.organisation_id())
    context = {"form": form, "metrics": data, "tables": build_tables(data), "query_string": request.GET.urlencode()}
    return render(request, "cases/metrics/dashboard.html", context, status=400 if form.errors else 200)


@require(permissions.can_view_metrics)
def metrics_csv(request, table: str):
    """One table of the metrics page as CSV, for the same dates."""
    form = _form(request)
    if form.errors:
        return HttpResponse(_("Choose valid dates on the metrics page first."), status=400, content_type="text/plain")
    data = metrics_for_user(user=request.user, range=form.metrics_range(), organisation_id=form.organisation_id())
    chosen = table_for_slug(data, table)
    if chosen is None:
        raise Http404
    response = HttpResponse(table_csv(chosen), content_type="text/csv; charset=utf-8")
    filename = f"metrics-{chosen.slug}-{data.range.start:%Y-%m-%d}-to-{data.range.end:%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
