"""HSDS 3.0 import and export: resources/hsds, and the import_hsds and export_hsds commands.

Packages written for these tests live in resources/tests/hsds/: ``small/`` (three services in
GB and CA, every table but the taxonomies, whose terms the database already has, with the HSDS
3.0 file names our exports use), ``bad/`` (the same with mistakes in several rows, with the file
names of our older exports) and ``small.json`` (``small/`` as HSDS JSON). Packages shaped like
other tools' output are in test_hsds_other_tools.py.
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
from django.test.utils import CaptureQueriesContext

from accounts import demo
from accounts.tests.factories import OrganisationFactory
from resources.hsds import HSDSError, hsds_export, hsds_import
from resources.hsds.importer import MODELS
from resources.hsds.schema import TABLES
from resources.hsds.validate import Invalid, Refused, parse_value
from resources.models import Accessibility, Location, Phone, Provider, Schedule, Service
from resources.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

HERE = Path(__file__).resolve().parent / "hsds"
SMALL, BAD, SMALL_JSON = HERE / "small", HERE / "bad", HERE / "small.json"
DEMO = Path(__file__).resolve().parents[1] / "demo_data"

LOAN = "58522743-2157-5a19-884b-d57a4008ceb2"
REPAIR = "5007d001-b1e4-59aa-970b-b84a398639fc"
HOME_HELP = "58d96610-f460-504f-909c-0c9b4095d5de"


@pytest.fixture
def societies():
    return {
        "GB": OrganisationFactory(name="MS Society UK", countries=["GB"]),
        "CA": OrganisationFactory(name="MS Canada", short_name="MSC", countries=["CA"], timezone="America/Toronto"),
    }


@pytest.fixture
def demo_societies():
    for name, short, countries, timezone, languages, _target in demo.ORGANISATIONS:
        OrganisationFactory(name=name, short_name=short, countries=countries, timezone=timezone, languages=languages)


def writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def database_content() -> dict[str, list[dict]]:
    """Every HSDS row the database holds (less the time of the last change)."""
    content = {}
    for name, model in MODELS.items():
        rows = list(model._default_manager.order_by("pk").values())
        for row in rows:
            row.pop("last_modified", None)
        content[name] = rows
    return content


def flush_directory() -> None:
    """Delete every listing, place and provider (the taxonomies stay: migrations made them)."""
    Service.objects.all().delete()
    Location.objects.all().delete()
    Provider.objects.all().delete()


def files_of(directory: Path) -> dict[str, bytes]:
    """The package's files (datapackage.json and the CSVs) by name."""
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir()) if path.suffix in (".csv", ".json")}


def copy_of(package: Path, tmp_path: Path) -> Path:
    target = tmp_path / package.name
    shutil.copytree(package, target)
    return target


def drop_csv_row(path: Path, containing: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if containing not in line]
    assert len(kept) == len(lines) - 1
    path.write_text("".join(kept), encoding="utf-8")


# --- import ---------------------------------------------------------------------------------


def test_import_creates_every_row_with_its_values_and_search_columns(societies):
    result = hsds_import(path=SMALL)

    assert {name: counts.created for name, counts in result.tables.items() if counts.created} == {
        "organization": 2,
        "service": 3,
        "location": 2,
        "address": 1,
        "service_at_location": 2,
        "phone": 5,
        "schedule": 3,
        "language": 5,
        "service_area": 3,
        "attribute": 11,
        "cost_option": 3,
        "required_document": 1,
        "accessibility": 2,
    }
    loan = Service.objects.get(pk=LOAN)
    assert loan.owner == societies["GB"]
    assert (loan.country, loan.regions, loan.categories, loan.delivery_methods) == (
        "GB",
        ["GB-SCT"],
        ["equipment_mobility"],
        ["in_person"],
    )
    assert loan.is_free and loan.languages == ["en"] and loan.minimum_age == 16 and loan.maximum_age is None
    assert loan.assured_date == dt.date(2026, 5, 1)
    assert "Dundee" in loan.search_document and loan.search_vector
    home_help = Service.objects.get(pk=HOME_HELP)
    assert (home_help.owner, home_help.status, home_help.languages) == (
        societies["CA"],
        Service.Status.TEMPORARILY_CLOSED,
        ["en", "fr"],
    )
    assert home_help.cost_options.get().amount == decimal.Decimal("25.50")
    assert Service.objects.get(pk=REPAIR).description.endswith("phone.\nOpen to anyone in the UK.")
    workshop = Location.objects.get(name="Tayside Wheels workshop")
    assert (workshop.address_1, workshop.city, workshop.postal_code, workshop.address_country) == (
        "12 Seagate",
        "Dundee",
        "DD1 2EJ",
        "GB",
    )
    assert workshop.latitude == decimal.Decimal("56.462000")
    assert Schedule.objects.get(service_id=REPAIR).closes_at == dt.time(15, 30, 30)
    assert Phone.objects.filter(provider__name="Ontario MS Home Help").count() == 2


def test_a_second_import_of_the_same_package_writes_nothing(societies):
    hsds_import(path=SMALL)
    before = database_content()
    modified = dict(Service.objects.values_list("pk", "last_modified"))

    with CaptureQueriesContext(connection) as queries:
        result = hsds_import(path=SMALL)

    assert writes(queries) == []
    assert not result.changed and result.refreshed == 0
    assert all(counts.created == counts.updated == counts.deleted == 0 for counts in result.tables.values())
    assert result.tables["service"].unchanged == 3 and result.tables["attribute"].unchanged == 11
    assert database_content() == before
    assert dict(Service.objects.values_list("pk", "last_modified")) == modified


def test_changed_rows_are_updated_and_rows_the_package_dropped_are_deleted(societies, tmp_path):
    elsewhere = ServiceFactory(country="GB", name="A listing that is not in the package")
    hsds_import(path=SMALL)
    package = copy_of(SMALL, tmp_path)
    service_csv = package / "services.csv"
    service_csv.write_text(
        service_csv.read_text(encoding="utf-8").replace("Short-term wheelchair loan", "Wheelchair loans"),
        encoding="utf-8",
    )
    drop_csv_row(package / "phones.csv", "01632 960123")  # the loan's own phone
    drop_csv_row(package / "accessibility.csv", "Accessible toilet")  # at the workshop
    drop_csv_row(package / "attributes.csv", "7aba4574-9728-5375-a90f-9f75e1a4dfc8")  # repair: information

    with CaptureQueriesContext(connection) as queries:
        result = hsds_import(path=package)

    counts = {name: (c.created, c.updated, c.deleted) for name, c in result.tables.items() if c.changed}
    assert counts == {"service": (0, 1, 0), "phone": (0, 0, 1), "accessibility": (0, 0, 1), "attribute": (0, 0, 1)}
    assert result.tables["service"].unchanged == 2
    # The changed rows are written (and the search columns of the two services they touch); the
    # unchanged home-help service is not.
    written = writes(queries)
    assert any(LOAN.replace("-", "") in sql for sql in written)
    assert not any(HOME_HELP in sql or HOME_HELP.replace("-", "") in sql for sql in written)
    loan = Service.objects.get(pk=LOAN)
    assert loan.name == "Wheelchair loans" and "Wheelchair loans" in loan.search_document
    assert not loan.phones.exists()
    assert Service.objects.get(pk=REPAIR).categories == ["equipment_mobility"]
    assert list(Accessibility.objects.values_list("description", flat=True)) == ["Step-free access"]
    assert Service.objects.filter(pk=elsewhere.pk).exists()


def test_a_table_missing_from_the_package_is_left_alone(societies, tmp_path):
    hsds_import(path=SMALL)
    package = copy_of(SMALL, tmp_path)
    descriptor = json.loads((package / "datapackage.json").read_text())
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "accessibility"]
    (package / "datapackage.json").write_text(json.dumps(descriptor))
    (package / "accessibility.csv").unlink()

    result = hsds_import(path=package)

    assert "accessibility" not in result.tables or not result.tables["accessibility"].changed
    assert Accessibility.objects.count() == 2


def test_a_package_with_mistakes_imports_nothing_and_names_each_file_row_and_field(societies):
    with pytest.raises(HSDSError) as raised:
        hsds_import(path=BAD)  # with the file names of our older exports: still read

    # What HSDS 3.0 requires, and ids and references it cannot do without, refuse the package.
    assert raised.value.errors == [
        "service.csv:5:status: 'open' is not one of: active, inactive, defunct, temporarily closed",
        "service.csv:6:id: 'not-a-uuid' is not a UUID (like 3f7b145d-84af-42d7-8fae-eaca714b02b2)",
        "service.csv:6:name: a value is required",
        "service_at_location.csv:3:location_id: 00000000-0000-4000-8000-000000000000 is not the id of a "
        "location in location.csv",
        "attribute.csv:2:taxonomy_term_id: 7e57d004-2b97-4e7a-b1a0-9c1e0f0c0a11 is not the id of a "
        "taxonomy_term in this package or the database",
        "cost_option.csv:4:id: 66b5f637-e9d9-5fe2-86d7-f36f640905fe is already the id of cost_option.csv:2",
    ]
    # The rest would only have been left out, each said in a warning.
    assert raised.value.warnings == [
        "organization.csv:2:email: 'loans-at-tayside' is not a valid e-mail address; it was left out",
        "service.csv:4:minimum_age: 70 is more than maximum_age 18; both ages were left out",
        "service.csv:5:url: 'ontario-home-help' is not a valid web address (http:// or https://); it was left out",
        "service.csv:5:assured_date: '20/01/2026' is not a valid date in the form YYYY-MM-DD; it was left out",
        "service.csv:6:maximum_age: '200' is not a whole number of years from 0 to 130; it was left out",
        "phone.csv:5:service_id: none of service_id, location_id, organization_id links it to something we keep; "
        "the phone was not imported",
        "schedule.csv:4:byday: 'MON,TUE' is not a list of days like MO,TU,WE (RFC 5545 BYDAY); it was left out",
        "schedule.csv:4:opens_at: '9am' is not a time written HH:MM or HH:MM:SS; it was left out",
        "language.csv:2:code: 'English' is not an ISO 639 language code (like en or fr); it was left out",
        "service_area.csv:3:uri: CA-XX is not a region of CA we know; the service counts as covering all of it",
        "service_area.csv:5:uri: FR is not a member country, so the search does not use this area",
        "cost_option.csv:3:amount: 25.555 has more than 2 decimal places; it was left out",
    ]
    assert all(not model._default_manager.exists() for name, model in MODELS.items() if "taxonomy" not in name)


def test_the_import_command_lists_each_problem_on_stderr_and_fails(societies):
    stderr = io.StringIO()
    with pytest.raises(CommandError, match=r"6 problems found .* Nothing was imported"):
        call_command("import_hsds", str(BAD), stderr=stderr)

    lines = stderr.getvalue().splitlines()
    assert len(lines) == 12 + 6
    assert "service.csv:6:name: a value is required" in lines
    assert "Warning: service.csv:4:minimum_age: 70 is more than maximum_age 18; both ages were left out" in lines
    assert not Service.objects.exists()


def test_a_dry_run_reports_what_would_change_and_writes_nothing(societies):
    stdout = io.StringIO()
    with CaptureQueriesContext(connection) as queries:
        call_command("import_hsds", str(SMALL), "--dry-run", stdout=stdout)

    assert writes(queries) == []
    assert not Service.objects.exists() and not Provider.objects.exists()
    output = stdout.getvalue()
    assert "Dry run" in output and "nothing was saved" in output
    assert any(line.split() == ["service", "3", "0", "0", "0"] for line in output.splitlines())


def test_the_import_command_prints_a_summary_per_table(societies):
    first, second = io.StringIO(), io.StringIO()
    call_command("import_hsds", str(SMALL), stdout=first)
    call_command("import_hsds", str(SMALL), stdout=second)

    assert any(line.split() == ["phone", "5", "0", "0", "0"] for line in first.getvalue().splitlines())
    assert "Search data recomputed for 3 services." in first.getvalue()
    assert any(line.split() == ["phone", "0", "0", "5", "0"] for line in second.getvalue().splitlines())
    assert "Nothing changed" in second.getvalue()
    assert "taxonomy                 not in the package: left as it is" in second.getvalue()


def test_hsds_json_gives_the_same_database_as_the_csv_package(societies):
    hsds_import(path=SMALL)
    from_csv = database_content()
    flush_directory()

    result = hsds_import(path=SMALL_JSON)

    assert result.tables["service"].created == 3
    assert result.tables["taxonomy_term"].unchanged == 1  # given in full in one attribute
    assert database_content() == from_csv
    # And the JSON matches the package row for row: importing it over the CSV changes nothing.
    flush_directory()
    hsds_import(path=SMALL_JSON)
    assert not hsds_import(path=SMALL).changed


def test_hsds_json_problems_are_named_by_their_json_path(societies, tmp_path):
    services = json.loads(SMALL_JSON.read_text(encoding="utf-8"))
    services[0]["phones"][0]["number"] = ""
    services[1]["service_at_locations"] = {"not": "a list"}
    services[2]["service_areas"][0]["service_id"] = LOAN
    services[2]["organization"]["website"] = "not a web address"
    path = tmp_path / "services.json"
    path.write_text(json.dumps(services), encoding="utf-8")

    with pytest.raises(HSDSError) as raised:
        hsds_import(path=path)

    assert raised.value.errors == [
        "services.json:/0/phones/0:number: a value is required",
        "services.json:/1:service_at_locations: expected a list",
        f"services.json:/2/service_areas/0:service_id: {LOAN} is not the id of the object it is nested in",
    ]
    assert raised.value.warnings == [
        "services.json:/2/organization:website: 'not a web address' is not a valid web address (http:// or "
        "https://); it was left out",
    ]


def test_a_directory_without_hsds_files_or_a_file_without_its_required_columns_is_refused(societies, tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.csv").write_text("a,b\n1,2\n")
    with pytest.raises(HSDSError, match=r"there is no datapackage\.json and no HSDS CSV file"):
        hsds_import(path=tmp_path / "empty")

    package = copy_of(SMALL, tmp_path / "again")
    service_csv = package / "services.csv"
    service_csv.write_text(service_csv.read_text(encoding="utf-8").replace(",status,", ",state,", 1))
    with pytest.raises(HSDSError) as raised:
        hsds_import(path=package)
    assert raised.value.errors == ["services.csv:1:status: the required column is missing"]


def test_broken_csv_files_are_reported_by_line(societies, tmp_path):
    package = copy_of(SMALL, tmp_path)
    with (package / "phones.csv").open("a", encoding="utf-8") as handle:
        handle.write("1b2c3d4e-0000-4000-8000-000000000001,,,too,few\n")
    (package / "required_documents.csv").write_bytes(b"id,service_id,document,uri\n" + "Pr\u00fcfung".encode("latin-1"))

    with pytest.raises(HSDSError) as raised:
        hsds_import(path=package)

    assert raised.value.errors == [
        "phones.csv:7: the row has 5 values and the header 8 columns",
        "required_documents.csv:2: the file is not UTF-8 text",
    ]


@pytest.mark.parametrize(
    ("table", "column", "text", "expected"),
    [
        ("location", "latitude", " 56.4620004 ", decimal.Decimal("56.462000")),
        ("location", "longitude", "-180", decimal.Decimal("-180.000000")),
        ("cost_option", "amount", "12.5", decimal.Decimal("12.5")),
        ("cost_option", "currency", "gbp", "GBP"),
        ("schedule", "opens_at", "09:00", dt.time(9)),
        ("schedule", "opens_at", "09:00-05:00", dt.time(9)),
        ("schedule", "closes_at", "17:30:15Z", dt.time(17, 30, 15)),
        ("schedule", "freq", "", "WEEKLY"),
        ("schedule", "freq", "monthly", "MONTHLY"),
        ("schedule", "byday", "1MO,-1FR", "1MO,-1FR"),
        ("phone", "type", "Voice", "voice"),
        ("address", "country", "fr", "FR"),
        ("language", "code", "EN-gb", "en-gb"),
        ("service", "minimum_age", "0", 0),
        ("service", "minimum_age", "16.0", 16),
        ("service", "assured_date", "2026-05-01T09:30:00Z", dt.date(2026, 5, 1)),
        ("service", "maximum_age", "", None),
        ("service", "alert", "   ", ""),
        ("service", "description", " Kept as written ", " Kept as written "),
        ("service_area", "uri", "iso3166:DK-84", "iso3166:DK-84"),
        ("service_area", "uri", " Greater London ", "Greater London"),
        ("service", "name", "x" * 1000, "x" * 1000),
        ("language", "code", "sgn-GB", "sgn-GB"),
    ],
)
def test_cells_become_stored_values(table, column, text, expected):
    assert parse_value(TABLES[table].column(column), text) == expected


@pytest.mark.parametrize(
    ("table", "column", "text", "message"),
    [
        ("location", "latitude", "91", "91 is out of range (-90 to 90)"),
        ("location", "latitude", "56,46", "'56,46' is not a number (write it like 12.50)"),
        ("cost_option", "amount", "-1", "-1 is negative"),
        ("cost_option", "amount", "100000000", "100000000 is too large (less than 100000000 please)"),
        ("cost_option", "currency", "£", "'£' is not a three-letter ISO 4217 currency code (like EUR)"),
        ("service", "minimum_age", "-1", "'-1' is not a whole number of years from 0 to 130"),
        ("service", "assured_date", "2026-02-30", "'2026-02-30' is not a valid date in the form YYYY-MM-DD"),
        ("schedule", "closes_at", "5pm", "'5pm' is not a time written HH:MM or HH:MM:SS"),
        ("schedule", "byday", "MO,MO", "'MO,MO' is not a list of days like MO,TU,WE (RFC 5545 BYDAY)"),
        ("address", "country", "France", "'France' is not a two-letter ISO 3166 country code (like GB)"),
        (
            "organization",
            "website",
            "ftp://example.org/",
            "'ftp://example.org/' is not a web address; we link only to http:// and https:// ones",
        ),
        ("location", "latitude", "n/a", "'n/a' is not a number (write it like 12.50)"),
        ("service", "email", "x" * 200 + "@", f"'{'x' * 60}…' is not a valid e-mail address"),
    ],
)
def test_cells_that_cannot_be_stored_say_why(table, column, text, message):
    with pytest.raises(Invalid) as raised:
        parse_value(TABLES[table].column(column), text)
    assert str(raised.value) == message
    assert not isinstance(raised.value, Refused)  # in an optional column: left out with a warning


@pytest.mark.parametrize(
    ("table", "column", "text", "message"),
    [
        ("service", "name", "x" * 1001, "is 1001 characters long; the most we accept is 1000"),
        ("service", "description", "x" * 20_001, "is 20001 characters long; the most we accept is 20000"),
        ("phone", "number", "1" * 1001, "is 1001 characters long; the most we accept is 1000"),
        ("service", "url", "https://a.example/" + "x" * 2000, "is 2018 characters long; the most we accept is 2000"),
        ("cost_option", "currency", "e" * 1001, "is 1001 characters long; the most we accept is 1000"),
        ("service", "description", "a\x00b", "contains a NUL character"),
    ],
)
def test_texts_over_their_hard_bound_are_refused_whatever_the_column(table, column, text, message):
    with pytest.raises(Refused) as raised:
        parse_value(TABLES[table].column(column), text)
    assert str(raised.value) == message


def test_a_service_is_listed_in_one_country_and_needs_one(societies, tmp_path):
    package = copy_of(SMALL, tmp_path)
    with (package / "service_areas.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"9d0f3c1e-0000-4000-8000-000000000001,{LOAN},Canada,,iso3166:CA\n")
    drop_csv_row(package / "service_areas.csv", "Ontario")

    with pytest.raises(HSDSError) as raised:
        hsds_import(path=package)

    assert raised.value.errors == [
        "services.csv:5:id: no service area of the service is an ISO 3166 code of a member country (like "
        "iso3166:GB), so its country and member society are unknown; add one, or name the society with "
        "--organisation",
    ]
    assert raised.value.warnings == [
        "service_areas.csv:4:uri: the service's areas are in CA and GB; a listing covers one country, so it is "
        "listed in GB",
    ]


# --- ownership --------------------------------------------------------------------------------


def test_without_a_society_for_a_country_the_services_there_are_errors(tmp_path):
    OrganisationFactory(name="MS Society UK", countries=["GB"])

    with pytest.raises(HSDSError) as raised:
        hsds_import(path=SMALL)

    assert raised.value.errors == [
        "service_areas.csv:3:uri: no member society serves CA, so nobody would own the service "
        "(name one with --organisation)"
    ]


def test_two_societies_for_one_country_is_an_error_naming_both(societies):
    OrganisationFactory(name="Scottish MS Trust", countries=["GB"])

    with pytest.raises(HSDSError) as raised:
        hsds_import(path=SMALL)

    assert len(raised.value.errors) == 2  # the two GB services
    assert raised.value.errors[0] == (
        "service_areas.csv:2:uri: 2 member societies serve GB (MS Society UK, Scottish MS Trust); "
        "choose the owner with --organisation"
    )


def test_the_organisation_option_gives_every_service_to_that_society(societies):
    call_command("import_hsds", str(SMALL), "--organisation", "msc", stdout=io.StringIO())

    assert set(Service.objects.values_list("owner_id", flat=True)) == {societies["CA"].pk}
    call_command("import_hsds", str(SMALL), "--organisation", str(societies["GB"].pk), stdout=io.StringIO())
    assert set(Service.objects.values_list("owner_id", flat=True)) == {societies["GB"].pk}
    with pytest.raises(CommandError, match="no member society"):
        call_command("import_hsds", str(SMALL), "--organisation", "Nobody")


# --- export -----------------------------------------------------------------------------------


def test_export_then_import_into_an_empty_directory_then_export_gives_the_same_bytes(societies, tmp_path):
    hsds_import(path=SMALL)
    hsds_export(path=tmp_path / "first")
    flush_directory()

    hsds_import(path=tmp_path / "first")
    hsds_export(path=tmp_path / "second")

    first = files_of(tmp_path / "first")
    assert first == files_of(tmp_path / "second")
    # The written tables are the package's own files, byte for byte.
    for name, content in files_of(SMALL).items():
        if name.endswith(".csv"):
            assert first[name] == content, name


def test_the_demo_package_round_trips_byte_for_byte(demo_societies, tmp_path):
    result = hsds_import(path=DEMO)
    assert result.tables["service"].created == 160
    hsds_export(path=tmp_path / "first")

    first = files_of(tmp_path / "first")
    demo_files = files_of(DEMO)
    assert set(first) == set(demo_files)
    for name in first:
        if name.endswith(".csv"):
            assert first[name] == demo_files[name], name
    exported = json.loads(first["datapackage.json"])
    assert exported["resources"] == json.loads(demo_files["datapackage.json"])["resources"]

    flush_directory()
    hsds_import(path=tmp_path / "first")
    hsds_export(path=tmp_path / "second")
    assert files_of(tmp_path / "second") == first


def test_export_writes_newline_terminated_utf8_sorted_by_id(societies, tmp_path):
    hsds_import(path=SMALL)
    call_command("export_hsds", str(tmp_path / "out"), stdout=io.StringIO())

    data = (tmp_path / "out" / "services.csv").read_bytes()
    assert b"\r" not in data and data.endswith(b"\n")
    assert "Aide à domicile".encode() in data
    ids = [line.split(",")[0] for line in (tmp_path / "out" / "phones.csv").read_text().splitlines()[1:]]
    assert ids == sorted(ids)
    schedule = (tmp_path / "out" / "schedules.csv").read_text()
    assert ",10:00,15:30:30," in schedule and ",09:30,16:00," in schedule


def test_export_refuses_a_directory_with_files_unless_forced(societies, tmp_path):
    hsds_import(path=SMALL)
    target = tmp_path / "out"
    target.mkdir()
    (target / "notes.txt").write_text("keep me")

    with pytest.raises(CommandError, match="not empty; use --force"):
        call_command("export_hsds", str(target))
    assert [path.name for path in target.iterdir()] == ["notes.txt"]

    call_command("export_hsds", str(target), "--force", stdout=io.StringIO())
    assert (target / "services.csv").exists() and (target / "notes.txt").read_text() == "keep me"
    with pytest.raises(CommandError, match="this is a file"):
        call_command("export_hsds", str(target / "notes.txt"))
