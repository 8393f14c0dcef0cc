"""The walker is only worth something if it fails: prove it does, for each kind of leak."""

import pytest

from .access_map import ACCESS, _other_team_member, _own_team_member, roles
from .walker import check_pattern, iter_patterns

URLCONF = "tests.urls_with_leaks"


@pytest.fixture
def leaks(settings):
    settings.ROOT_URLCONF = URLCONF
    return {p.key: p for p in iter_patterns(URLCONF) if p.key.startswith("leaky_")}


@pytest.fixture
def users(client_user, advocate, supervisor, other_org_supervisor):
    return {
        "anonymous": None,
        "client": client_user,
        "advocate": advocate,
        "supervisor": supervisor,
        "other_org_supervisor": other_org_supervisor,
    }


def test_a_new_pattern_without_an_access_rule_fails(leaks, users):
    problems = check_pattern(leaks["leaky_undeclared"], users, urlconf=URLCONF)
    assert problems and "no access rule" in problems[0]


def test_an_unprotected_staff_view_fails(leaks, users):
    access_map = {**ACCESS, "leaky_staff": roles("supervisor")}
    problems = check_pattern(leaks["leaky_staff"], users, urlconf=URLCONF, access_map=access_map)
    assert any("as anonymous" in p and "gave 200" in p for p in problems)
    assert any("as client" in p and "expected 403" in p for p in problems)


def test_a_record_page_that_shows_someone_elses_record_fails(leaks, users):
    access_map = {
        **ACCESS,
        "leaky_member": roles("supervisor", own=_own_team_member, theirs=_other_team_member),
    }
    problems = check_pattern(leaks["leaky_member"], users, urlconf=URLCONF, access_map=access_map)
    assert any("as supervisor (theirs record)" in p and "gave 200" in p and "expected 404" in p for p in problems)


def test_the_real_site_has_no_leaky_patterns():
    assert not [p for p in iter_patterns() if p.key.startswith("leaky_")]
