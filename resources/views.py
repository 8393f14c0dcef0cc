from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import permissions
from patientportal import ratelimit
from patientportal.access import require

from . import save_after_sign_in, selectors, services
from .forms import ProblemReportForm, SearchForm
from .selectors import SearchFilters


def resource_search(request):
    """Find help: open to everyone. Filters and page live in the URL. Until the visitor chooses a
    country, the search is in theirs (``selectors.search_default_country``: one query for someone
    signed in, none for a visitor), preselected in the form and shown above the results.

    Queries: the search's (``selectors.service_search``); for a client, which results are on
    their list (one); for someone signed in who has not chosen a country, their country (one)."""
    default_country = (
        ""
        if SearchForm.country_chosen(request.GET)
        else selectors.search_default_country(user=request.user, language=get_language())
    )
    form = SearchForm(request.GET or None, default_country=default_country)
    filters = SearchFilters()
    if form.is_bound:
        # A filter with an error is left out (its error is shown); the words and the other filters still apply.
        form.is_valid()
        filters = form.to_filters()
        if SearchForm.UPDATE_REGIONS in request.GET:
            # "Update regions" (without JavaScript): the same search at its own address, without
            # a region of the country left behind.
            return redirect(f"{request.path}?{_query(form.data, drop=() if filters.region else ('region',))}")
    result = selectors.service_search(filters=filters, page_number=request.GET.get("page", 1))
    saved = selectors.saved_service_ids_for_user(user=request.user, service_ids=[s.pk for s in result.page])
    params = form.data if form.is_bound else QueryDict()
    context = {
        "form": form,
        "result": result,
        "saved_ids": saved,
        "query_string": _query(params, drop=("page",)),
        # What a result's link carries, so that its page leads back to this very page of results.
        "search_query": _query(params, drop=("page",), page=result.page.number if result.page.number > 1 else None),
        "loosen_links": [(name, "?" + _loosen(params, name)) for name in result.loosen],
        "every_country_link": "?" + _loosen(params, "country"),
        "region_options": SearchForm.region_options(),
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

#: The URL parameters of a search: what a service's page keeps for its "Back to find help" link.
SEARCH_PARAMS = (*SearchForm.base_fields, "page")


def _query(params: QueryDict, *, drop: tuple[str, ...] = (), **values) -> str:
    """``params`` as a query string, without ``drop`` (nor the "Update regions" button), with ``values``
    set (None: left out)."""
    params = params.copy()
    for name in (*drop, SearchForm.UPDATE_REGIONS):
        params.pop(name, None)
    for name, value in values.items():
        if value is not None:
            params[name] = value
    return params.urlencode()


def _loosen(params: QueryDict, name: str) -> str:
    """The search without one filter. Every country is a choice of its own (``country=``): without
    one, the search would start in the visitor's country again."""
    return _query(params, drop=("page", *LOOSEN_PARAMS[name]), **({"country": ""} if name == "country" else {}))


def service_detail(request, service_id: uuid.UUID):
    """A service. Opened from the results, its URL carries their search (``SEARCH_PARAMS``): "Back to
    find help" returns to the same words, filters and page."""
    service = selectors.service_get_listed(service_id=service_id)
    saved = selectors.saved_service_ids_for_user(user=request.user, service_ids=[service.pk])
    search = QueryDict(mutable=True)
    for name in SEARCH_PARAMS:
        if values := request.GET.getlist(name):
            search.setlist(name, values)
    context = {"service": service, "is_saved": service.pk in saved, "search_query": search.urlencode()}
    return render(request, "resources/service_detail.html", context)


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
def service_save(request, service_id: uuid.UUID):
    """Save a service to the client's list. A visitor is asked to sign in, which saves it, and is
    brought back to the page they were on (``save_after_sign_in``)."""
    if not request.user.is_authenticated:
        service = selectors.service_get_listed(service_id=service_id)
        save_after_sign_in.hold(session=request.session, service=service)
        back = request.POST.get("next") if _safe_next(request) else reverse("service_detail", args=[service.pk])
        return redirect_to_login(back)
    return _service_save(request, service_id)


@require(permissions.is_client)
def _service_save(request, service_id: uuid.UUID):
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
