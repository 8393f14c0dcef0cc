import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import demo
from accounts.models import Organisation, Role, User
from resources import taxonomy as tx
from resources.models import Attribute, Location, Phone, Service

pytestmark = pytest.mark.django_db

MEMBER_COUNTRIES = {"US", "CA", "GB", "AU", "IT", "DE", "ES", "NL", "BE", "DK"}


def snapshot():
    users = list(User.objects.order_by("email").values_list("email", "password", "role", "organisation_id"))
    services = list(Service.objects.order_by("pk").values())
    rows = [model.objects.count() for model in (Location, Phone, Attribute)]
    return users, list(Organisation.objects.order_by("name").values()), services, rows


def test_demo_data_has_every_society_and_every_role(settings):
    call_command("seed_demo", "--quiet-banner")
    assert Organisation.objects.count() == 10
    countries = {c for org in Organisation.objects.all() for c in org.countries}
    assert countries == {"US", "CA", "GB", "AU", "IT", "DE", "ES", "NL", "BE", "DK"}
    for email in (
        "client@example.org",
        "carer@example.org",
        "advocate@example.org",
        "supervisor@example.org",
        "orgadmin@example.org",
        "admin@example.org",
    ):
        assert User.objects.get(email=email).check_password(demo.DEMO_PASSWORD)
    for org in Organisation.objects.filter(name__in=["MS Society UK", "MS Canada"]):
        advocates = User.objects.filter(organisation=org, role=Role.ADVOCATE)
        assert advocates.count() == 3
        assert len({tuple(a.languages) for a in advocates}) == 3
        assert User.objects.filter(organisation=org, role=Role.SUPERVISOR).exists()
        assert User.objects.filter(organisation=org, role=Role.ORG_ADMIN).exists()


def test_demo_data_has_a_directory_in_every_country_and_category():
    call_command("seed_demo", "--quiet-banner")
    services = Service.objects.select_related("owner")
    assert services.count() >= 150
    assert {service.country for service in services} == MEMBER_COUNTRIES
    assert all(service.country in service.owner.countries for service in services)
    categories = {code for service in services for code in service.categories}
    assert categories == set(tx.CATEGORIES)
    for country in MEMBER_COUNTRIES:
        in_country = {code for service in services if service.country == country for code in service.categories}
        assert in_country == set(tx.CATEGORIES), country
    # The search columns are filled in, so the listings can be found.
    assert not services.filter(search_vector__isnull=True).exists()
    assert services.filter(search_vector="wheelchair").exists()


def test_loading_demo_data_twice_changes_nothing():
    call_command("seed_demo", "--quiet-banner")
    first = snapshot()
    with CaptureQueriesContext(connection) as queries:
        call_command("seed_demo", "--quiet-banner")
    assert snapshot() == first
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []


def test_production_settings_refuse_demo_data(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="refused"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_demo_staff_sign_in_with_the_printed_totp_secret(client):
    call_command("seed_demo", "--quiet-banner")
    client.post("/accounts/login/", {"login": "supervisor@example.org", "password": demo.DEMO_PASSWORD})
    response = client.post("/accounts/2fa/authenticate/", {"code": demo.current_demo_totp_code()})
    assert response.status_code == 302
    assert client.get("/team/").status_code == 200


def test_demo_clients_have_requests_to_look_at(client):
    from cases.models import Case

    call_command("seed_demo", "--quiet-banner")
    alex = User.objects.get(email="client@example.org")
    sam = User.objects.get(email="carer@example.org")
    [alex_case] = Case.objects.filter(applicant=alex)
    assert alex_case.assigned_to.email == "advocate@example.org"
    assert alex_case.messages.count() == 2 and alex_case.referrals.count() == 1
    assert sorted(Case.objects.filter(applicant=sam).values_list("intake__person_name", flat=True)) == [
        "Ben Okafor",
        "Ruth Okafor",
    ]
    client.force_login(alex)
    page = client.get("/my-requests/").content.decode()
    assert "MS-DEMO-0001" in page and "Priya" in page
