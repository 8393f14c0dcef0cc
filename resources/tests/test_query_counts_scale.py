"""The directory's public pages issue the same queries whatever the size of the directory.

Each test measures a page on a small directory (5 listings, the service with one place), grows
it (60 listings, the service with six places, each with its own hours, access, languages and
phone) and measures again: the number of queries must not change.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resources.models import Service
from resources.selectors import PAGE_SIZE

from .factories import (
    AccessibilityFactory,
    LocationFactory,
    PhoneFactory,
    RequiredDocumentFactory,
    SavedServiceFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db

#: A keyword and two filters, as `make bench` times it.
SEARCH = {"q": "wheelchair", "category": "equipment_mobility", "country": "GB"}
SMALL, LARGE = 5, 60


def add_listings(count: int) -> None:
    """Listings the search finds, and a few it filters out (another country, another kind of help)."""
    for _ in range(count):
        ServiceFactory(
            name="Wheelchair loan scheme",
            description="Borrow a wheelchair or scooter while you wait for your own.",
            country="GB",
            categories=["equipment_mobility"],
        )
    ServiceFactory(name="Wheelchair repairs", country="CA", categories=["equipment_mobility"])
    ServiceFactory(name="Wheelchair-accessible minibus", country="GB", categories=["transport"])


def add_places(service, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        location = LocationFactory(name=f"Centre {n}", city="Leeds")
        ServiceAtLocationFactory(service=service, location=location)
        AccessibilityFactory(location=location)
        ScheduleFactory(location=location)
        PhoneFactory(location=location, number=f"0113 000 00{n:02}")
        location.language_rows.create(code="pl")
        PhoneFactory(service=service, number=f"0800 000 00{n:02}")
        ScheduleFactory(service=service, byday="SA")
        RequiredDocumentFactory(service=service, document=f"Document {n}")


def get(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in captured.captured_queries]


def sign_in(client, client_user, signed_in: bool) -> None:
    if signed_in:
        client.force_login(client_user)
        client.get(reverse("home"))  # the first request after signing in may refresh the session


@pytest.mark.parametrize(
    ("words", "visitor_queries"),
    [
        ("wheelchair", 2),  # count, and the page of services with their providers
        ("wheelchair zebra giraffe", 4),  # count with every word (none), close spellings, count with any, page
    ],
    ids=["every-word", "some-words"],
)
@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "client"])
def test_search_page_queries_do_not_grow_with_the_directory(client, client_user, signed_in, words, visitor_queries):
    sign_in(client, client_user, signed_in)
    search = {**SEARCH, "q": words}
    add_listings(SMALL)
    small_body, small = get(client, reverse("resource_search"), search)
    add_listings(LARGE - SMALL)
    SavedServiceFactory(user=client_user, service=Service.objects.filter(name="Wheelchair loan scheme").first())
    large_body, large = get(client, reverse("resource_search"), search)

    assert re.search(rf"\b{SMALL} services found", small_body)
    assert re.search(rf"\b{LARGE} services found", large_body)
    assert large_body.count("Wheelchair loan scheme") >= PAGE_SIZE  # a full page, not all 60
    assert len(large) == len(small), "\n\n".join(large)
    if not signed_in:
        assert len(small) == visitor_queries


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "client"])
def test_service_page_queries_do_not_grow_with_the_directory_or_the_service(client, client_user, signed_in):
    sign_in(client, client_user, signed_in)
    add_listings(SMALL)
    service = ServiceFactory(name="Wheelchair assessment clinic", country="GB", categories=["equipment_mobility"])
    add_places(service, 1)
    small_body, small = get(client, reverse("service_detail", args=[service.pk]))
    add_listings(LARGE - SMALL)
    add_places(service, 5, start=1)
    large_body, large = get(client, reverse("service_detail", args=[service.pk]))

    assert "Centre 0" in small_body and "Centre 1" not in small_body
    assert "Where to find it (6 places)" in large_body and "0800 000 0005" in large_body
    assert len(large) == len(small), "\n\n".join(large)
    if not signed_in:
        # the service with provider and owner; its phones, hours, documents, costs and areas;
        # its places, their locations, and each location's access, hours, languages and phones
        assert len(small) == 12
