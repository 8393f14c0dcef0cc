"""The `make bench` harness, run at the tiny size in the test database with a few requests."""

import json

import pytest

from accounts import demo
from accounts.models import Role, User
from bench import data
from bench.pages import PAGES, BenchPage
from bench.runner import BenchError, run
from bench.sizes import SIZES

TINY = SIZES["tiny"]


@pytest.fixture
def tiny_data_set(db, settings):
    # /healthz waits this long for a Celery worker that is not running in the tests.
    settings.HEALTHZ_CELERY_TIMEOUT = 0.05
    return data.build(TINY)


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
