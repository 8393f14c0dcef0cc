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


def _metrics(user) -> None:
    from accounts.tests.factories import AdvocateFactory, OrganisationFactory
    from cases.tests.factories import AssignedCaseFactory, ReferralFactory

    # The site admin sees every organisation side by side: give them two.
    organisation = user.organisation or OrganisationFactory(name="Multiple Sclerosis Society of the Netherlands")
    if user.organisation is None:
        OrganisationFactory(name="Multiple Sclerosis Society of Great Britain and Northern Ireland")
    advocate = AdvocateFactory(organisation=organisation, first_name="Alexandrina", last_name="Featherstonehaugh")
    for number in range(3):
        case = AssignedCaseFactory(organisation=organisation, assigned_to=advocate)
        ReferralFactory(case=case, outcome="received_help" if number else "waiting_list")


def _listings(user) -> None:
    from resources.tests.factories import ServiceFactory

    ServiceFactory(name="Community transport and accessible minibus service for the county", country="GB")


@pytest.mark.browser
@pytest.mark.parametrize(
    ("role", "path", "setup"),
    [
        ("supervisor", "/team/", _team),
        ("supervisor", "/queue/", _queue),
        ("supervisor", "/metrics/", _metrics),
        ("site_admin", "/metrics/", _metrics),
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


@pytest.mark.browser
def test_the_page_joining_two_requests_reflows_at_320_pixels(browser_page, supervisor):
    from django.urls import reverse

    from accounts.tests.factories import ClientFactory
    from cases.tests.factories import AssignedCaseFactory, CaseFactory

    carer = ClientFactory(email="bartholomew.featherstonehaugh-wilkinson@example.test")
    same = {
        "for_self": False,
        "person_name": "Bartholomew Featherstonehaugh",
        "relationship": "partner",
        "applicant": carer,
        "contact_email": carer.email,
    }
    AssignedCaseFactory(organisation=supervisor.organisation, phone="01632 960 777", **same)
    waiting = CaseFactory(organisation=supervisor.organisation, phone="01632 960777", **same)
    page = browser_page(supervisor, viewport=NARROW)
    response = page.goto(reverse("case_merge", args=[waiting.pk]))
    assert response is not None and response.status == 200
    assert "The two requests side by side" in page.inner_text("main")
    assert sideways(page) == 0
