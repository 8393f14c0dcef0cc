"""Keyboard only through a supervisor's morning: from the home page to the queue, into a waiting
request, choose the advocate suggested and assign it; then that advocate finds it in "My cases".

Every Tab (and every arrow key in the group of advocates) must land on a control that is on
screen and visibly focused (``RequestKeyboard``). No clicks: Chromium presses the keys.
"""

from __future__ import annotations

import pytest

from cases.choices import CaseStatus
from tests.test_keyboard_request import RequestKeyboard, _link


@pytest.mark.browser
def test_keyboard_only_supervisor_assigns_a_request(browser_page, supervisor):
    from accounts.tests.factories import AdvocateFactory
    from cases.tests.factories import CaseFactory

    organisation = supervisor.organisation
    case = CaseFactory(organisation=organisation, reference="MS-KEYB-QUEU", language="fr")
    AdvocateFactory(organisation=organisation, first_name="Kim", last_name="Ray", languages=["en"])
    sam = AdvocateFactory(organisation=organisation, first_name="Sam", last_name="Lee", languages=["fr"])
    page = browser_page(supervisor)
    kb = RequestKeyboard(page)
    response = page.goto("/")
    assert response is not None and response.status == 200
    kb.look()

    kb.follow(_link("/queue/"), "the link to the queue")
    assert page.locator("h1").inner_text() == "Queue"
    assign_path = f"/queue/{case.pk}/"
    kb.follow(_link(assign_path), f"the link to request {case.reference}")
    main = page.locator("main").inner_text()
    assert "Speaks French" in main and "Does not speak French" in main
    kb.radio("advocate", str(sam.pk))
    kb.send("Assign", "/queue/")
    assert "MS-KEYB-QUEU given to Sam Lee. They have been told." in page.locator("main").inner_text()

    case.refresh_from_db()
    assert (case.status, case.assigned_to) == (CaseStatus.ASSIGNED, sam)

    # Sam signs in and finds it in "My cases".
    theirs = browser_page(sam)
    kb = RequestKeyboard(theirs)
    theirs.goto("/")
    kb.look()
    kb.follow(_link("/cases/"), "the link to 'My cases'")
    assert "MS-KEYB-QUEU" in theirs.locator("main").inner_text()
