"""My data as a person reads it, and the download as a program reads it: both built from every
app's declarations (``patientportal.personal_data``)."""

from __future__ import annotations

import datetime
import html
import itertools
import json
import re
from typing import Any

import pytest
from django.urls import reverse

from accounts.tests.factories import OrganisationFactory
from cases.models import ANSWER_FIELDS, Case, CaseEvent, EventKind, Visibility
from cases.personal_data import ANSWER_KEYS
from patientportal import personal_data
from resources.tests.factories import SavedServiceFactory

from .factories import AssignedCaseFactory, everything_about

pytestmark = pytest.mark.django_db


def _text(page: str) -> str:
    """The page's main content as words, tags removed."""
    main = page[page.index("<main") : page.index("</main>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


def _my_data(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("my_data"))
    assert response.status_code == 200
    return response.content.decode()


def _download(client, user) -> dict[str, Any]:
    client.force_login(user)
    response = client.get(reverse("my_data_download"))
    assert response.status_code == 200
    return json.loads(response.content)


# --- the page ---------------------------------------------------------------------------------


def test_the_page_uses_labels_and_words_not_field_names_and_codes(client, client_user):
    everything_about(client_user)
    page = _my_data(client, client_user)
    text = _text(page)
    for shown in (
        "Country United Kingdom",
        "Region England",
        "Who needs help I do",
        "Is it urgent No",
        "Urgent No",
        "You care for someone with MS No",
        "Where it is Withdrawn",
        "Best times Morning (9am to 12 noon)",
        "Help to talk with us None",
        "Languages you speak None",
    ):
        assert shown in text, shown
    for code in ("country GB", "GB-ENG", "for_self", "best_times", "morning", "in_progress", "True", "False", "[]"):
        assert code not in text, code
    # Several answers are a list, one item each.
    assert "<li>Phone call</li><li>E-mail</li>" in page
    assert "<li>Transport</li><li>Financial assistance</li>" in page


def test_the_page_shows_dates_as_dates_in_the_time_zone_of_the_persons_ms_society(client, client_user):
    toronto = OrganisationFactory(countries=["CA"], timezone="America/Toronto")
    case = AssignedCaseFactory(
        applicant=client_user,
        organisation=toronto,
        country="CA",
        region="CA-ON",
        submitted_at=datetime.datetime(2026, 3, 2, 3, 30, tzinfo=datetime.UTC),
        first_contact_due=datetime.date(2026, 3, 4),
    )
    text = _text(_my_data(client, client_user))
    assert "Times are shown in the America/Toronto time zone." in text
    assert "Received 1 March 2026, 22:30" in text  # 03:30 UTC is the evening before in Toronto
    assert "Someone will contact you by 4 March 2026" in text
    assert case.submitted_at.isoformat() not in text


def test_without_a_request_times_are_in_the_sites_time_zone(client, client_user, settings):
    SavedServiceFactory(user=client_user)
    text = _text(_my_data(client, client_user))
    assert f"Times are shown in the {settings.TIME_ZONE} time zone." in text
    assert "You have not made any requests." in text


def test_the_page_shows_the_timeline_messages_contact_preferences_and_referrals(client, client_user):
    everything_about(client_user)
    text = _text(_my_data(client, client_user))
    # The timeline, worded by the client partials of the request page.
    assert "We received your request" in text and "Sam is your advocate" in text
    assert "You changed how we contact you" in text
    assert re.search(r"You withdrew the request \d+ \w+ \d{4}, \d\d:\d\d You said: My neighbour sorted it out\.", text)
    # Contact preferences: now, and the version before.
    now = text.index("How we contact you now")
    before = text.index("How you asked us to contact you before")
    assert "new@example.test" in text[now:before]
    assert "Best times Any time" in text[now:before]
    assert "Best times Morning (9am to 12 noon)" in text[before:]
    # Referrals with "did it help", messages both ways.
    assert "Did it help? Yes, it helped" in text
    assert "You , " in text and "Thank you (0)!" in text and "Your grant was approved (0)." in text
    # Planned and logged contacts, without the staff's own words.
    assert "Contacts your advocate planned with you" in text and "planned" in text
    assert "Phone call Spoke with them 20 minutes" in text
    for staff_words in (
        "Talked through the grant form",
        "Check the benefits claim",
        "Their daughter",
        "Cannot get to the clinic",
    ):
        assert staff_words not in text
    assert "Your advocate's working notes" in text  # what is not shown is said


def test_the_page_shows_everything_else_held_about_them(client, client_user):
    everything_about(client_user)
    text = _text(_my_data(client, client_user))
    for shown in (
        "E-mail address client@example.test",
        "E-mail address client@example.test Confirmed The address we write to",
        "Authenticator app Added on",
        "Services you saved Community support service",
        "What you wrote The phone number has changed (0).",
        "What happened Open",
        "A request you have not sent yet",
        "In your own words A request I have not sent.",
        "What you told us I am moving abroad. Where it is Waiting for the organisation",
        "E-mails we sent you",
        "Your saved services",
    ):
        assert shown in text, shown
    # What is kept on erasure, with the reasons the declarations give.
    assert "Records of when you signed in and out" in text
    assert "Which services your advocate suggested and whether they helped" in text


def test_the_page_is_accessible_in_structure_headings_in_order_and_summary_lists(client, client_user):
    everything_about(client_user, requests=2)
    page = _my_data(client, client_user)
    levels = [int(level) for level in re.findall(r"<h([1-6])", page[page.index("<main") :])]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(later <= earlier + 1 for earlier, later in itertools.pairwise(levels))
    assert page.count('class="govuk-summary-list"') > 10
    # Every section is a landmark named by its heading, listed in the contents.
    for declaration in personal_data.declarations():
        if declaration.read is not None:
            assert f'aria-labelledby="{declaration.key}"' in page and f'href="#{declaration.key}"' in page
    assert "<script" not in page[page.index("<main") : page.index("</main>")]


def test_text_a_person_typed_is_shown_as_text(client, client_user):
    AssignedCaseFactory(applicant=client_user, description="<b>bold</b> words")
    page = _my_data(client, client_user)
    assert "<b>bold</b>" not in page and "&lt;b&gt;bold&lt;/b&gt; words" in page


def test_events_staff_only_see_are_not_on_the_page(client, client_user):
    case = AssignedCaseFactory(applicant=client_user)
    CaseEvent.objects.create(
        case=case, kind=EventKind.FOLLOW_UP_SCHEDULED, actor=case.assigned_to, visibility=Visibility.STAFF
    )
    text = _text(_my_data(client, client_user))
    assert "planned a contact" not in text
    [request] = _download(client, client_user)["requests"]
    assert [event["what"] for event in request["timeline"]] == ["submitted", "assigned"]


@pytest.mark.parametrize(("requests", "items"), [(1, 1), (3, 4)])
def test_the_page_issues_21_queries_whatever_the_size(client, client_user, django_assert_num_queries, requests, items):
    """21 = session and user (2), pending deletion request (1), time zone (1), and the declarations'
    own reads: account with e-mail addresses and second factors (3), saved services (1), problem
    reports (1), requests (8), request not sent yet (1), deletion requests (1), notifications (1),
    how they want to be told (1)."""
    everything_about(client_user, requests=requests, items=items)
    client.force_login(client_user)
    client.get(reverse("my_data"))
    with django_assert_num_queries(21):
        response = client.get(reverse("my_data"))
    assert response.content.decode().count("Request MS-") == requests


# --- the download -------------------------------------------------------------------------------


def _paths(value: Any, prefix: str = "") -> set[str]:
    """Every key of a JSON value as a path: ``requests[].messages[].text``."""
    paths = set()
    if isinstance(value, dict):
        for key, inner in value.items():
            path = f"{prefix}.{key}" if prefix else key
            paths.add(path)
            paths |= _paths(inner, path)
    elif isinstance(value, list):
        for inner in value:
            paths |= _paths(inner, f"{prefix}[]")
    return paths


def test_every_key_of_the_download_is_documented_and_every_documented_key_is_there(client, client_user):
    everything_about(client_user)
    data = _download(client, client_user)
    documented = data.pop("about_this_file")["keys"]
    assert _paths(data) == set(documented) - {"about_this_file.keys"}
    assert all(isinstance(meaning, str) and meaning for meaning in documented.values())


def test_every_answer_of_the_request_is_documented():
    assert set(ANSWER_KEYS) == set(ANSWER_FIELDS)


def test_the_download_keeps_codes_and_iso_dates(client, client_user):
    everything_about(client_user)
    data = _download(client, client_user)
    assert data["format"] == "patientportal-personal-data/1"
    first = data["requests"][0]
    case = Case.objects.get(reference=first["reference"])
    assert first["received"] == case.submitted_at.isoformat()
    assert first["first_contact_due"] == case.first_contact_due.isoformat()
    assert first["status"] == "withdrawn" and first["country"] == "GB" and first["region"] == "GB-ENG"
    assert first["answers"]["best_times"] == ["morning"] and first["answers"]["best_days"] == [0, 2]
    assert first["contact_preferences"][0]["contact_methods"] == ["phone", "email"]  # now first
    assert first["contact_preferences"][1]["contact_methods"] == ["phone"]  # then the one before
    assert first["timeline"][-1] == {
        "what": "withdrawn",
        "when": first["timeline"][-1]["when"],
        "status": "withdrawn",
        "your_reason": "My neighbour sorted it out.",
    }
    assert first["referrals"][0]["your_feedback"] == "helped"
    assert first["contacts"][0] == {
        "when": first["contacts"][0]["when"],
        "how": "call",
        "outcome": "reached",
        "minutes": 20,
    }
    assert data["account"]["second_factors"][0]["type"] == "totp"
    assert data["problem_reports"][0]["message"] == "The phone number has changed (0)."
    assert data["saved_services"][0]["service"].startswith("Community support service")
    assert data["deletion_requests"][0]["reason"] == "I am moving abroad."
    assert {row["kind"] for row in data["notifications"]} == {"my_list", "planned_contact"}
    assert data["request_not_sent_yet"]["description"] == "A request I have not sent."
    datetime.datetime.fromisoformat(data["exported_at"])


def test_the_download_never_holds_secrets_or_staff_notes(client, client_user):
    everything_about(client_user)
    client.force_login(client_user)
    raw = client.get(reverse("my_data_download")).content.decode()
    for secret in ("JBSWY3DPEHPK3PXP", "password", "pbkdf2", "md5$", "Talked through", "Check the benefits claim"):
        assert secret not in raw, secret


@pytest.mark.parametrize(("requests", "items"), [(1, 1), (3, 4)])
def test_the_download_issues_20_queries_whatever_the_size(
    client, client_user, django_assert_num_queries, requests, items
):
    """20 = session and user (2), the declarations' reads (17, as on the page), the access event written (1)."""
    everything_about(client_user, requests=requests, items=items)
    client.force_login(client_user)
    client.get(reverse("my_data_download"))
    with django_assert_num_queries(20):
        response = client.get(reverse("my_data_download"))
    assert len(json.loads(response.content)["requests"]) == requests
