""" "Save" pressed by a visitor: the service is saved once they have signed in.

The visitor's press is a POST with its CSRF token, like a client's; it puts the service in their
session (``hold``) and sends them to sign in, then back to the page they were on. Signing in
keeps the session's data (Django cycles its key) and saves it (``save_held``, on
``user_logged_in``), with the same banner as a save made signed in. Nothing is saved on a GET,
and a session holds one service at most: the one they asked for last.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.utils.translation import gettext as _

from . import selectors, services
from .models import Service

SESSION_KEY = "resources_save_after_sign_in"


def hold(*, session, service: Service) -> None:
    session[SESSION_KEY] = str(service.pk)


def save_held(sender, request, user, **kwargs) -> None:
    """Receiver of ``user_logged_in``: save the service the visitor asked to save, if any (a
    client's list only; a member of staff's press is forgotten)."""
    service_id = request.session.pop(SESSION_KEY, None) if request is not None else None
    if not service_id or not user.is_client:
        return
    try:
        service = selectors.service_get_listed(service_id=service_id)
    except Http404:  # retired while they signed in
        return
    services.saved_service_add(user=user, service=service)
    messages.success(request, _("Saved to your list."), fail_silently=True)
