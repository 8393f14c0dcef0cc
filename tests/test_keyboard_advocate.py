"""Keyboard only through an advocate's morning: from the home page to "My cases", into a case,
then log a call, rate an area of the needs assessment, add a note shared with the client,
schedule a follow-up and refer the client to a service found in the directory.

Advocates work all day in these pages, some with a screen reader or without a mouse. Every Tab
(and every arrow key in a group of radios) must land on a control that is on screen and visibly
focused (``RequestKeyboard``). No clicks, ``fill``, ``check`` or ``select_option``: Chromium
presses the keys.
"""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from cases.models import Assessment, FollowUp, Interaction, Note, Referral
from tests.test_keyboard_request import RequestKeyboard, _link, _named

#: The organisation's time zone (``OrganisationFactory``): staff type and read times in it.
LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.mark.browser
def test_keyboard_only_advocate_works_a_case(browser_page, advocate):
    from cases.tests.factories import AssignedCaseFactory
    from resources.tests.factories import ServiceFactory

    case = AssignedCaseFactory(assigned_to=advocate, organisation=advocate.organisation, reference="MS-KEYB-0001")
    service = ServiceFactory(name="Stairlift grants", country="GB")
    case_path = f"/cases/{case.pk}/"
    page = browser_page(advocate)
    kb = RequestKeyboard(page)
    response = page.goto("/")
    assert response is not None and response.status == 200
    kb.look()

    # My cases, then the case.
    kb.follow(_link("/cases/"), "the link to 'My cases' on the home page")
    assert page.locator("h1").inner_text() == "My cases"
    kb.follow(_link(case_path), f"the link to case {case.reference}")
    assert kb.path() == case_path

    # Log a call: the first contact; the page then asks for the needs assessment.
    kb.follow(_named("Log a contact"), "the 'Log a contact' link")
    called = timezone.localtime(timezone.now() - datetime.timedelta(minutes=30), LONDON)
    kb.radio("channel", "call")
    kb.radio("outcome", "reached")
    kb.type_into("id_date_day", str(called.day))
    kb.type_into("id_date_month", str(called.month))
    kb.type_into("id_date_year", str(called.year))
    kb.type_into("id_time", called.strftime("%H:%M"))
    kb.type_into("id_summary", "First call. The stairs are the main problem.")
    kb.send("Log the contact", case_path)
    assert "This was the first contact" in page.locator("main").inner_text()

    # Rate one area of the needs assessment (arrow keys from "Not talked about").
    kb.follow(_named("Record the needs assessment"), "the 'Record the needs assessment' link")
    kb.radio("level_home_access", "urgent")
    kb.type_into("id_note_home_access", "Two steps at the front door")
    kb.send("Save the assessment", case_path)
    assert "The assessment is saved" in page.locator("main").inner_text()

    # A note shared with the client: the page is back at the assessment, the notes are further on.
    kb.follow(_named("Add a note"), "the 'Add a note' link")
    kb.type_into("id_body", "I have asked the council about a grant.")
    kb.tick("shared_with_client", "on")
    kb.send("Save the note", case_path)

    # A follow-up in three days, in the advocate's time zone.
    due = timezone.localdate(timezone=LONDON) + datetime.timedelta(days=3)
    # Back at the notes: the follow-ups are above them (Shift+Tab).
    kb.follow(_named("Schedule a follow-up"), "the 'Schedule a follow-up' link", key="Shift+Tab")
    kb.type_into("id_summary", "Chase the council")
    kb.type_into("id_date_day", str(due.day))
    kb.type_into("id_date_month", str(due.month))
    kb.type_into("id_date_year", str(due.year))
    kb.type_into("id_time", "10:30")
    kb.send("Schedule it", case_path)

    # Refer to a service found with the directory search, inline.
    kb.follow(_named("Refer to a service"), "the 'Refer to a service' link")
    referral_path = kb.path()
    kb.type_into("id_q", "stairlift")
    kb.send("Search", referral_path)
    kb.radio("service", str(service.pk))
    kb.send("Suggest it to the client", case_path)
    assert "Stairlift grants is suggested to the client" in page.locator("main").inner_text()

    # Everything is on the case, as the advocate typed it.
    interaction = Interaction.objects.get(case=case)
    assert (interaction.channel, interaction.outcome) == ("call", "reached")
    case.refresh_from_db()
    assert case.first_contact_at == interaction.occurred_at
    [rating] = Assessment.objects.get(case=case).ratings.all()
    assert (rating.domain, rating.level, rating.note) == ("home_access", "urgent", "Two steps at the front door")
    assert case.needs.filter(category="home_vehicle_modification").exists()
    note = Note.objects.get(case=case)
    assert note.shared_with_client and note.body == "I have asked the council about a grant."
    chase = FollowUp.objects.get(case=case, is_reassessment=False)
    assert chase.summary == "Chase the council"
    local_due = timezone.localtime(chase.due_at, LONDON)
    assert chase.owner == advocate and (local_due.date(), local_due.strftime("%H:%M")) == (due, "10:30")
    assert Referral.objects.get(case=case).service == service
    assert FollowUp.objects.filter(case=case, is_reassessment=True).exists()
