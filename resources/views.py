from __future__ import annotations

import uuid

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import permissions
from patientportal import ratelimit
from patientportal.access import require

from . import selectors, services
from .forms import ProblemReportForm, SearchForm
from .selectors import SearchFilters


def resource_search(request):
    """Find help: open to everyone. Filters and page live in the URL."""
    form = SearchForm(request.GET or None)
    filters = SearchFilters()
    if form.is_bound:
        # A filter with an error is left out (its error is shown); the words and the other filters still apply.
        form.is_valid()
        filters = form.to_filters()
    result = selectors.service_search(filters=filters, page_number=request.GET.get("page", 1))
    saved = selectors.saved_service_ids_for_user(user=request.user, service_ids=[s.pk for s in result.page])
    context = {
        "form": form,
        "result": result,
        "saved_ids": saved,
        "query_string": _query_without(request, "page"),
        "loosen_links": [(name, "?" + _query_without(request, "page", *LOOSEN_PARAMS[name])) for name in result.loosen],
    }
    template = "resources/search.html#results" if request.headers.get("HX-Request") else "resources/search.html"
    return render(request, template, context)


#: Filter (SearchFilters.active) -> the URL parameters that set it.
LOOSEN_PARAMS = {
    "categories": ("category",),
    "country": ("country", "region"),
    "region": ("region",),
    "language": ("language",),
    "delivery": ("delivery",),
    "free_only": ("free",),
    "age": ("age",),
}


def _query_without(request, *names: str) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def service_detail(request, service_id: uuid.UUID):
    service = selectors.service_get_listed(service_id=service_id)
    saved = selectors.saved_service_ids_for_user(user=request.user, service_ids=[service.pk])
    return render(request, "resources/service_detail.html", {"service": service, "is_saved": service.pk in saved})


def service_report_problem(request, service_id: uuid.UUID):
    service = selectors.service_get_listed(service_id=service_id)
    form = ProblemReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if refusal := ratelimit.refuse_if_over_limit(request, action="problem_report"):
            return refusal
        reporter = request.user if request.user.is_authenticated else None
        services.problem_report_create(service=service, message=form.cleaned_data["message"], reported_by=reporter)
        messages.success(request, _("Thank you. We have passed your report to the team that looks after this listing."))
        return redirect("service_detail", service_id=service.pk)
    return render(request, "resources/report_problem.html", {"service": service, "form": form})


@require_POST
@require(permissions.is_client)
def service_save(request, service_id: uuid.UUID):
    service = selectors.service_get_listed(service_id=service_id)
    services.saved_service_add(user=request.user, service=service)
    messages.success(request, _("Saved to your list."))
    return redirect(request.POST.get("next") if _safe_next(request) else "my_list")


@require_POST
@require(permissions.is_client)
def service_unsave(request, service_id: uuid.UUID):
    services.saved_service_remove(user=request.user, service_id=service_id)
    messages.success(request, _("Removed from your list."))
    return redirect(request.POST.get("next") if _safe_next(request) else "my_list")


def _safe_next(request) -> bool:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    return bool(target) and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})


@require(permissions.is_client)
def my_list(request):
    saved = selectors.saved_service_list_for_user(user=request.user)
    return render(
        request, "resources/my_list.html", {"services": saved, "large_print": request.GET.get("print") == "large"}
    )


@require_POST
@require(permissions.is_client)
def my_list_email(request):
    if refusal := ratelimit.refuse_if_over_limit(request, action="my_list_email", key=str(request.user.pk)):
        return refusal
    services.my_list_send_email(user=request.user)
    messages.success(request, _("We are sending your list to your e-mail address. It should arrive in a few minutes."))
    return redirect("my_list")
