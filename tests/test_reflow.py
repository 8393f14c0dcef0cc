"""Reflow (WCAG 2.2, 1.4.10): the staff pages with tables and long lists fit 320 CSS pixels
(what 1280 pixels are at 400% zoom) without scrolling sideways, with the longest data they
meet: a society's full name in the header, names and listings of one word longer than the
screen is wide (German and Dutch make them), an e-mail address.

``tests/test_accessibility.py`` checks every page of the site at 320 pixels too, with the data
its states make; this suite gives the pages with tables the data that breaks tables.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from .browser import NARROW, assert_reflows

#: One word wider than a 320-pixel screen: names and listings like it exist.
LONG_NAME = "Wolfeschlegelsteinhausenbergerdorff"
LONG_LISTING = "Hilfsmittelversorgungsberatungsstelle"
LONG_SOCIETY = "Deutsche Multiple Sklerose Gesellschaft, Landesverband Nordrhein-Westfalen e.V."

#: 400% zoom; the narrowest at which GOV.UK Frontend's tablet layout applies (stacked tables are
#: tables again); a desktop screen.
WIDTHS = [NARROW, {"width": 641, "height": 800}, {"width": 1280, "height": 900}]


def _long_society_name(user) -> None:
    """The header names the staff member's society: give it a long one."""
    from accounts.models import Organisation

    if user.organisation is not None:
        Organisation.objects.filter(pk=user.organisation_id).update(name=LONG_SOCIETY)


def _team(user) -> None:
    from accounts.models import Absence
    from accounts.tests.factories import AdvocateFactory

    _long_society_name(user)
    org = user.organisation
    away = AdvocateFactory(
        organisation=org,
        first_name="Bartholomew",
        last_name="Featherstonehaugh-Wilkinson",
        languages=["en", "cy", "pl", "de", "nl", "fr"],
    )
    cover = AdvocateFactory(organisation=org, first_name="Fiona", last_name=LONG_NAME, regions=["GB-SCT", "GB-WLS"])
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
    """The organisation admin's directory: a listing needing a check, with an open report, a
    listing and a provider named by one long word each."""
    from resources.tests.factories import ProblemReportFactory, ProviderFactory, ServiceFactory

    _long_society_name(user)
    ServiceFactory(name="Community transport and accessible minibus service for the county", country="GB")
    long = ServiceFactory(
        name=LONG_LISTING,
        provider=ProviderFactory(name=f"{LONG_NAME}-Stiftung"),
        country="GB",
        assured_date=datetime.date(2020, 1, 1),
    )
    ProblemReportFactory(service=long, message=f"Write to beratung@{LONG_LISTING.lower()}.example instead.")


def _closures(user) -> None:
    from accounts.tests.factories import HolidayFactory

    _long_society_name(user)
    HolidayFactory(organisation=user.organisation, name=f"{LONG_LISTING}sfortbildungstag")


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
        ("org_admin", "/directory/reports/", _listings),
        ("org_admin", "/organisation/", _closures),
    ],
)
def test_staff_pages_do_not_scroll_sideways_at_any_width(browser_page, request, role, path, setup):
    """At 320 pixels (the tables stacked), at the narrowest where they are tables again, and on a
    desktop screen, where a word longer than its column must not widen the table either."""
    user = request.getfixturevalue(role)
    setup(user)
    page = browser_page(user, viewport=NARROW)
    response = page.goto(path)
    assert response is not None and response.status == 200, path
    for viewport in WIDTHS:
        assert_reflows(page, f"{path} as {role}", viewport=viewport)


@pytest.mark.browser
@pytest.mark.parametrize(
    ("path", "setup", "labels"),
    [
        ("/team/", _team, ["Name", "Role", "Open cases", "Languages", "Regions", "Today"]),
        ("/directory/", _listings, ["Listing", "Status", "Last checked"]),
    ],
)
def test_the_team_and_directory_tables_become_labelled_rows_at_320_pixels(browser_page, org_admin, path, setup, labels):
    """Stacked, each row is a block of its own and each value says which column it is in; the
    table is still a table to assistive technology (its headers are there, visually hidden)."""
    setup(org_admin)
    page = browser_page(org_admin, viewport=NARROW)
    page.goto(path)
    table = page.locator("main table")
    cells = table.locator("tbody tr").first.locator("th, td")
    shown = [cells.nth(i).evaluate("(cell) => getComputedStyle(cell).display") for i in range(cells.count())]
    assert set(shown) == {"block"}
    label = cells.nth(1).evaluate("(cell) => getComputedStyle(cell, '::before').content")
    assert label == f'"{labels[1]}: "'
    assert [header.inner_text() for header in table.locator("thead th").all()][: len(labels)] == labels
    assert table.get_by_role("columnheader").count() >= len(labels)


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
    assert_reflows(page, "the page joining two requests")


@pytest.mark.browser
def test_a_table_of_numbers_wider_than_the_page_scrolls_in_its_own_region(browser_page, site_admin):
    """Between the stacked layout and a wide screen, a metrics table too wide for the page scrolls
    inside a region named by its caption, which the keyboard reaches and scrolls; the page does not."""
    _metrics(site_admin)
    page = browser_page(site_admin, viewport={"width": 641, "height": 800})
    page.goto("/metrics/")
    regions = page.locator(".pp-table-scroll")
    scrolling = [
        region for region in regions.all() if region.evaluate("(region) => region.scrollWidth > region.clientWidth")
    ]
    assert scrolling, "no metrics table is wider than 641 pixels: widen the data so this test means something"
    region = scrolling[0]
    caption = region.locator("caption").inner_text()
    assert page.get_by_role("region", name=caption, exact=True).count() == 1
    region.focus()
    assert region.evaluate("(region) => document.activeElement === region")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("(region) => region.scrollLeft > 0", arg=region.element_handle())
    assert_reflows(page, "/metrics/ as site_admin", viewport={"width": 641, "height": 800})
