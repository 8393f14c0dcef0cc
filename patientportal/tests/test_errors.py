"""One family of application errors, answered in one place: each becomes its status and its
plain page, a 403 is logged once without a traceback, and nothing of ours raises the built-in
PermissionError or ValueError for a person's request."""

from __future__ import annotations

import ast
import logging
from pathlib import Path

import pytest

from patientportal.models import AuthEvent

pytestmark = [pytest.mark.django_db, pytest.mark.urls("patientportal.tests.urls_errors")]

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("path", "status", "shown"),
    [
        ("/not-found/", 404, "Page not found"),
        ("/not-allowed/", 403, "You cannot open this page"),
        ("/wrong-role/", 403, "You cannot open this page"),
        ("/invalid-state/", 409, "This request is already closed."),
        ("/invalid-input/", 400, "Choose how the case ended."),
        ("/validation-error/", 400, "Enter a whole number."),
    ],
)
def test_each_error_is_its_status_and_its_page(client, client_user, path, status, shown):
    client.force_login(client_user)
    response = client.get(path)
    assert response.status_code == status
    page = response.content.decode()
    assert shown in page and "Go to your start page" in page


def test_a_403_is_logged_once_without_a_traceback_and_recorded(client, client_user, caplog):
    client.force_login(client_user)
    with caplog.at_level(logging.INFO):
        client.get("/not-allowed/")
    lines = [r for r in caplog.records if "403" in r.getMessage() or "Forbidden" in r.getMessage()]
    assert len(lines) == 1, [r.getMessage() for r in lines]
    assert lines[0].exc_info is None and "/not-allowed/" in lines[0].getMessage()
    assert AuthEvent.objects.filter(kind=AuthEvent.Kind.PERMISSION_DENIED, user_id=client_user.pk).count() == 1


def test_a_real_fault_is_not_dressed_up_as_an_application_error(client, client_user):
    client.force_login(client_user)
    with pytest.raises(ZeroDivisionError):
        client.get("/bug/")


def _raises(tree: ast.AST, names: set[str]) -> list[int]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.exc is not None:
            target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(target, ast.Name) and target.id in names:
                found.append(node.lineno)
    return found


def test_services_selectors_and_views_raise_the_application_errors_not_built_in_ones():
    files = [
        path
        for app in ("accounts", "cases", "resources", "notifications", "patientportal")
        for pattern in ("services.py", "services/*.py", "selectors.py", "*views.py", "views/*.py", "permissions.py")
        for path in (BASE_DIR / app).glob(pattern)
    ]
    assert len(files) >= 12
    offenders = {
        str(path.relative_to(BASE_DIR)): lines
        for path in files
        if (lines := _raises(ast.parse(path.read_text()), {"PermissionError", "ValueError"}))
    }
    assert not offenders
