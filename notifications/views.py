"""Organisation admins: the notifications that could not be delivered, and "try again"."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import permissions
from patientportal.access import require

from . import selectors, services

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
