from __future__ import annotations

import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language

from accounts import permissions
from accounts.models import Role, is_site_language
from accounts.selectors import member_list_for_user
from accounts.services import user_language_set
from cases.selectors import (
    CaseloadFilters,
    case_list_for_client,
    caseload_for_user,
    deletion_request_list_for_user,
    draft_for_user,
    supervisor_counts,
)
from notifications.selectors import notification_failed_list_for_user

from .access import require, signed_in
from .errors import record_denied
from .health import run_checks
from .middleware import LAST_ACTIVITY

#: How many cases the advocate's start page shows (the rest are on My cases).
HOME_CASES = 5

HOME_TEMPLATES = {
    Role.CLIENT: "home/client.html",
    Role.ADVOCATE: "home/advocate.html",
    Role.SUPERVISOR: "home/supervisor.html",
    Role.ORG_ADMIN: "home/org_admin.html",
    Role.SITE_ADMIN: "home/site_admin.html",
}


def home(request: HttpRequest) -> HttpResponse:
    """The start page: what the service is for a visitor, the role's entry points once signed in."""
    user = request.user
    if not user.is_authenticated:
        return render(request, "home/anonymous.html")
    context = {}
    if permissions.is_client(user):
        context["cases"] = list(case_list_for_client(user=user)[:3])
        context["draft"] = draft_for_user(user=user)
    if permissions.can_handle_deletion_requests(user):
        context["pending_deletions"] = deletion_request_list_for_user(user=user).filter(status="pending").count()
    if permissions.can_view_caseload(user):
        context["caseload"] = caseload = caseload_for_user(user=user, filters=CaseloadFilters())
        context["first_cases"] = list(caseload.page)[:HOME_CASES]
        context["waiting_days"] = settings.CASE_WAITING_ON_CLIENT_ALERT_DAYS
    if permissions.can_see_failed_notifications(user):
        context["failed_notifications"] = notification_failed_list_for_user(user=user).count()
    if permissions.can_view_queue(user):
        context["queue_counts"] = supervisor_counts(user=user)
    if permissions.can_view_team(user):
        context["team_size"] = member_list_for_user(user=user).filter(role=Role.ADVOCATE).count()
    return render(request, HOME_TEMPLATES[user.role], context)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = run_checks()
    healthy = all(checks.values())
    body = {
        "status": "ok" if healthy else "unavailable",
        "checks": {k: ("up" if v else "down") for k, v in checks.items()},
    }
    if not healthy:
        body["down"] = [name for name, up in checks.items() if not up]
    return JsonResponse(body, status=200 if healthy else 503)


@never_cache
@require_GET
@require(signed_in)
def session_status(request: HttpRequest) -> JsonResponse:
    """How long the session has left. Reading it does not count as activity."""
    seconds_left = None
    if request.user.is_staff_role:
        last = request.session.get(LAST_ACTIVITY, int(time.time()))
        seconds_left = max(0, settings.STAFF_IDLE_TIMEOUT - (int(time.time()) - last))
    return JsonResponse({"signed_in": True, "seconds_left": seconds_left})


@require_POST
@require(signed_in)
def session_extend(request: HttpRequest) -> HttpResponse:
    """ "I'm still here": the request itself is the activity that extends the session."""
    request.session[LAST_ACTIVITY] = int(time.time())
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"signed_in": True, "seconds_left": settings.STAFF_IDLE_TIMEOUT})
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "home"
    return redirect(next_url)


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """The language switcher: Django's ``set_language`` (the choice kept in a cookie, back to the
    page they were on), and for someone signed in, on their account too, so that their e-mails,
    reminders and pages on any device are in it."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and is_site_language(language):
        user_language_set(user=request.user, language=language)
    return response


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A 403 raised outside a view (a view's own is answered by ApplicationErrorMiddleware)."""
    record_denied(request)
    return render(request, "errors/403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # No context processors that might fail again; a plain page.
    from django.template import loader

    return HttpResponse(loader.get_template("errors/500.html").render(), status=500)
