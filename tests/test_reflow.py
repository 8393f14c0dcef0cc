"""Reflow (WCAG 2.2, 1.4.10): the staff pages with tables and long lists fit 320 CSS pixels
(what 1280 pixels are at 400% zoom) without scrolling sideways."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

NARROW = {"width": 320, "height": 800}


def sideways(page) -> int:
    """How many pixels the page is wider than the window (0: it reflows)."""
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def _team(user) -> None:
    from accounts.models import Absence
    from accounts.tests.factories import AdvocateFactory

    org = user.organisation
    away = AdvocateFactory(
        organisation=org,
        first_name="Bartholomew",
        last_name="Featherstonehaugh-Wilkinson",
        languages=["en", "cy", "pl"],
    )
    cover = AdvocateFactory(organisation=org, first_name="Fiona", last_name="MacLeod", regions=["GB-SCT", "GB-WLS"])
    today = timezone.localdate()
    Absence.objects.create(advocate=away, covered_by=cover, starts_on=today, ends_on=today + datetime.timedelta(days=9))


def _queue(user) -> None:
    from accounts.tests.factories import AdvocateFactory
    from cases.tests.factories import CaseFactory

    for number in range(3):
        CaseFactory(organisation=user.organisation, is_urgent=number == 0, categories=["transport", "housing"])
    AdvocateFactory(organisation=user.organisation, first_name="Alexandrina")


def _listings(user) -> None:
    from resources.tests.factories import ServiceFactory

    ServiceFactory(name="Community transport and accessible minibus service for the county", country="GB")


@pytest.mark.browser
@pytest.mark.parametrize(
    ("role", "path", "setup"),
    [
        ("supervisor", "/team/", _team),
        ("supervisor", "/queue/", _queue),
        ("org_admin", "/team/", _team),
        ("org_admin", "/directory/", _listings),
    ],
)
def test_staff_pages_reflow_at_320_pixels(browser_page, request, role, path, setup):
    user = request.getfixturevalue(role)
    setup(user)
    page = browser_page(user, viewport=NARROW)
    response = page.goto(path)
    assert response is not None and response.status == 200, path
    assert sideways(page) <= 0, f"{path} as {role} is {sideways(page)} px wider than 320 px"
