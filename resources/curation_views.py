"""Curation pages: organisation admins look after their society's listings."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import permissions
from accounts.selectors import organisation_for_user
from patientportal.access import require

from . import selectors, services
from .forms import ListingForm, ResolveReportForm


@require(permissions.can_curate_directory)
def curation_list(request):
    needs_check_only = request.GET.get("show") == "needs_check"
    listings = selectors.curation_service_list(user=request.user, needs_check_only=needs_check_only)
    page = Paginator(listings, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "resources/curation/list.html",
        {
            "page": page,
            "needs_check_only": needs_check_only,
            "query_string": "show=needs_check" if needs_check_only else "",
            "open_reports": selectors.problem_report_queue(user=request.user).count(),
        },
    )


@require(permissions.can_curate_directory)
def curation_create(request):
    organisation = organisation_for_user(user=request.user)
    form = ListingForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        service = services.listing_save(organisation=organisation, acting_user=request.user, data=form.cleaned_data)
        messages.success(request, _("The listing is saved."))
        return redirect("curation_edit", service_id=service.pk)
    return render(request, "resources/curation/form.html", {"form": form, "service": None})


@require(permissions.can_curate_directory)
def curation_edit(request, service_id: uuid.UUID):
    service = selectors.curation_service_get(user=request.user, service_id=service_id)
    form = ListingForm(request.POST or None, organisation=service.owner, initial=ListingForm.initial_for(service))
    if request.method == "POST" and form.is_valid():
        services.listing_save(
            organisation=service.owner, acting_user=request.user, data=form.cleaned_data, service=service
        )
        messages.success(request, _("The listing is saved."))
        return redirect("curation_edit", service_id=service.pk)
    return render(request, "resources/curation/form.html", {"form": form, "service": service})


@require_POST
@require(permissions.can_curate_directory)
def curation_mark_checked(request, service_id: uuid.UUID):
    service = selectors.curation_service_get(user=request.user, service_id=service_id)
    services.listing_mark_checked(service=service, acting_user=request.user)
    messages.success(request, _("Marked as checked today."))
    return redirect("curation_list")


@require_POST
@require(permissions.can_curate_directory)
def curation_retire(request, service_id: uuid.UUID):
    service = selectors.curation_service_get(user=request.user, service_id=service_id)
    services.listing_retire(service=service, acting_user=request.user)
    messages.success(request, _("The listing is retired: people can no longer find it."))
    return redirect("curation_list")


@require(permissions.can_curate_directory)
def report_queue(request):
    reports = selectors.problem_report_queue(user=request.user)
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    return render(request, "resources/curation/reports.html", {"page": page})


@require(permissions.can_curate_directory)
def report_resolve(request, report_id: int):
    report = selectors.problem_report_get(user=request.user, report_id=report_id)
    form = ResolveReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.problem_report_resolve(report=report, acting_user=request.user, outcome=form.cleaned_data["outcome"])
        messages.success(request, _("The report is closed."))
        return redirect("report_queue")
    return render(request, "resources/curation/report_resolve.html", {"report": report, "form": form})
