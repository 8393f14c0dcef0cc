"""Everyone's notifications on the site and how they want them; for organisation admins, the
notifications that could not be delivered, and "try again"."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import permissions
from patientportal.access import require, signed_in

from . import selectors, services
from .forms import NotificationPreferencesForm

PAGE_SIZE = 25


@require(permissions.can_see_failed_notifications)
def failed_notification_list(request):
    failed = selectors.notification_failed_list_for_user(user=request.user)
    page = Paginator(failed, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(notification, selectors.kind_label(notification.kind)) for notification in page]
    return render(request, "notifications/failed_list.html", {"page": page, "rows": rows})


@require_POST
@require(permissions.can_see_failed_notifications)
def failed_notification_retry(request, notification_id: int):
    notification = selectors.notification_failed_get_for_user(user=request.user, notification_id=notification_id)
    services.notification_retry(notification=notification, acting_user=request.user)
    messages.success(request, _("We will try to send it again in the next minute."))
    return redirect("failed_notification_list")


# --- everyone: their notifications on the site, and how they want them ---------------------


@require(signed_in)
def notification_list(request):
    """The person's notifications, newest first, the unread ones marked; opening one marks it read."""
    page = Paginator(selectors.notification_list_for_user(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [(notification, selectors.kind_label(notification.kind)) for notification in page]
    return render(request, "notifications/list.html", {"page": page, "rows": rows})


@require(signed_in)
def notification_open(request, notification_id: int):
    """Mark the notification read and go where it points (its link holds ids only)."""
    notification = selectors.notification_get_for_user(user=request.user, notification_id=notification_id)
    services.notification_mark_read(user=request.user, notification=notification)
    target = notification.link if url_has_allowed_host_and_scheme(notification.link, allowed_hosts=None) else ""
    return redirect(target or "notification_list")


@require_POST
@require(signed_in)
def notification_mark_all_read(request):
    count = services.notification_mark_read(user=request.user)
    if count:
        messages.success(request, _("All your notifications are marked as read."))
    return redirect("notification_list")


@require(signed_in)
def notification_preferences(request):
    """How the person wants each kind of notification: straight away, or in a daily digest."""
    current = selectors.notification_preferences_for_user(user=request.user)
    form = NotificationPreferencesForm(request.POST if request.method == "POST" else None, choices=current)
    if request.method == "POST" and form.is_valid():
        services.notification_preferences_set(user=request.user, choices=form.cleaned_data)
        messages.success(request, _("Your choices are saved."))
        return redirect("notification_preferences")
    return render(request, "notifications/preferences.html", {"form": form, "has_choices": bool(current)})
