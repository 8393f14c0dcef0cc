"""Organisation admins keep their society's listings right."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from resources.models import ProblemReport, Service
from resources.selectors import SearchFilters, service_search

from .factories import ProblemReportFactory, ServiceFactory

pytestmark = pytest.mark.django_db

VALID = {
    "provider_name": "Glasgow Mobility Trust",
    "provider_website": "https://glasgow-mobility.example/",
    "name": "Scooter loan",
    "description": "Borrow a mobility scooter for up to three months.",
    "categories": ["equipment_mobility"],
    "delivery": ["in_person", "home_visit"],
    "text_language": "en",
    "country": "GB",
    "regions": ["GB-SCT"],
    "languages": ["en", "pl"],
    "minimum_age": "18",
    "free": "on",
    "phone": "01632 960123",
    "status": "active",
}


def test_org_admin_creates_a_listing_that_people_can_then_find(client, org_admin):
    client.force_login(org_admin)
    response = client.post(reverse("curation_create"), VALID)
    assert response.status_code == 302
    service = Service.objects.get(name="Scooter loan")
    assert (service.owner, service.country, service.regions, service.is_free) == (
        org_admin.organisation,
        "GB",
        ["GB-SCT"],
        True,
    )
    assert service.delivery_methods == ["home_visit", "in_person"]
    assert service.languages == ["en", "pl"]
    assert service.phones.get().number == "01632 960123"
    found = service_search(filters=SearchFilters(query="mobility scooter", region="GB-SCT"))
    assert [s.name for s in found.page] == ["Scooter loan"]


def test_editing_a_listing_updates_what_people_find(client, org_admin):
    service = ServiceFactory(owner=org_admin.organisation, name="Old name", categories=["transport"])
    client.force_login(org_admin)
    client.post(reverse("curation_edit", args=[service.pk]), {**VALID, "name": "Dial-a-ride", "free": ""})
    service.refresh_from_db()
    assert service.name == "Dial-a-ride"
    assert service.is_free is False
    assert [s.name for s in service_search(filters=SearchFilters(query="dial a ride")).page] == ["Dial-a-ride"]


def test_bad_listing_input_is_explained_and_nothing_is_saved(client, org_admin):
    client.force_login(org_admin)
    bad = {**VALID, "name": "", "categories": [], "minimum_age": "70", "maximum_age": "18", "regions": ["CA-ON"]}
    body = client.post(reverse("curation_create"), bad).content.decode()
    assert "There is a problem" in body
    assert "Enter the name of the service" in body
    assert "Choose at least one type of help" in body
    assert "The maximum age must be the same as or more than the minimum age" in body
    assert not Service.objects.exists()


def test_listings_not_checked_for_twelve_months_are_flagged(client, org_admin):
    old = timezone.localdate() - datetime.timedelta(days=400)
    ServiceFactory(owner=org_admin.organisation, name="Stale listing", assured_date=old)
    ServiceFactory(owner=org_admin.organisation, name="Fresh listing", assured_date=timezone.localdate())
    client.force_login(org_admin)
    body = client.get(reverse("curation_list"), {"show": "needs_check"}).content.decode()
    assert "Stale listing" in body and "Needs checking" in body
    assert "Fresh listing" not in body


def test_marking_a_listing_checked_records_who_and_when(client, org_admin):
    service = ServiceFactory(owner=org_admin.organisation, assured_date=None)
    client.force_login(org_admin)
    client.post(reverse("curation_mark_checked", args=[service.pk]))
    service.refresh_from_db()
    assert (service.assured_date, service.assurer_email) == (timezone.localdate(), org_admin.email)


def test_retiring_a_listing_hides_it_from_the_public(client, org_admin):
    service = ServiceFactory(owner=org_admin.organisation)
    client.force_login(org_admin)
    client.post(reverse("curation_retire", args=[service.pk]))
    client.logout()
    assert client.get(reverse("service_detail", args=[service.pk])).status_code == 404


def test_problem_reports_reach_only_the_owning_organisation(client, org_admin, other_organisation):
    mine = ProblemReportFactory(service=ServiceFactory(owner=org_admin.organisation), message="Phone changed")
    ProblemReportFactory(service=ServiceFactory(owner=other_organisation, country="CA"), message="Not ours")
    client.force_login(org_admin)
    body = client.get(reverse("report_queue")).content.decode()
    assert "Phone changed" in body and "Not ours" not in body
    client.post(reverse("report_resolve", args=[mine.pk]), {"outcome": "fixed"})
    mine.refresh_from_db()
    assert (mine.status, mine.resolved_by) == (ProblemReport.Status.FIXED, org_admin)
    assert "There are no open problem reports." in client.get(reverse("report_queue")).content.decode()


@pytest.mark.parametrize("size", [3, 30])
def test_curation_list_queries_do_not_grow(client, org_admin, size, django_assert_num_queries):
    for n in range(size):
        ServiceFactory(owner=org_admin.organisation, name=f"Listing {n}")
    client.force_login(org_admin)
    client.get(reverse("home"))
    # session, user, report count, listing count, listings page (the organisation's name and the
    # second factor come from the cache)
    with django_assert_num_queries(5):
        assert client.get(reverse("curation_list")).status_code == 200
