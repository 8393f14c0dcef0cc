"""Cross-cutting request handling: session timeouts, the staff MFA rule, no-store caching."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.selectors import organisation_basics, user_has_second_factor

from .audit import record_auth_event
from .models import AuthEvent

SESSION_STARTED = "pp_started"
LAST_ACTIVITY = "pp_last_activity"
#: Write the activity stamp at most this often (seconds), not on every request.
ACTIVITY_RESOLUTION = 15
#: Paths whose key is a secret token in the URL, not a session (calendar feeds: calendar apps
#: do not sign in). The session plays no part there: it neither times out nor counts as
#: activity, and the staff MFA rule does not apply.
TOKEN_URL_PREFIXES = ("/calendar/",)


def _wants_json(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true" or "application/json" in request.headers.get("Accept", "")


def _return_path(request: HttpRequest) -> str:
    """Where to come back to after signing in again: this page, or for a POST the page it came from."""
    if request.method == "GET":
        return request.get_full_path()
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        return referer
    return reverse("home")


class UserLanguageMiddleware:
    """A signed-in person's pages are in the language on their account (``User.language``), on
    whatever device they sign in; anyone else's in the one ``LocaleMiddleware`` chose (the
    switcher's cookie, else the browser's)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language and user.language != request.LANGUAGE_CODE:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class SessionTimeoutMiddleware:
    """Signs staff out after ``STAFF_IDLE_TIMEOUT`` seconds idle, everyone after
    ``SESSION_ABSOLUTE_LIFETIME`` seconds; the next sign-in returns to the page they were on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if not request.path.startswith(TOKEN_URL_PREFIXES) and user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.setdefault(SESSION_STARTED, now)
            last = session.get(LAST_ACTIVITY, now)
            reason = None
            if now - started > settings.SESSION_ABSOLUTE_LIFETIME:
                reason = "absolute"
            elif user.is_staff_role and now - last > settings.STAFF_IDLE_TIMEOUT:
                reason = "idle"
            if reason:
                return self._expire(request, reason)
            # Asking how long is left is not activity.
            is_status_check = request.path == reverse("session_status")
            if LAST_ACTIVITY not in session or (not is_status_check and now - last >= ACTIVITY_RESOLUTION):
                session[LAST_ACTIVITY] = now
        return self.get_response(request)

    def _expire(self, request: HttpRequest, reason: str) -> HttpResponse:
        record_auth_event(kind=AuthEvent.Kind.SESSION_EXPIRED, request=request, user=request.user, detail=reason)
        back_to = _return_path(request)
        logout(request)
        if _wants_json(request):
            return JsonResponse({"signed_in": False}, status=401)
        if reason == "idle":
            minutes = settings.STAFF_IDLE_TIMEOUT // 60
            text = ngettext(
                "For your security you were signed out after %(minutes)s minute without activity. "
                "Sign in again to carry on where you were.",
                "For your security you were signed out after %(minutes)s minutes without activity. "
                "Sign in again to carry on where you were.",
                minutes,
            ) % {"minutes": minutes}
        else:
            hours = settings.SESSION_ABSOLUTE_LIFETIME // 3600
            text = ngettext(
                "For your security you were signed out after %(hours)s hour. Sign in again to carry on where you were.",
                "For your security you were signed out after %(hours)s hours. "
                "Sign in again to carry on where you were.",
                hours,
            ) % {"hours": hours}
        messages.info(request, text)
        return redirect(f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': back_to})}")


#: Paths a staff user without MFA may still reach: to set it up, or to leave.
MFA_SETUP_ALLOWED_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/healthz", "/session/")


class StaffMFAMiddleware:
    """Staff must have a second factor (TOTP or a passkey) before any staff page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.is_staff_role
            and not request.path.startswith(MFA_SETUP_ALLOWED_PREFIXES + TOKEN_URL_PREFIXES)
            and not user_has_second_factor(user=user)
        ):
            messages.warning(
                request,
                _("Staff accounts need two-factor authentication. Set it up to continue: it takes about two minutes."),
            )
            return redirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class OrganisationTimeZoneMiddleware:
    """Staff of an organisation see dates and times in its time zone (due dates, deadlines,
    timelines); everyone else in the site's (UTC). ``request.organisation_basics``: its time zone
    and name, from the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.organisation_id is not None:
            # Kept on the request for the page's header too (``context_processors.site``).
            request.organisation_basics = organisation_basics(organisation_id=user.organisation_id)
            with timezone.override(request.organisation_basics["timezone"]):
                return self.get_response(request)
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages for a signed-in user are never stored by browsers or proxies."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        patch_vary_headers(response, ("Cookie",))
        return response
