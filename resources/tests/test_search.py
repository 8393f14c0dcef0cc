"""Finding help: ranked, language-aware full-text search that forgives typos, with filters."""

import pytest

from resources.selectors import SearchFilters, service_search

from .factories import ServiceFactory

pytestmark = pytest.mark.django_db


def names(result):
    return [service.name for service in result.page]


def search(**kwargs):
    return service_search(filters=SearchFilters(**kwargs))


def test_a_typo_still_finds_wheelchair_services():
    ServiceFactory(name="Wheelchair repair and loan", categories=["equipment_mobility"])
    ServiceFactory(name="Benefits advice line", categories=["employment_benefits"])
    assert names(search(query="wheelchiar")) == ["Wheelchair repair and loan"]


def test_financial_help_for_a_stairlift_in_ontario():
    wanted = ServiceFactory(
        name="Home adaptation grants",
        country="CA",
        regions=["CA-ON"],
        categories=["financial_assistance", "home_vehicle_modification"],
        description="Grants towards a stairlift, ramp or accessible bathroom.",
    )
    ServiceFactory(
        name="Stairlift grants in Quebec", country="CA", regions=["CA-QC"], categories=["financial_assistance"]
    )
    ServiceFactory(name="Peer support group", country="CA", regions=["CA-ON"], categories=["emotional_support"])
    result = search(query="financial help for a stairlift in Ontario")
    assert names(result)[0] == wanted.name


def test_german_listings_are_searched_in_german():
    ServiceFactory(
        name="Haushaltshilfe für Menschen mit MS",
        country="DE",
        text_language="de",
        spoken=["de"],
        categories=["caregiving_respite"],
        description="Wir helfen im Haushalt: Einkaufen, Putzen und Kochen.",
    )
    ServiceFactory(name="Housing advice", categories=["housing"])
    assert names(search(query="Hilfe im Haushalt")) == ["Haushaltshilfe für Menschen mit MS"]


def test_filters_narrow_the_results():
    ServiceFactory(name="Free phone line", country="GB", delivery=["phone"], free=True, spoken=["en", "cy"])
    ServiceFactory(name="Paid home visits", country="GB", delivery=["home_visit"], regions=["GB-SCT"])
    ServiceFactory(name="Canadian line", country="CA", delivery=["phone"], free=True)
    ServiceFactory(name="Teen group", country="GB", minimum_age=13, maximum_age=19)
    assert names(search(country="GB", free_only=True)) == ["Free phone line"]
    assert names(search(language="cy")) == ["Free phone line"]
    assert names(search(delivery=("home_visit",))) == ["Paid home visits"]
    # A service for the whole country counts for every region in it.
    assert "Free phone line" in names(search(country="GB", region="GB-SCT"))
    assert "Paid home visits" not in names(search(country="GB", region="GB-WLS"))
    assert "Teen group" not in names(search(age=45))
    assert "Teen group" in names(search(age=15))


def test_words_that_match_nothing_fall_back_to_services_with_some_of_them():
    ServiceFactory(name="Wheelchair loan", description="Borrow a wheelchair for free.")
    result = search(query="wheelchair zebra giraffe")
    assert result.matched_some_words
    assert names(result) == ["Wheelchair loan"]


def test_no_results_suggests_what_to_loosen():
    ServiceFactory(name="Transport to appointments", country="GB", categories=["transport"])
    result = search(query="transport", country="CA", free_only=True)
    assert result.total == 0
    assert set(result.loosen) == {"country", "free_only"}


def test_retired_listings_are_not_found():
    ServiceFactory(name="Old respite scheme", status="defunct")
    assert search(query="respite").total == 0


def test_sort_by_name():
    for name in ("Zeta support", "Alpha support", "Mu support"):
        ServiceFactory(name=name)
    assert names(search(query="support", sort="name")) == ["Alpha support", "Mu support", "Zeta support"]


def test_a_typo_is_corrected_against_the_words_of_the_listings_not_whole_listings():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ServiceFactory(name="Wheelchair repair and loan", description="Repairs to powered chairs.")
    ServiceFactory(name="Respite care", description="Short breaks for carers.")
    with CaptureQueriesContext(connection) as captured:
        result = search(query="respit wheelchiar")
    assert sorted(names(result)) == ["Respite care", "Wheelchair repair and loan"]
    assert result.matched_some_words
    sql = " ".join(q["sql"] for q in captured.captured_queries)
    assert "resources_searchword" in sql and "word_similarity" not in sql and "<%" not in sql
