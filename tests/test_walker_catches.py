"""The walker is only worth something if it fails: prove it does, for each kind of leak."""

import pytest

from .access_map import (
    ACCESS,
    NOT_LISTS,
    _case_rows,
    _other_referral,
    _other_team_member,
    _own_referral,
    _own_team_member,
    _their_referral_in_my_case,
    access_is_a_record_page,
    roles,
)
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


def test_a_list_page_that_shows_other_peoples_rows_fails(leaks, users):
    access_map = {**ACCESS, "leaky_case_list": roles("client", rows=_case_rows)}
    problems = check_pattern(leaks["leaky_case_list"], users, urlconf=URLCONF, access_map=access_map)
    assert any("as client" in p and "lists someone else's row" in p for p in problems)


def test_an_object_found_by_its_own_id_outside_its_case_fails(leaks, users):
    access_map = {
        **ACCESS,
        "leaky_referral": roles("client", own=_own_referral, theirs=_other_referral, nested=_their_referral_in_my_case),
    }
    problems = check_pattern(leaks["leaky_referral"], users, urlconf=URLCONF, access_map=access_map)
    assert any("inside my record" in p and "gave 200" in p and "expected 404" in p for p in problems)


def test_list_pages_declare_their_rows():
    """Every signed-in page without a record in its URL either proves its rows are scoped
    (``rows``) or says why it is not a list (``NOT_LISTS``)."""
    ours = [
        p
        for p in iter_patterns()
        if not p.key.startswith(("admin", "account_", "mfa_")) and not p.converters and p.key in ACCESS
    ]
    undeclared = [
        p.key
        for p in ours
        if ACCESS[p.key].rows is None and p.key not in NOT_LISTS and not access_is_a_record_page(ACCESS[p.key])
    ]
    assert not undeclared, f"list pages must declare rows=... in tests/access_map.py, or be in NOT_LISTS: {undeclared}"
    assert set(NOT_LISTS) <= {p.key for p in ours}, "NOT_LISTS names patterns that no longer exist"


def test_the_real_site_has_no_leaky_patterns():
    assert not [p for p in iter_patterns() if p.key.startswith("leaky_")]
