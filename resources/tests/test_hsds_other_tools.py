"""HSDS files from other Open Referral tools import as they are (issue 12, point 5).

The packages here were written by hand in the shapes HSDS 3.0 allows and other tools produce,
not exported by us: ``hsds/other_tool/`` is a council's CSV package (the spec's file names,
columns and tables we do not store, Windows line ends, a datapackage.json listing tables it has
no file for, lowercase currency codes, coordinates out of range or half given, service areas
that are names or postcodes, a location with a physical and a postal address, phones linked
through a service_at_location or only to a contact, attributes of an organisation, a taxonomy
term without a taxonomy, a name longer than any page shows, optional references that point
nowhere); ``hsds/other_tool_service.json`` is one service object as an HSDS API returns it
(nested organization, locations with two addresses, schedules with time zones, taxonomy terms
with their taxonomy, coordinates as strings, contacts and programs we do not store).
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import CharField
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from accounts.tests.factories import OrganisationFactory
from resources.hsds import HSDSError, hsds_export, hsds_import
from resources.hsds import schema as s
from resources.hsds.importer import MODELS
from resources.hsds.validate import LANGUAGE_LENGTH
from resources.models import (
    Accessibility,
    Attribute,
    CostOption,
    Location,
    Phone,
    Provider,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    TaxonomyTerm,
)
from resources.templatetags.listing_text import shorten
from resources.tests.factories import ServiceFactory

from .test_hsds import SMALL, SMALL_JSON, database_content, files_of, flush_directory, writes

pytestmark = pytest.mark.django_db

HERE = Path(__file__).resolve().parent / "hsds"
OTHER, OTHER_JSON = HERE / "other_tool", HERE / "other_tool_service.json"

DIAL_A_RIDE = "e8287771-0436-4bfe-ac0b-82c7b2c563a0"
ADAPTATIONS = "92c4719a-b6db-4932-a8ed-362799ccae14"
BLUE_BADGE = "437548d9-768b-4696-a974-4db6aa52269b"
NORTHGATE = "f4e14105-459b-4d3b-8cb6-a1c44b39de38"
DEPOT, CIVIC_CENTRE, ONLINE, LIBRARY = (
    "5875790e-93fc-4914-a97d-3c29c35ab716",
    "c653c319-4177-4062-85b7-4306de8cd6df",
    "e842ca96-f311-4255-86ca-296c49216a08",
    "59eb72af-a357-471f-9ba0-b0107e82c7ee",
)
TAXI_VOUCHERS = "983f0a8b-0939-4df1-a886-4189ac644a8a"
OTTAWA_OFFICE = "6e5bd553-bb97-46f8-9329-ad9ae0ffc945"


@pytest.fixture
def uk_society():
    """A database holding one member society and no demo data."""
    return OrganisationFactory(name="MS Society UK", short_name="MSUK", countries=["GB"])


def copy_of(package: Path, target: Path) -> Path:
    shutil.copytree(package, target)
    return target


# --- a CSV package from another tool --------------------------------------------------------


def test_a_package_from_another_tool_imports_and_says_what_it_left_out(uk_society):
    result = hsds_import(path=OTHER)

    assert {name: counts.created for name, counts in result.tables.items()} == {
        "organization": 2,
        "service": 3,
        "location": 4,
        "address": 2,  # of four: a second address of the depot, and one of no location
        "service_at_location": 4,
        "phone": 4,  # of five: one belongs to a contact only
        "schedule": 2,
        "language": 2,  # of three: one belongs to a phone only
        "service_area": 5,  # of six: one of no service
        "taxonomy": 1,
        "taxonomy_term": 3,  # of four: one has no taxonomy
        "attribute": 2,  # of four: one of an organisation, one of the term left out
        "cost_option": 3,
        "required_document": 1,
        "accessibility": 2,
    }
    # Each thing left out or changed is said once, with the file, row and column.
    assert "Unit 4, Wharf Road" in Location.objects.get(pk=DEPOT).address_1
    for warning in [
        "datapackage.json:/resources/1: 'program' is not a table we store; it was not read",
        "services.csv: columns we do not store were not read: program_id, wait_time, fees, accreditations, licenses",
        "organizations.csv:3:website: 'www.northgate.example' is not a valid web address (http:// or https://); "
        "it was left out",
        f"services.csv:4:id: no service area says the service's country (iso3166:XX); it is listed in GB, the "
        f"country of {uk_society.name}",
        "services.csv:5:assured_date: '02/03/2026' is not a valid date in the form YYYY-MM-DD; it was left out",
        "locations.csv:3:latitude: 151.2 is out of range (-90 to 90); it was left out",
        "locations.csv:3:latitude: the location has a longitude but no latitude; both were left out",
        "locations.csv:4:organization_id: 0b7c6a1e-9d7f-4c55-8f0e-5a4b3c2d1e0f is not the id of a organization "
        "in organizations.csv; the link was left out",
        "locations.csv:5:longitude: the location has a latitude but no longitude; both were left out",
        "addresses.csv:3:location_id: the location already has an address (addresses.csv:2), and we keep one; "
        "the address was not imported",
        "addresses.csv:5:location_id: it has no location_id, which we need to keep it; the address was not imported",
        "phones.csv:4:service_id: none of service_id, location_id, organization_id links it to something we "
        "keep; the phone was not imported",
        "phones.csv:6:type: 'answerphone' is not one of: voice, text, fax, cell, video, pager, textphone; it was "
        "left out",
        "service_areas.csv:2:uri: 'Greater London' is not an ISO 3166 code (iso3166:XX for a country, "
        "iso3166:XX-YYY for one of its regions), so the search does not use it",
        "service_areas.csv:6:uri: FR is not a member country, so the search does not use this area",
        "service_areas.csv:7:uri: GB-XYZ is not a region of GB we know; the service counts as covering all of it",
        "taxonomy_terms.csv:4:taxonomy_id: it has no taxonomy_id, which we need to keep it; the taxonomy_term "
        "was not imported",
        "attributes.csv:3:link_entity: it describes 'organization', and we keep attributes of services only; the "
        "attribute was not imported",
        "attributes.csv:4:taxonomy_term_id: 321ee10b-43de-4f09-b6a6-4431caffed97 is a taxonomy_term that was not "
        "imported; the attribute was not imported",
    ]:
        assert warning in result.warnings
    assert len(result.warnings) == 36

    # The owner and country: the society (the only one), GB from the iso3166 area or its own.
    assert set(Service.objects.values_list("owner_id", "country")) == {(uk_society.pk, "GB")}
    ride = Service.objects.get(pk=DIAL_A_RIDE)
    assert (ride.regions, ride.categories, ride.languages, ride.is_free) == (["GB-ENG"], ["transport"], ["en"], False)
    assert ride.description.endswith("visiting friends.\nBook by 3pm the day before.")
    assert sorted(ServiceArea.objects.filter(service=ride).values_list("uri", flat=True)) == [
        "Greater London",
        "iso3166:GB-ENG",
    ]
    adaptations = Service.objects.get(pk=ADAPTATIONS)
    assert len(adaptations.name) > 250 and adaptations.name.endswith("Disabled Facilities Grant")  # kept whole
    assert adaptations.description == "" and adaptations.minimum_age == 18
    assert ServiceArea.objects.get(service=adaptations).uri == "postcode: NG1"
    badge = Service.objects.get(pk=BLUE_BADGE)
    assert (badge.status, badge.assured_date, badge.regions) == (Service.Status.ACTIVE, None, [])
    assert sorted(CostOption.objects.values_list("currency", flat=True)) == ["GBP", "GBP", "GBP"]
    assert list(RequiredDocument.objects.values_list("document", flat=True)) == ["Proof of address"]

    depot = Location.objects.get(pk=DEPOT)
    assert (depot.latitude, depot.longitude, depot.address_country) == (
        decimal.Decimal("51.507200"),
        decimal.Decimal("-0.127600"),
        "GB",
    )
    assert [(loc.latitude, loc.longitude) for loc in Location.objects.filter(pk__in=[CIVIC_CENTRE, LIBRARY])] == [
        (None, None),
        (None, None),
    ]
    assert Location.objects.get(pk=ONLINE).provider_id is None
    assert Accessibility.objects.get(location_id=CIVIC_CENTRE).description == ""

    linked = Phone.objects.get(number="01632 960 555")  # given only its service_at_location
    assert (str(linked.service_id), str(linked.location_id), linked.type) == (ADAPTATIONS, CIVIC_CENTRE, "voice")
    fax = Phone.objects.get(number="01632 960 000")
    assert (fax.location_id, str(fax.provider_id), fax.extension) == (None, NORTHGATE, "204 (ask for the duty officer)")
    saturday = Schedule.objects.get(location_id=LIBRARY)
    assert (str(saturday.service_id), saturday.freq, saturday.byday, saturday.opens_at) == (
        BLUE_BADGE,
        "WEEKLY",
        "SA",
        dt.time(10),
    )
    assert Schedule.objects.get(service=ride).opens_at == dt.time(9)  # "09:00+00:00"
    assert set(
        TaxonomyTerm.objects.filter(taxonomy__name__startswith="Open Eligibility").values_list("code", flat=True)
    ) == {
        "",
        "1102",
        "1102-1",
    }
    assert Attribute.objects.filter(service=ride).count() == 2


def test_a_second_import_of_a_package_with_warnings_writes_nothing(uk_society):
    hsds_import(path=OTHER)
    before = database_content()

    with CaptureQueriesContext(connection) as queries:
        result = hsds_import(path=OTHER)

    assert writes(queries) == [] and not result.changed
    assert database_content() == before


def test_the_import_command_prints_each_warning_then_the_summary(uk_society):
    stdout = io.StringIO()
    call_command("import_hsds", str(OTHER), stdout=stdout)

    lines = stdout.getvalue().splitlines()
    assert (
        "Warning: addresses.csv:3:location_id: the location already has an address (addresses.csv:2), and we "
        "keep one; the address was not imported"
    ) in lines
    assert "36 warnings: what they name was left out, the rest imported." in lines
    assert any(line.split() == ["service", "3", "0", "0", "0"] for line in lines)


def test_a_refused_package_lists_its_warnings_too_and_saves_nothing(uk_society, tmp_path):
    package = copy_of(OTHER, tmp_path / "package")
    services = package / "services.csv"
    services.write_text(services.read_text(encoding="utf-8").replace(",Active,", ",open,"), encoding="utf-8")

    stderr = io.StringIO()
    with pytest.raises(CommandError, match="1 problem found"):
        call_command("import_hsds", str(package), stderr=stderr)

    lines = stderr.getvalue().splitlines()
    assert lines[-1] == "services.csv:5:status: 'open' is not one of: active, inactive, defunct, temporarily closed"
    assert sum(line.startswith("Warning: ") for line in lines) == 36
    assert not Service.objects.exists() and not Provider.objects.exists()


def test_without_datapackage_json_the_files_are_found_by_their_hsds_names(uk_society, tmp_path):
    hsds_import(path=OTHER)
    with_descriptor = database_content()
    flush_directory()
    package = copy_of(OTHER, tmp_path / "package")
    (package / "datapackage.json").unlink()

    result = hsds_import(path=package)

    assert database_content() == with_descriptor
    assert "the directory has no datapackage.json, so its CSV files were found by their HSDS names" in result.warnings
    assert "files that are not HSDS tables we store were not read: programs.csv" in result.warnings


@pytest.mark.parametrize("descriptor", [True, False])
def test_the_file_names_of_our_older_exports_still_import(uk_society, tmp_path, descriptor):
    OrganisationFactory(name="MS Canada", countries=["CA"])
    hsds_import(path=SMALL)
    expected = database_content()
    flush_directory()
    package = copy_of(SMALL, tmp_path / "package")
    for table in s.TABLES.values():
        if (package / table.path).exists():  # small/ has no taxonomies
            (package / table.path).rename(package / f"{table.name}.csv")
    if descriptor:
        data = json.loads((package / "datapackage.json").read_text())
        for resource in data["resources"]:
            resource["path"] = f"{resource['name']}.csv"
        (package / "datapackage.json").write_text(json.dumps(data))
    else:
        (package / "datapackage.json").unlink()

    hsds_import(path=package)

    assert database_content() == expected


def test_two_files_for_one_table_are_refused(uk_society, tmp_path):
    OrganisationFactory(name="MS Canada", countries=["CA"])
    package = copy_of(SMALL, tmp_path / "package")
    (package / "datapackage.json").unlink()
    shutil.copy(package / "services.csv", package / "service.csv")

    with pytest.raises(HSDSError) as raised:
        hsds_import(path=package)

    assert raised.value.errors == ["service.csv and services.csv both hold the service table; keep one of them"]


# --- HSDS JSON from another tool --------------------------------------------------------------


def test_a_single_service_object_imports_with_what_is_nested_in_it():
    OrganisationFactory(name="MS Society UK", countries=["GB"])
    canada = OrganisationFactory(name="MS Canada", countries=["CA"])

    result = hsds_import(path=OTHER_JSON)

    vouchers = Service.objects.get(pk=TAXI_VOUCHERS)
    assert (vouchers.owner, vouchers.country, vouchers.regions) == (canada, "CA", ["CA-ON"])
    assert (vouchers.categories, vouchers.languages, vouchers.is_free) == (["transport"], ["fr"], True)
    assert vouchers.provider.name == "Ottawa Mobility Network"
    assert CostOption.objects.get(service=vouchers).currency == "CAD"
    office = Location.objects.get(pk=OTTAWA_OFFICE)
    assert (office.latitude, office.longitude, office.address_1, office.address_country) == (
        decimal.Decimal("45.421500"),
        decimal.Decimal("-75.697200"),
        "100 Elgin Street",  # the physical address of the two
        "CA",
    )
    schedule = Schedule.objects.get(service=vouchers)
    assert (schedule.location_id, schedule.byday, schedule.opens_at, schedule.closes_at) == (
        office.pk,
        "TU,TH",
        dt.time(9),
        dt.time(16),
    )
    assert Phone.objects.get(location=office).extension == "12"
    assert TaxonomyTerm.objects.get(code="disabled").taxonomy.name == "Audience (Ottawa test)"
    assert set(Phone.objects.values_list("number", flat=True)) == {"613-555-0100", "613-555-0123"}  # no contacts
    assert result.warnings == [
        "other_tool_service.json:/service_areas/0:uri: 'https://www.wikidata.org/wiki/Q1930' is not an ISO 3166 "
        "code (iso3166:XX for a country, iso3166:XX-YYY for one of its regions), so the search does not use it",
        "other_tool_service.json:/service_at_locations/0/location/addresses/1:location_id: the location already "
        "has an address (other_tool_service.json:/service_at_locations/0/location/addresses/0), and we keep one; "
        "the address was not imported",
    ]


def test_a_list_and_an_api_page_of_services_import_alike(tmp_path):
    OrganisationFactory(name="MS Canada", countries=["CA"])
    service = json.loads(OTHER_JSON.read_text(encoding="utf-8"))
    (tmp_path / "list.json").write_text(json.dumps([service]), encoding="utf-8")
    (tmp_path / "page.json").write_text(json.dumps({"total_items": 1, "contents": [service]}), encoding="utf-8")

    hsds_import(path=OTHER_JSON)
    single = database_content()
    assert not hsds_import(path=tmp_path / "list.json").changed
    assert not hsds_import(path=tmp_path / "page.json").changed
    assert database_content() == single


# --- --organisation -------------------------------------------------------------------------


def test_with_organisation_every_listing_belongs_to_that_society_whatever_its_areas_say():
    canada = OrganisationFactory(name="MS Canada", short_name="MSC", countries=["CA"])  # and no one else
    stdout = io.StringIO()

    call_command("import_hsds", str(OTHER), "--organisation", "MS Canada", stdout=stdout)

    assert set(Service.objects.values_list("owner_id", flat=True)) == {canada.pk}
    # GB where an area says so; the society's own country where none does.
    assert dict(Service.objects.values_list("id", "country")) == {
        Service.objects.get(pk=DIAL_A_RIDE).pk: "GB",
        Service.objects.get(pk=ADAPTATIONS).pk: "CA",
        Service.objects.get(pk=BLUE_BADGE).pk: "GB",
    }
    assert "it is listed in CA, the country of MS Canada" in stdout.getvalue()


def test_with_organisation_a_listing_in_several_countries_takes_the_societys(tmp_path):
    OrganisationFactory(name="MS Society UK", countries=["GB"])
    canada = OrganisationFactory(name="MS Canada", short_name="MSC", countries=["CA"])
    package = copy_of(OTHER, tmp_path / "package")
    with (package / "service_areas.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"7d1c0e55-0b8e-4d7e-9a43-3c1b2f1d9e10,{DIAL_A_RIDE},Ontario,,,,iso3166:CA-ON\r\n")

    result = hsds_import(path=package, organisation=canada)

    ride = Service.objects.get(pk=DIAL_A_RIDE)
    assert (ride.owner, ride.country, ride.regions) == (canada, "CA", ["CA-ON"])
    assert (
        "service_areas.csv:8:uri: the service's areas are in CA and GB; a listing covers one country, so it is "
        "listed in CA"
    ) in result.warnings


def test_without_organisation_a_listing_no_area_places_is_refused_when_several_societies_could_own_it(tmp_path):
    OrganisationFactory(name="MS Society UK", countries=["GB"])
    OrganisationFactory(name="MS Canada", countries=["CA"])

    with pytest.raises(HSDSError) as raised:
        hsds_import(path=OTHER)

    assert raised.value.errors == [
        "services.csv:4:id: no service area of the service is an ISO 3166 code of a member country (like "
        "iso3166:GB), so its country and member society are unknown; add one, or name the society with "
        "--organisation",
    ]


# --- hard upper bounds ------------------------------------------------------------------------


def test_a_text_over_its_bound_is_refused_alike_from_csv_and_json(uk_society, tmp_path):
    too_long = "Respite " * 2500 + "care"  # 20,004 characters; the bound is 20,000
    package = copy_of(SMALL, tmp_path / "package")
    services = package / "services.csv"
    services.write_text(
        services.read_text(encoding="utf-8").replace("Advice on punctures", too_long + " Advice on punctures"),
        encoding="utf-8",
    )
    data = json.loads(SMALL_JSON.read_text(encoding="utf-8"))
    data[0]["description"] = too_long
    (tmp_path / "services.json").write_text(json.dumps(data), encoding="utf-8")

    with pytest.raises(HSDSError) as from_csv:
        hsds_import(path=package, organisation=uk_society)
    with pytest.raises(HSDSError) as from_json:
        hsds_import(path=tmp_path / "services.json", organisation=uk_society)

    repair = json.loads(SMALL_JSON.read_text(encoding="utf-8"))[1]["description"]  # after the long text in the CSV
    length = len(too_long) + 1 + len(repair)
    assert from_csv.value.errors == [
        f"services.csv:2:description: is {length} characters long; the most we accept is 20000"
    ]
    assert from_json.value.errors == [
        f"services.json:/0:description: is {len(too_long)} characters long; the most we accept is 20000"
    ]
    assert not Service.objects.exists()


def test_a_50_mb_description_in_json_is_refused_in_a_short_message(uk_society, tmp_path):
    data = json.loads(SMALL_JSON.read_text(encoding="utf-8"))
    data[1]["description"] = "x" * 50_000_000
    (tmp_path / "services.json").write_text(json.dumps(data), encoding="utf-8")

    with pytest.raises(HSDSError) as raised:
        hsds_import(path=tmp_path / "services.json", organisation=uk_society)

    assert raised.value.errors == [
        "services.json:/1:description: is 50000000 characters long; the most we accept is 20000"
    ]
    assert not Service.objects.exists()


def test_a_csv_cell_longer_than_any_text_may_be_stops_the_reading_of_its_file(uk_society, tmp_path):
    OrganisationFactory(name="MS Canada", countries=["CA"])
    package = copy_of(SMALL, tmp_path / "package")
    with (package / "accessibility.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"a3f5e4d1-0000-4000-8000-000000000001,4deada10-7d8d-53ea-a1d8-3a2dbc09b418,{'y' * 200_000},,\n")

    with pytest.raises(HSDSError) as raised:
        hsds_import(path=package)

    assert raised.value.errors == [
        "accessibility.csv:4: a value is longer than 131,072 characters, far more than any text may have"
    ]


def test_every_text_the_import_accepts_fits_its_model_column():
    for name, table in s.TABLES.items():
        model = MODELS[name] if name != "address" else Location
        for column in table.columns:
            if not column.attname or column.kind in (s.ID, s.REF):
                continue
            field = model._meta.get_field(column.attname)
            if not isinstance(field, CharField) or column.kind in (s.ENUM, s.CHOICE, s.COUNTRY, s.CURRENCY):
                continue  # TextField, or a value of a few letters the parser checked
            most = LANGUAGE_LENGTH if column.kind == s.LANGUAGE else column.bound
            assert field.max_length >= most, f"{name}.{column.name}"


# --- export -------------------------------------------------------------------------------------


def test_the_export_has_the_hsds_file_names_and_another_tool_can_read_it_without_us(uk_society, tmp_path):
    hsds_import(path=OTHER)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "service.csv").write_text("an older export's file\n")

    hsds_export(path=tmp_path / "out", force=True)

    files = files_of(tmp_path / "out")
    assert set(files) == {table.path for table in s.TABLES.values()} | {"datapackage.json"}
    assert {"services.csv", "organizations.csv", "service_at_location.csv", "addresses.csv"} <= set(files)
    descriptor = json.loads(files["datapackage.json"])
    assert {resource["name"]: resource["path"] for resource in descriptor["resources"]} == {
        name: table.path for name, table in s.TABLES.items()
    }
    assert files["phones.csv"].decode().splitlines()[0] == (
        "id,location_id,service_id,organization_id,number,extension,type,description"
    )
    # A tool that reads the CSV files by their names alone gets the same directory.
    exported = database_content()
    flush_directory()
    (tmp_path / "out" / "datapackage.json").unlink()
    hsds_import(path=tmp_path / "out")
    assert database_content() == exported


# --- pages ----------------------------------------------------------------------------------------


def test_long_texts_are_shortened_on_list_pages_and_whole_on_the_listing(client, uk_society):
    hsds_import(path=OTHER)
    name = Service.objects.get(pk=ADAPTATIONS).name
    long_word = ServiceFactory(name="Respite directory", description="Respite" + "x" * 5000, country="GB")

    results = client.get(reverse("resource_search"), {"q": "adaptations"}).content.decode()
    assert escape(shorten(name, 150)) in results and escape(name) not in results
    results = client.get(reverse("resource_search"), {"q": "respite directory"}).content.decode()
    assert long_word.description not in results and shorten(long_word.description) in results

    listing = client.get(reverse("service_detail", args=[ADAPTATIONS])).content.decode()
    assert escape(name) in listing


@pytest.mark.parametrize(
    ("text", "length", "expected"),
    [
        ("Short enough", 150, "Short enough"),
        ("Wheelchair loans and repairs for everyone", 30, "Wheelchair loans and repairs…"),
        ("x" * 400, 300, "x" * 299 + "…"),
        ("", 10, ""),
    ],
)
def test_shorten_cuts_at_a_space_when_it_can(text, length, expected):
    assert shorten(text, length) == expected
