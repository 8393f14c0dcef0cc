"""Views that raise each application error, for test_errors.py (``@pytest.mark.urls``)."""

from django.core.exceptions import ValidationError
from django.urls import path

from patientportal.access import require
from patientportal.errors import InvalidInput, InvalidState, NotAllowed, NotFound
from patientportal.urls import handler403, handler404, handler500  # noqa: F401 - the project's error pages
from patientportal.urls import urlpatterns as project_urlpatterns


def _raises(exception):
    def view(request):
        raise exception

    return view


def _nobody(user) -> bool:
    return False


urlpatterns = [
    path("not-found/", _raises(NotFound())),
    path("not-allowed/", _raises(NotAllowed())),
    path("wrong-role/", require(_nobody)(_raises(AssertionError("never reached")))),
    path("invalid-state/", _raises(InvalidState("This request is already closed."))),
    path("invalid-input/", _raises(InvalidInput("Choose how the case ended."))),
    path("validation-error/", _raises(ValidationError("Enter a whole number."))),
    path("bug/", _raises(ZeroDivisionError("a real bug"))),
    *project_urlpatterns,
]
