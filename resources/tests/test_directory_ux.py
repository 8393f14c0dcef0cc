"""The directory as a new user expects it (issue 12, point 4).

Each test here failed before the change it names: a country chosen for the visitor, regions of
the chosen country only, "Back to find help" to the same results, the filters behind "Filter"
on a phone, "Save" for a visitor, and opening hours shown once. The browser's side (the region
list following the country with JavaScript, the phone layout with and without it) is in
``tests/test_keyboard_directory.py``.
"""

from __future__ import annotations

import html
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from accounts.tests.factories import TEST_PASSWORD
from cases.tests.factories import CaseFactory, RequestDraftFactory
from resources.models import SavedService
from resources.selectors import LANGUAGE_COUNTRY

from .factories import LocationFactory, ScheduleFactory, ServiceAtLocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("resource_search")


def names(body: str) -> set[str]:
    """The names of the services on a page of results."""
    return {
        html.unescape(name)
        for name in re.findall(r'class="govuk-link" href="/find-help/services/[^"]+">([^<]+)</a></h3>', body)
    }


def select(body: str, name: str) -> str:
    match = re.search(rf'<select name="{name}".*?</select>', body, re.S)
    assert match, f"no {name} select"
    return match.group(0)


def options(body: str, name: str) -> list[str]:
    return re.findall(r'<option value="([^"]*)"', select(body, name))


def selected(body: str, name: str) -> list[str]:
    return re.findall(r'<option value="([^"]*)"[^>]*selected', select(body, name))


def one_per_country() -> None:
    for country in ("AU", "BE", "CA", "DK", "DE", "IT", "NL", "ES", "GB", "US"):
        ServiceFactory(name=f"Wheelchair loans {country}", country=country, categories=["equipment_mobility"])


# --- a country chosen for the visitor ----------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "country"),
    [("en", "GB"), ("fr", "BE"), ("de", "DE"), ("it", "IT"), ("es", "ES"), ("nl", "NL"), ("da", "DK")],
)
def test_a_visitor_starts_in_their_languages_likely_country(client, language, country):
    one_per_country()
    body = client.get(SEARCH, headers={"accept-language": language}).content.decode()
    assert names(body) == {f"Wheelchair loans {country}"}
    assert selected(body, "country") == [country]
    # Always changeable: every country is still offered, and every country at once.
    assert options(body, "country") == ["", "AU", "BE", "CA", "DK", "DE", "IT", "NL", "ES", "GB", "US"]


def test_every_site_language_has_a_likely_country():
    from django.conf import settings

    assert set(LANGUAGE_COUNTRY) == {code for code, _name in settings.LANGUAGES}


def test_a_search_from_the_home_page_starts_in_the_country_too(client):
    one_per_country()
    body = client.get(SEARCH, {"q": "wheelchair"}).content.decode()
    assert names(body) == {"Wheelchair loans GB"}
    assert "Showing services in United Kingdom." in body


def test_a_client_starts_in_the_country_of_their_request(client, client_user):
    one_per_country()
    CaseFactory(applicant=client_user, country="CA", region="CA-ON")
    client.force_login(client_user)
    body = client.get(SEARCH, {"q": "wheelchair"}, headers={"accept-language": "en"}).content.decode()
    assert names(body) == {"Wheelchair loans CA"}
    assert selected(body, "country") == ["CA"]


def test_a_client_writing_a_request_starts_in_its_country(client, client_user):
    one_per_country()
    RequestDraftFactory(applicant=client_user, country="DK", region="DK-84")
    client.force_login(client_user)
    body = client.get(SEARCH, headers={"accept-language": "en"}).content.decode()
    assert names(body) == {"Wheelchair loans DK"}


def test_an_advocate_starts_in_their_societys_country(client, other_organisation):
    from accounts.tests.factories import AdvocateFactory

    one_per_country()
    client.force_login(AdvocateFactory(organisation=other_organisation))  # MS Canada
    assert names(client.get(SEARCH).content.decode()) == {"Wheelchair loans CA"}


def test_every_country_is_a_choice_that_is_kept(client):
    one_per_country()
    first = client.get(SEARCH, {"q": "wheelchair"}).content.decode()
    link = html.unescape(re.search(r'id="results-country">.*?<a class="govuk-link" href="([^"]+)"', first, re.S)[1])
    assert parse_qs(urlsplit(link).query, keep_blank_values=True)["country"] == [""]
    every = client.get(SEARCH + link).content.decode()
    assert len(names(every)) == 10
    assert selected(every, "country") == [""]
    # ... and a service opened from there leads back to every country.
    link = html.unescape(re.search(r'href="(/find-help/services/[^"]+)">Wheelchair loans CA', every)[1])
    assert parse_qs(urlsplit(link).query, keep_blank_values=True)["country"] == [""]


def test_a_region_chosen_without_a_country_is_not_overridden(client):
    ServiceFactory(name="Ontario rides", country="CA", regions=["CA-ON"])
    ServiceFactory(name="London rides", country="GB")
    body = client.get(SEARCH, {"region": "CA-ON"}).content.decode()
    assert names(body) == {"Ontario rides"}
    assert "There is a problem" not in body


def test_a_visitor_pays_no_query_for_their_country(client, django_assert_num_queries):
    one_per_country()
    with django_assert_num_queries(2):  # count, page
        client.get(SEARCH, headers={"accept-language": "nl"})


def test_result_cards_show_the_country(client):
    ServiceFactory(name="Ontario rides", country="CA", regions=["CA-ON", "CA-QC"])
    ServiceFactory(name="Accessible taxis", country="CA")
    body = client.get(SEARCH, {"country": "CA"}).content.decode()
    areas = re.findall(r'<p class="govuk-body-s pp-result__area">([^<]*)</p>', body)
    assert sorted(html.unescape(area) for area in areas) == ["Canada", "Canada (Ontario, Quebec)"]


# --- regions of the chosen country -------------------------------------------------------------


def test_after_choosing_a_country_the_region_list_has_only_its_regions(client):
    body = client.get(SEARCH, {"country": "BE"}).content.decode()
    assert options(body, "region") == ["", "BE-BRU", "BE-VLG", "BE-WAL"]
    assert "<optgroup" not in select(body, "region")


def test_every_country_lists_every_countrys_regions_by_country(client):
    body = client.get(SEARCH, {"country": ""}).content.decode()
    assert select(body, "region").count("<optgroup") == 10
    assert {"BE-VLG", "CA-ON", "GB-SCT"} <= set(options(body, "region"))


def test_without_javascript_update_regions_shows_the_new_countrys_regions(client):
    """Without JavaScript: choose another country, press "Update regions". A region of the old
    country is dropped, not refused."""
    page = client.get(SEARCH, {"country": "GB", "region": "GB-SCT"}).content.decode()
    assert 'name="update_regions"' in page and "Update regions" in page
    response = client.get(SEARCH, {"q": "rides", "country": "CA", "region": "GB-SCT", "update_regions": "1"})
    assert response.status_code == 302 and response["Location"] == f"{SEARCH}?q=rides&country=CA"
    body = client.get(response["Location"]).content.decode()
    assert "There is a problem" not in body
    assert options(body, "region")[:3] == ["", "CA-AB", "CA-BC"] and "GB-SCT" not in options(body, "region")
    assert selected(body, "region") == [""]
    # A region of the new country is kept.
    kept = client.get(SEARCH, {"country": "CA", "region": "CA-ON", "update_regions": "1"})
    assert kept["Location"] == f"{SEARCH}?country=CA&region=CA-ON"


def test_the_page_gives_the_script_every_countrys_regions(client):
    """What static/js/regions.js fills the region list from when the country changes."""
    body = client.get(SEARCH).content.decode()
    data = json.loads(re.search(r'<script id="region-options" type="application/json">(.*?)</script>', body, re.S)[1])
    by_country = {entry["country"]: entry for entry in data}
    assert len(by_country) == 10
    assert by_country["BE"]["name"] == "Belgium"
    assert by_country["BE"]["regions"] == [["BE-BRU", "Brussels"], ["BE-VLG", "Flanders"], ["BE-WAL", "Wallonia"]]
    assert 'data-regions-of="id_country"' in select(body, "region")
    assert re.search(r'<script type="module" src="/static/js/regions[.\w]*\.js" nonce="', body)


# --- back to the same search -------------------------------------------------------------------


def test_back_to_find_help_returns_to_the_same_search_filters_and_page(client):
    for n in range(25):
        ServiceFactory(name=f"Transport scheme {n:02}", categories=["transport"], country="GB", regions=[])
    search = {"q": "transport", "category": "transport", "country": "GB", "free": "", "sort": "name", "page": "2"}
    results = client.get(SEARCH, search).content.decode()
    link = html.unescape(re.search(r'href="(/find-help/services/[^"]+)">Transport scheme 20', results)[1])
    wanted = {"q": ["transport"], "category": ["transport"], "country": ["GB"], "sort": ["name"], "page": ["2"]}
    assert parse_qs(urlsplit(link).query) == wanted

    service = client.get(link + "&next=https://elsewhere.example/").content.decode()
    back = html.unescape(re.search(r'<a href="([^"]+)" class="govuk-back-link">', service)[1])
    assert urlsplit(back).path == SEARCH
    assert parse_qs(urlsplit(back).query) == wanted  # and nothing else from the service's URL
    assert "Transport scheme 20" in client.get(back).content.decode()


def test_back_to_find_help_from_a_service_opened_elsewhere_is_a_new_search(client):
    service = ServiceFactory()
    body = client.get(reverse("service_detail", args=[service.pk])).content.decode()
    assert f'<a href="{SEARCH}" class="govuk-back-link">' in body


# --- the filters behind "Filter" on a phone ----------------------------------------------------


def test_the_filters_wait_behind_a_filter_control_before_the_results(client):
    ServiceFactory(name="Wheelchair loans")
    body = client.get(SEARCH, {"q": "wheelchair"}).content.decode()
    details = re.search(r'<details class="govuk-details pp-filters" id="filters"( open)?>', body)
    assert details and not details[1], "the filters are not in a closed <details>"
    summary = re.search(r"<summary[^>]*>(.*?)</summary>", body, re.S)[1]
    assert re.sub(r"<[^>]+>", "", summary).strip() == "Filter"
    # The search box and its button come first, the filters inside "Filter", then the results.
    assert body.index('name="q"') < body.index("<details") < body.index('name="country"') < body.index("</details>")
    assert body.index("</details>") < body.index('id="results"')


def test_the_filters_are_open_when_one_has_an_error(client):
    body = client.get(SEARCH, {"age": "old"}).content.decode()
    assert '<details class="govuk-details pp-filters" id="filters" open>' in body


# --- Save, for a visitor -----------------------------------------------------------------------


def test_a_visitor_sees_save_on_a_service_and_in_the_results(client):
    service = ServiceFactory(name="Peer support group")
    page = client.get(reverse("service_detail", args=[service.pk])).content.decode()
    assert f'action="{reverse("service_save", args=[service.pk])}"' in page
    assert "Save to my list" in page and "You will be asked to sign in first" in page
    results = client.get(SEARCH, {"q": "peer support"}).content.decode()
    assert f'action="{reverse("service_save", args=[service.pk])}"' in results


def test_a_visitor_who_saves_signs_in_and_comes_back_with_it_saved(client, client_user):
    service = ServiceFactory(name="Peer support group")
    page = reverse("service_detail", args=[service.pk]) + "?q=peer&country=GB"
    response = client.post(reverse("service_save", args=[service.pk]), {"next": page})
    assert response.status_code == 302
    login = urlsplit(response["Location"])
    assert login.path == reverse("account_login") and parse_qs(login.query)["next"] == [page]
    assert not SavedService.objects.exists()

    signed_in = client.post(
        reverse("account_login") + "?" + login.query, {"login": client_user.email, "password": TEST_PASSWORD}
    )
    assert signed_in.status_code == 302 and signed_in["Location"] == page
    assert list(SavedService.objects.values_list("user", "service")) == [(client_user.pk, service.pk)]
    body = client.get(page).content.decode()
    assert "govuk-notification-banner--success" in body and "Saved to your list." in body
    assert "This service is on your list." in body
    # Once: signing in again later saves nothing more and says nothing.
    client.logout()
    client.post(reverse("account_login"), {"login": client_user.email, "password": TEST_PASSWORD})
    assert "Saved to your list." not in client.get(page).content.decode()
    assert SavedService.objects.count() == 1


def test_nothing_is_saved_by_opening_a_link(client, client_user):
    """Only the visitor's POST (with its CSRF token) asks for a save: a GET does nothing."""
    service = ServiceFactory()
    assert client.get(reverse("service_save", args=[service.pk])).status_code == 405
    client.force_login(client_user)
    assert not SavedService.objects.exists()


def test_a_visitors_save_needs_the_csrf_token(client):
    from django.test import Client

    service = ServiceFactory()
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("service_save", args=[service.pk])).status_code == 403


def test_a_service_retired_before_sign_in_is_not_saved(client, client_user):
    service = ServiceFactory()
    client.post(reverse("service_save", args=[service.pk]))
    service.status = "defunct"
    service.save(update_fields=["status"])
    response = client.post(reverse("account_login"), {"login": client_user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert not SavedService.objects.exists()


# --- opening hours once ------------------------------------------------------------------------


def test_opening_hours_are_shown_once(client):
    """An HSDS schedule may name both the service and its place (as the demo data's do): it is
    shown with the place, not a second time for the service."""
    service = ServiceFactory(name="Wheelchair clinic")
    place = LocationFactory(name="Leeds centre")
    ServiceAtLocationFactory(service=service, location=place)
    ScheduleFactory(service=service, location=place, byday="MO,TU,WE,TH,FR", description="Clinic days")
    ScheduleFactory(service=service, location=None, byday="SA", description="Phone line")
    # Another service at the same place: its hours are not this one's.
    other = ServiceFactory(name="Benefits advice")
    ServiceAtLocationFactory(service=other, location=place)
    ScheduleFactory(service=other, location=place, byday="SU", description="Advice sessions")

    body = client.get(reverse("service_detail", args=[service.pk])).content.decode()
    assert body.count("Clinic days") == 1
    assert body.count("Monday to Friday") == 1
    assert body.count("Phone line") == 1
    assert "Advice sessions" not in body
    # The service's own hours under "When it is open", the place's in its card.
    assert body.index("When it is open") < body.index("Phone line") < body.index("Leeds centre")
    assert body.index("Leeds centre") < body.index("Clinic days")
