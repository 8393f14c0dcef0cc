"""Security headers every page carries."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_signed_in_pages_are_never_stored(client, client_user):
    client.force_login(client_user)
    response = client.get(reverse("home"))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_public_pages_may_be_cached_by_the_browser(client):
    response = client.get(reverse("home"))
    assert "no-store" not in response.get("Cache-Control", "")


def test_content_security_policy_uses_a_fresh_nonce_for_every_script(client):
    first = client.get(reverse("account_login"))
    second = client.get(reverse("account_login"))
    policy = first["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert nonce not in second["Content-Security-Policy"]
    body = first.content.decode()
    # Inline scripts run only with the nonce (JSON data blocks do not run at all); scripts
    # loaded from our own origin are allowed by 'self'.
    for script in re.findall(r"<script\b[^>]*>", body):
        if " src=" not in script:
            assert f'nonce="{nonce}"' in script or 'type="application/json"' in script, script


def test_pages_have_no_inline_event_handlers(client, supervisor):
    client.force_login(supervisor)
    for name in ("home", "team_list", "account_overview"):
        body = client.get(reverse(name)).content.decode()
        assert not re.search(r"\son[a-z]+\s*=", body), name
        assert "javascript:" not in body


def test_pages_declare_their_language_and_have_a_skip_link(client):
    body = client.get(reverse("home")).content.decode()
    assert '<html lang="en"' in body
    assert 'href="#main-content"' in body and 'id="main-content"' in body


def test_the_language_switcher_changes_the_page_language(client):
    response = client.post(reverse("set_language"), {"language": "de", "next": "/"})
    assert response.status_code == 302
    body = client.get("/").content.decode()
    assert '<html lang="de"' in body
