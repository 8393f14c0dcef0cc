"""The directory's pages: search, a service, reporting a problem, and a client's list."""

import pytest
from django.core import mail
from django.urls import reverse

from resources.models import ProblemReport, SavedService

from .factories import (
    AccessibilityFactory,
    LocationFactory,
    PhoneFactory,
    RequiredDocumentFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db


def test_anyone_can_search_without_signing_in(client):
    ServiceFactory(name="Wheelchair loan scheme", categories=["equipment_mobility"])
    response = client.get(reverse("resource_search"), {"q": "wheelchair"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "1 service found" in body
    assert "Wheelchair loan scheme" in body


def test_filters_live_in_the_url_and_pages_keep_them(client):
    for n in range(25):
        ServiceFactory(name=f"Transport scheme {n:02}", categories=["transport"], country="GB")
    response = client.get(reverse("resource_search"), {"category": "transport", "country": "GB", "sort": "name"})
    body = response.content.decode()
    assert "25 services found" in body
    assert "Page 1 of 2" in body
    assert "category=transport&amp;country=GB&amp;sort=name&amp;page=2" in body
    second = client.get(
        reverse("resource_search"), {"category": "transport", "country": "GB", "sort": "name", "page": 2}
    )
    assert "Transport scheme 24" in second.content.decode()


def test_htmx_requests_get_only_the_results(client):
    ServiceFactory(name="Respite breaks")
    response = client.get(reverse("resource_search"), {"q": "respite"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results"')
    assert "<html" not in body


def test_no_results_suggests_loosening_each_filter(client):
    ServiceFactory(name="Respite breaks", country="GB")
    body = client.get(reverse("resource_search"), {"q": "respite", "country": "CA", "free": "on"}).content.decode()
    assert "No services found" in body
    assert "search every country" in body
    assert "include services that charge" in body


def test_bad_filter_input_is_explained(client):
    body = client.get(reverse("resource_search"), {"age": "old", "country": "GB", "region": "CA-ON"}).content.decode()
    assert "There is a problem" in body
    assert "Enter the age as a whole number" in body
    assert "Choose a region in the country you chose" in body


@pytest.mark.parametrize("size", [5, 40])
def test_search_queries_do_not_grow_with_the_directory(client, size, django_assert_num_queries):
    for n in range(size):
        ServiceFactory(name=f"Care at home {n}", categories=["caregiving_respite"], delivery=["home_visit"])
    # count, page (services with their providers)
    with django_assert_num_queries(2):
        response = client.get(
            reverse("resource_search"),
            {"q": "care at home", "category": "caregiving_respite", "delivery": "home_visit"},
        )
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 8])
def test_service_page_queries_do_not_grow_with_its_details(client, size, django_assert_num_queries):
    service = ServiceFactory()
    for n in range(size):
        location = LocationFactory(name=f"Centre {n}")
        ServiceAtLocationFactory(service=service, location=location)
        AccessibilityFactory(location=location)
        ScheduleFactory(location=location)
        PhoneFactory(service=service, number=f"0800 000 00{n:02}")
    # service with provider and owner; its phones, schedules, documents, costs, areas; its places,
    # their locations and each location's access, hours, languages and phones
    with django_assert_num_queries(12):
        response = client.get(reverse("service_detail", args=[service.pk]))
    assert response.status_code == 200


def test_service_page_shows_everything_someone_needs(client):
    service = ServiceFactory(
        name="Stairlift grants",
        eligibility_description="Adults with MS who own their home.",
        application_process="Fill in the form on our website.",
        fees_description="",
        free=True,
        minimum_age=18,
    )
    PhoneFactory(service=service, number="0800 123 4567")
    RequiredDocumentFactory(service=service, document="A letter from your MS nurse")
    location = LocationFactory(name="Glasgow centre", address_1="10 George Square", city="Glasgow")
    ServiceAtLocationFactory(service=service, location=location)
    AccessibilityFactory(location=location, description="Step-free access")
    ScheduleFactory(location=location, byday="MO,TU,WE,TH,FR")
    body = client.get(reverse("service_detail", args=[service.pk])).content.decode()
    for expected in (
        "Stairlift grants",
        "Adults with MS who own their home.",
        "Fill in the form on our website.",
        "Free of charge.",
        "Aged 18 or over.",
        'href="tel:08001234567"',
        "A letter from your MS nurse",
        "10 George Square",
        "Step-free access",
        "Monday to Friday",
        "09:00\u201317:00",
        "Last checked on 1 September 2026",
        "Report a problem with this listing",
    ):
        assert expected in body, expected


def test_a_retired_listing_is_a_404(client):
    service = ServiceFactory(status="defunct")
    assert client.get(reverse("service_detail", args=[service.pk])).status_code == 404


def test_anyone_can_report_a_problem_and_it_reaches_the_owner(client):
    service = ServiceFactory()
    response = client.post(
        reverse("service_report_problem", args=[service.pk]), {"message": "The phone number has changed."}
    )
    assert response.status_code == 302
    report = ProblemReport.objects.get()
    assert (report.service, report.message, report.status, report.reported_by) == (
        service,
        "The phone number has changed.",
        "open",
        None,
    )
    assert report.service.owner == service.owner


def test_an_empty_or_too_long_report_is_refused(client):
    service = ServiceFactory()
    body = client.post(reverse("service_report_problem", args=[service.pk]), {"message": ""}).content.decode()
    assert "Tell us what is wrong with the listing" in body
    body = client.post(reverse("service_report_problem", args=[service.pk]), {"message": "x" * 2001}).content.decode()
    assert "2,000 characters or fewer" in body
    assert not ProblemReport.objects.exists()


def test_typed_html_is_shown_as_text(client):
    ServiceFactory(name="<script>alert(1)</script> Respite")
    body = client.get(reverse("resource_search"), {"q": "respite"}).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Respite" in body


def test_a_client_saves_and_removes_a_service(client, client_user):
    service = ServiceFactory(name="Peer support group")
    client.force_login(client_user)
    client.post(reverse("service_save", args=[service.pk]))
    client.post(reverse("service_save", args=[service.pk]))  # twice: still one entry
    assert SavedService.objects.filter(user=client_user).count() == 1
    body = client.get(reverse("my_list")).content.decode()
    assert "Peer support group" in body
    client.post(reverse("service_unsave", args=[service.pk]))
    assert not SavedService.objects.exists()
    assert "You have not saved any services yet." in client.get(reverse("my_list")).content.decode()


def test_a_client_only_sees_their_own_list(client, client_user, other_client):
    SavedService.objects.create(user=other_client, service=ServiceFactory(name="Someone else's pick"))
    client.force_login(client_user)
    assert "Someone else" not in client.get(reverse("my_list")).content.decode()


def test_my_list_has_a_large_print_version(client, client_user):
    SavedService.objects.create(user=client_user, service=ServiceFactory())
    client.force_login(client_user)
    assert "pp-large-print" in client.get(reverse("my_list"), {"print": "large"}).content.decode()


def test_emailing_my_list_is_queued_after_commit_with_the_user_id_only(
    client, client_user, django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from patientportal.celery import app

    app.conf.task_always_eager = True
    try:
        SavedService.objects.create(user=client_user, service=ServiceFactory(name="Respite breaks"))
        client.force_login(client_user)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = client.post(reverse("my_list_email"))
        assert response.status_code == 302
        assert len(callbacks) == 1
    finally:
        app.conf.task_always_eager = False
    (message,) = mail.outbox
    assert message.to == [client_user.email]
    assert "Respite breaks" in message.body
    assert client_user.first_name not in message.body


@pytest.mark.django_db
def test_a_filter_with_an_error_keeps_the_words_and_the_other_filters(client):
    from .factories import ServiceFactory

    ServiceFactory(name="Wheelchair loan", country="GB")
    ServiceFactory(name="Wheelchair repair", country="CA")
    ServiceFactory(name="Stairlift grant", country="GB")
    page = client.get("/find-help/", {"q": "wheelchair", "country": "GB", "age": "abc"}).content.decode()
    assert "Enter the age as a whole number" in page
    assert "Wheelchair loan" in page
    assert "Wheelchair repair" not in page and "Stairlift grant" not in page
