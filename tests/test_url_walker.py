"""Every URL pattern, requested as every role, keeps the promise written in access_map.py."""

import pytest

from .walker import check_pattern, iter_patterns

PATTERNS = list(iter_patterns())


@pytest.fixture
def walker_users(client_user, other_client, advocate, other_org_advocate, supervisor, org_admin, site_admin):
    return {
        "anonymous": None,
        "client": client_user,
        "other_client": other_client,
        "advocate": advocate,
        "other_org_advocate": other_org_advocate,
        "supervisor": supervisor,
        "org_admin": org_admin,
        "site_admin": site_admin,
    }


def test_walker_sees_every_app():
    keys = {p.key for p in PATTERNS}
    assert {"home", "team_member_detail", "account_login", "mfa_index", "admin:index"} <= keys
    assert len(PATTERNS) > 60


@pytest.mark.django_db
@pytest.mark.parametrize("pattern", PATTERNS, ids=[p.key for p in PATTERNS])
def test_pattern_keeps_its_access_promise(pattern, walker_users):
    problems = check_pattern(pattern, walker_users)
    assert not problems, "\n".join(problems)
