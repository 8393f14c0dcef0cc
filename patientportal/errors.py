"""One family of application errors, and the one place they become responses.

Services and selectors raise these; views catch one only when they can do better than the
plain page (show the message beside a form field, say). Anything they do not catch reaches
``ApplicationErrorMiddleware``, which answers with the status and page in ``RESPONSES``.

- ``NotFound``: missing, or not yours. The same 404 either way ("consistent, boring error
  messages"), so an id never tells whether a record exists.
- ``NotAllowed``: you may see it but not do this (403).
- ``InvalidState``: not now: the record is in a state where this cannot happen (409), with
  a message that says why, for example "This request is already closed."
- ``InvalidInput``: the input breaks a rule (400). Django's ``ValidationError`` is treated
  the same, so a service's ``full_clean()`` never escapes as a 500.

Django's own ``Http404`` and ``PermissionDenied`` are answered here too, so a 403 is logged
once, as one line without a traceback, and recorded as an ``AuthEvent``.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("patientportal.errors")


class ApplicationError(Exception):
    """Base of the family. ``message`` is written for the person who will read it."""

    default_message = _("Something went wrong.")

    def __init__(self, message: str | None = None, *, code: str = ""):
        self.message = str(message if message is not None else self.default_message)
        self.code = code
        super().__init__(self.message)


class NotFound(ApplicationError, Http404):
    default_message = _("Page not found.")


class NotAllowed(ApplicationError, PermissionDenied):
    default_message = _("You cannot do this.")


class InvalidState(ApplicationError):
    default_message = _("This cannot be done now.")


class InvalidInput(ApplicationError):
    default_message = _("Check what you entered.")


#: Exception -> (status, template). The first matching class wins.
RESPONSES: tuple[tuple[type[BaseException], int, str], ...] = (
    (Http404, 404, "errors/404.html"),
    (PermissionDenied, 403, "errors/403.html"),
    (InvalidState, 409, "errors/409.html"),
    (InvalidInput, 400, "errors/400.html"),
    (ValidationError, 400, "errors/400.html"),
)


def _message(exception: BaseException) -> str:
    if isinstance(exception, ApplicationError):
        return exception.message
    if isinstance(exception, ValidationError):
        return " ".join(exception.messages)
    return ""


def response_for(request: HttpRequest, exception: BaseException) -> HttpResponse | None:
    """The page for an application error, or None for anything else (a real 500)."""
    match = next(((status, template) for kind, status, template in RESPONSES if isinstance(exception, kind)), None)
    if match is None:
        return None
    status, template = match
    if status == 403:
        record_denied(request)
    # One line, without a traceback: these are answers, not faults. The path may hold ids
    # but never personal data (no personal data in URLs).
    logger.warning("%s %s: %s", status, request.path, type(exception).__name__)
    response = render(request, template, {"message": _message(exception)}, status=status)
    response._has_been_logged = True  # Django's request logger would log it again
    return response


def record_denied(request: HttpRequest) -> None:
    from .audit import record_auth_event
    from .models import AuthEvent

    user = getattr(request, "user", None)
    record_auth_event(
        kind=AuthEvent.Kind.PERMISSION_DENIED,
        request=request,
        user=user if user is not None and user.is_authenticated else None,
    )


class ApplicationErrorMiddleware:
    """Turns application errors raised by views into their pages (see ``RESPONSES``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return response_for(request, exception)
