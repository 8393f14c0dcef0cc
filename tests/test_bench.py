"""The `make bench` harness, run at the tiny size in the test database with a few requests."""

import json
import re

import pytest
from django.db import transaction
from django.test import Client

from accounts import demo
from accounts.models import Organisation, Role, User
from accounts.tests.factories import ClientFactory
from bench import data, vocabulary
from bench import tasks as bench_tasks
from bench.pages import (
    CROSSLANG_SEARCH_PARAMS,
    PAGES,
    BenchPage,
    crosslang_search_finds_services,
    crosslang_search_path,
    richest_service_path,
    search_finds_services,
    search_path,
)
from bench.runner import BenchError, run, with_tasks, write_results
from bench.sizes import SIZES
from notifications.models import Notification, NotificationState
from notifications.tests.factories import NotificationFactory
from patientportal.regions import REGION_NAMES, REGIONS
from resources import taxonomy as tx
from resources.models import Provider, Service
from resources.selectors import SearchFilters, service_search
from resources.services import DERIVED_FIELDS, service_refresh_derived

TINY = SIZES["tiny"]
#: Everything the bench builders make lives under this domain (the demo data does not).
BENCH_DOMAIN = "bench.example.net"


@pytest.fixture(scope="module")
def tiny_data_set_built(django_db_setup, django_db_blocker):
    """The tiny data set, built once for this module and rolled back after its last test
    (each test runs in a savepoint inside, as usual)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield data.build(TINY)
        transaction.set_rollback(True)


@pytest.fixture
def tiny_data_set(tiny_data_set_built, db, settings):
    # /healthz waits this long for a Celery worker that is not running in the tests.
    settings.HEALTHZ_CELERY_TIMEOUT = 0.05
    settings.BENCH_WORKER_WAIT_SECONDS = 0
    return tiny_data_set_built


def test_builders_make_the_configured_numbers_of_people(tiny_data_set):
    staff_roles = [Role.ADVOCATE, Role.SUPERVISOR, Role.ORG_ADMIN]
    assert tiny_data_set["organisations"] >= len(demo.ORGANISATIONS)
    assert (tiny_data_set["staff"], tiny_data_set["clients"]) == (TINY.staff, TINY.clients)
    assert User.objects.filter(email__endswith="@bench.example.net", role__in=staff_roles).count() == TINY.staff
    assert User.objects.filter(email__endswith="@bench.example.net", role=Role.CLIENT).count() == TINY.clients


def test_data_set_is_the_same_on_every_build(tiny_data_set):
    first_staff = User.objects.get(email="staff000001@bench.example.net")
    assert first_staff.pk == data.uuid_from(data.builder_rng(data.staff))  # ids come from the seeded generator
    assert data.fingerprint(TINY) == data.fingerprint(TINY) != data.fingerprint(SIZES["small"])


def test_harness_writes_a_result_for_every_registered_page(tiny_data_set, tmp_path):
    run(size="tiny", output_dir=tmp_path, requests=3, warmup=1, log=lambda message: None)

    results = json.loads((tmp_path / "results.json").read_text())
    assert results["size"] == "tiny"
    assert list(results["pages"]) == [page.name for page in PAGES]
    for name, row in results["pages"].items():
        assert set(row) == {"queries", "p50_ms", "p95_ms"}, name
        assert isinstance(row["queries"], int) and row["queries"] >= 1, name
        assert all(isinstance(row[key], float) for key in ("p50_ms", "p95_ms")), name
        assert 0 < row["p50_ms"] <= row["p95_ms"], name
    assert set(results["details"]["healthz"]["statuses"]) <= {"200", "503"}

    table = (tmp_path / "results.md").read_text()
    assert "| page | queries | p50 ms | p95 ms |" in table
    for page in PAGES:
        assert f"| {page.name} |" in table


def test_harness_fails_loudly_when_a_page_does_not_answer_200(tiny_data_set, tmp_path):
    staff_only = BenchPage("team_as_client", "team_list", Role.CLIENT)

    with pytest.raises(BenchError, match="team_as_client: GET /team/ answered 403"):
        run(size="tiny", output_dir=tmp_path, requests=3, warmup=0, pages=[staff_only], log=lambda message: None)
    assert not (tmp_path / "results.json").exists()


def test_word_lists_cover_every_language_category_and_region():
    assert set(vocabulary.VOCABULARIES) == set(tx.TEXT_LANGUAGES)
    for language, words in vocabulary.VOCABULARIES.items():
        assert set(words.names) == set(words.offers) == set(tx.CATEGORIES), language
    assert set(vocabulary.COUNTRIES) == set(vocabulary.COUNTRY_WEIGHTS) == set(REGIONS)
    for code, country in vocabulary.COUNTRIES.items():
        assert {region for _city, region in country.cities} <= set(REGION_NAMES), code
        assert set(country.languages).union(*country.region_languages.values()) <= set(tx.TEXT_LANGUAGES), code


def bench_services():
    return Service.objects.filter(url__contains=f".{BENCH_DOMAIN}/")


def test_services_builder_makes_the_configured_number_of_listings(tiny_data_set):
    assert tiny_data_set["services"] == TINY.services == bench_services().count()
    assert tiny_data_set["providers"] == Provider.objects.filter(website__contains=f".{BENCH_DOMAIN}/").count() >= 10
    listed = bench_services().filter(status__in=["active", "temporarily closed"])
    assert listed.filter(service_at_locations__location__schedules__isnull=False).exists()
    assert listed.filter(phones__isnull=False, service_at_locations__location__accessibility__isnull=False).exists()
    assert listed.filter(is_free=True).exists() and listed.filter(is_free=False, fees_description__gt="").exists()
    assert listed.filter(minimum_age__isnull=False).exists() and listed.exclude(regions=[]).exists()


def test_listings_are_written_in_a_language_of_their_country_and_owned_by_its_society(tiny_data_set):
    organisations = {org.pk: org for org in Organisation.objects.all()}
    written_in = set()
    for service in bench_services():
        country = vocabulary.COUNTRIES[service.country]
        languages = set(country.languages).union(*country.region_languages.values())
        assert service.text_language in languages, service
        names = vocabulary.VOCABULARIES[service.text_language].names
        assert any(service.name.startswith(name) for code in service.categories for name in names[code]), service
        assert service.country in organisations[service.owner_id].countries, service
        written_in.add(service.text_language)
    assert written_in == set(tx.TEXT_LANGUAGES)  # en, fr, de, it, es, nl, da


def test_derived_search_columns_are_what_the_app_computes(tiny_data_set):
    sample = list(bench_services().order_by("id").values_list("pk", flat=True)[::10])
    columns = [*DERIVED_FIELDS, "search_vector"]

    def derived():
        return list(Service.objects.filter(pk__in=sample).order_by("pk").values(*columns))

    built = derived()
    assert all(row["search_vector"] and row["search_document"] for row in built)
    service_refresh_derived(service_ids=sample)
    assert derived() == built


def test_the_timed_search_finds_a_page_of_services_and_the_timed_service_has_several_places(tiny_data_set):
    search_finds_services(None)
    body = Client().get(search_path(None)).content.decode()
    found = re.search(r"(\d+) services? found", body)
    assert found and int(found.group(1)) >= 1, body

    path = richest_service_path(None)
    service = Service.objects.get(pk=path.rstrip("/").rsplit("/", 1)[1])
    assert service.service_at_locations.count() >= 2 and service.phones.exists()
    assert f"Where to find it ({service.service_at_locations.count()} places)" in Client().get(path).content.decode()


def test_the_timed_crosslang_search_finds_listings_written_in_other_languages(tiny_data_set):
    crosslang_search_finds_services(None)
    body = Client().get(crosslang_search_path(None)).content.decode()
    found = re.search(r"(\d+) services? found", body)
    assert found and int(found.group(1)) >= 1, body
    assert "Written in Dutch" in body or "Written in French" in body, body
    # Found through other words than the English one: "rolstoel", "fauteuil roulant", ...
    found = service_search(
        filters=SearchFilters(query=CROSSLANG_SEARCH_PARAMS["q"], country=CROSSLANG_SEARCH_PARAMS["country"])
    ).page
    assert not any("wheelchair" in service.search_document.lower() for service in found)


def test_directory_pages_say_when_the_data_set_cannot_time_them(db):
    Service.objects.update(status=Service.Status.DEFUNCT)  # whether or not this module's data set is in place
    with pytest.raises(BenchError, match="resource_search: no service"):
        search_finds_services(None)
    with pytest.raises(BenchError, match="resource_search_crosslang: no service"):
        crosslang_search_finds_services(None)
    with pytest.raises(BenchError, match="service_detail: no listed service"):
        richest_service_path(None)


def test_directory_pages_are_timed_with_a_fixed_number_of_queries(tiny_data_set, tmp_path):
    pages = [page for page in PAGES if page.name.startswith("resource_search") or page.name == "service_detail"]
    results = run(size="tiny", output_dir=tmp_path, requests=3, warmup=1, pages=pages, log=lambda message: None)

    # search (in one language or across them): count and page; service: the service and its
    # eleven kinds of related rows
    assert {name: row["queries"] for name, row in results["pages"].items()} == {
        "resource_search": 2,
        "resource_search_crosslang": 2,
        "service_detail": 12,
    }
    assert not any(details["queries_vary"] for details in results["details"].values())


def test_the_cases_builder_gives_the_demo_client_twenty_requests(tiny_data_set):
    from cases.models import Case

    demo_client = User.objects.get(email="client@example.org")
    assert Case.objects.filter(applicant=demo_client).count() == data.DEMO_CLIENT_CASES
    bench_cases = Case.objects.filter(applicant__email__endswith="@bench.example.net")
    assert bench_cases.count() == TINY.cases
    assert bench_cases.filter(assigned_to__isnull=False).exists() and bench_cases.filter(status="new").exists()
    assert not bench_cases.filter(needs__isnull=True).exists()  # every request has its needs


def test_the_demo_advocate_has_a_caseload_and_a_long_story(tiny_data_set):
    from cases.choices import CaseAction
    from cases.models import Case
    from cases.permissions import CASES
    from cases.selectors.staff import CASELOAD_STATUSES

    advocate = User.objects.get(email="advocate@example.org")
    caseload = CASES.filter(advocate, CaseAction.RESPONSIBLE).filter(status__in=CASELOAD_STATUSES)
    assert caseload.count() >= TINY.advocate_cases
    # Its events: the story's, plus one for each note and assessment.
    story = TINY.story_events + TINY.story_notes + TINY.story_assessments
    assert tiny_data_set["events on the longest case"] == story
    longest = max(Case.objects.filter(assigned_to=advocate), key=lambda case: case.events.count())
    assert longest.events.count() > story
    assert longest.notes.count() == TINY.story_notes
    assert longest.assessments.count() == TINY.story_assessments
    assert all(a.ratings.count() == 10 for a in longest.assessments.all())


# --- the outbox's tasks (bench/tasks.py) --------------------------------------------------------


def test_dispatch_idle_times_claims_that_find_nothing_among_later_reminders(db):
    ClientFactory()
    result = bench_tasks.measure_dispatch_idle(future=2_000, calls=20)
    assert result["later_reminders"] == 2_000 and 0 < result["p50_ms"] <= result["max_ms"]
    assert len(result["plans"]) == len(result["index_scans"]) == 2  # stale claims, then due rows
    written = bench_tasks.bench_rows()
    assert written.count() == 2_000 and not written.exclude(state=NotificationState.PENDING).exists()
    written.order_by("?").first().full_clean()  # every column as the ORM would write it
    assert bench_tasks.remove_bench_rows() == 2_000 and not written.exists()


def test_harness_writes_the_tasks_next_to_the_pages_with_their_targets(tiny_data_set, tmp_path):
    NotificationFactory()  # the data set's own, due now: the dispatcher must not take it
    own = Notification.objects.values_list("pk", "state", "next_attempt_at", "claimed_at").order_by("pk")
    before = list(own)
    document = run(size="tiny", output_dir=tmp_path, requests=3, warmup=0, pages=PAGES[:1], log=lambda m: None)
    measured = bench_tasks.run("tiny", names=("dispatch_idle",), log=lambda message: None)
    assert list(own) == before  # the data set's own notifications, parked meanwhile, are as they were
    write_results(with_tasks(document, measured), tmp_path)

    results = json.loads((tmp_path / "results.json").read_text())
    assert list(results)[:3] == ["size", "pages", "tasks"]
    assert results["tasks"] == {"dispatch_idle": {"p50_ms": measured["tasks"]["dispatch_idle"]["p50_ms"]}}
    assert isinstance(results["tasks"]["dispatch_idle"]["p50_ms"], float)
    assert results["task_details"]["dispatch_idle"]["later_reminders"] == bench_tasks.TASK_SIZES["tiny"].future
    assert "| dispatch_idle | " in (tmp_path / "results.md").read_text()
    assert "| < 10 ms (p50) |" in (tmp_path / "results.md").read_text()
    assert not bench_tasks.bench_rows().exists()  # the page timings never see them
