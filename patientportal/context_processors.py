from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts import permissions


def site(request):
    """Role-aware navigation and the session-timeout settings for the base layout."""
    user = getattr(request, "user", None)
    nav = [("resource_search", _("Find help"))]
    if user is None or not user.is_authenticated:
        nav.append(("request_start", _("Ask for an advocate")))
    if user is not None and user.is_authenticated:
        nav.insert(0, ("home", _("Home")))
        if permissions.is_client(user):
            nav.append(("my_requests", _("My requests")))
            nav.append(("my_list", _("My list")))
        if permissions.can_view_caseload(user):
            nav.append(("caseload", _("My cases")))
        if permissions.can_view_queue(user):
            nav.append(("queue", _("Queue")))
        if permissions.can_view_team(user):
            nav.append(("team_list", _("Team")))
        if permissions.can_view_metrics(user):
            nav.append(("metrics", _("Metrics")))
        if permissions.can_manage_organisation(user):
            nav.append(("organisation_settings", _("Organisation")))
        if permissions.can_curate_directory(user):
            nav.append(("curation_list", _("Directory")))
        if user.is_site_admin:
            nav.append(("admin:index", _("Admin")))
        nav.append(("account_overview", _("Your account")))
    staff = bool(user is not None and user.is_authenticated and user.is_staff_role)
    basics = getattr(request, "organisation_basics", None)
    return {
        "site_name": settings.SITE_NAME,
        # The staff member's organisation, as the header and the pages' captions name it
        # (OrganisationTimeZoneMiddleware read it from the cache).
        "organisation_name": basics["name"] if basics else "",
        "organisation_full_name": basics["full_name"] if basics else "",
        "nav_items": nav,
        "show_session_timeout": staff,
        "idle_timeout_seconds": settings.STAFF_IDLE_TIMEOUT,
        "idle_warning_seconds": settings.STAFF_IDLE_WARNING,
        "idle_timeout_minutes": settings.STAFF_IDLE_TIMEOUT // 60,
    }
