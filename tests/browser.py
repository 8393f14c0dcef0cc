"""Helpers for the browser suites: Debian's Chromium through Playwright, axe-core, signing in.

The fixtures that use these live in ``tests/conftest.py``; the suites are
``test_accessibility.py`` (axe-core on every page) and ``test_keyboard.py`` (keyboard only).
"""

from __future__ import annotations

import time
from pathlib import Path

from django.conf import settings
from django.test import Client

#: Playwright cannot download its own browser here: use the distribution's Chromium.
CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

#: axe-core from npm (package.json pins the version).
AXE_PATH = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"

#: What "accessible" means here: WCAG 2.0, 2.1 and 2.2, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

#: How many failing elements of one rule a failure message shows.
SHOWN_NODES = 5


def sign_in(context, user, base_url: str, *, recent_auth: bool = False) -> None:
    """Give a Playwright browser context the session of ``user`` on the live server.

    The session is made the way Django's test client makes one (``force_login``) and its
    cookie copied into the browser: much faster than typing a password and a TOTP code.
    ``recent_auth``: the user has just re-entered their password (allauth's reauthentication),
    as pages that change a second factor require.
    """
    client = Client()
    client.force_login(user)
    if recent_auth:
        session = client.session
        session["account_authentication_methods"] = [{"method": "password", "at": time.time(), "reauthenticated": True}]
        session["account_authentication_methods_user"] = str(user.pk)
        session.save()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url, "httpOnly": True}]
    )


_AXE_RUN = """async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
  });
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target, html: n.html, summary: n.failureSummary})),
  }));
}"""


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page as it is now; return its WCAG 2.2 A/AA violations.

    The page's context must be made with ``bypass_csp=True`` (see ``new_context``): the site's
    Content-Security-Policy lets only its own scripts with a nonce run, and axe is not one.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        if not AXE_PATH.exists():
            raise RuntimeError(f"{AXE_PATH} is missing: run `npm install` (axe-core is in package.json).")
        page.add_script_tag(path=str(AXE_PATH))
    return page.evaluate(_AXE_RUN, WCAG_TAGS)


def format_violations(violations: list[dict], where: str = "") -> str:
    """A failure message a person can act on: rule, what it asks, where, the offending HTML."""
    lines = [f"{len(violations)} accessibility violation(s){' on ' + where if where else ''}:"]
    for v in violations:
        lines.append(f"\n[{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} element(s))")
        lines.append(f"  {v['helpUrl']}")
        for node in v["nodes"][:SHOWN_NODES]:
            lines.append(f"  - {' '.join(str(t) for t in node['target'])}")
            lines.append(f"    {node['html'][:300]}")
            if node.get("summary"):
                summary = node["summary"].replace("\n", "\n      ")
                lines.append(f"      {summary[:600]}")
        if len(v["nodes"]) > SHOWN_NODES:
            lines.append(f"  ... and {len(v['nodes']) - SHOWN_NODES} more")
    return "\n".join(lines)


def assert_accessible(page, where: str = "") -> None:
    """Fail with a readable message when axe-core finds any WCAG 2.2 A/AA violation."""
    violations = axe_violations(page)
    assert not violations, format_violations(violations, where or page.url)


def assert_styled(page) -> None:
    """The page's stylesheets loaded: without them colour contrast and focus styles mean nothing."""
    empty = page.evaluate(
        """() => Array.from(document.querySelectorAll('link[rel=stylesheet]'))
             .filter((link) => !link.sheet || link.sheet.cssRules.length === 0)
             .map((link) => link.href)"""
    )
    assert not empty, f"stylesheets did not load on {page.url}: {empty} (is static/css/app.css built?)"
    assert page.evaluate("() => document.styleSheets.length") > 0, f"no stylesheet on {page.url}"


def new_context(browser, base_url: str, user=None, *, recent_auth: bool = False, **options):
    """A fresh browser context (own cookies), signed in as ``user`` when given.

    ``bypass_csp``: the only way axe-core (injected by the test) may run under the site's CSP;
    the site's own scripts still load normally.
    """
    options.setdefault("bypass_csp", True)
    options.setdefault("viewport", {"width": 1280, "height": 900})
    context = browser.new_context(base_url=base_url, **options)
    context.set_default_timeout(15_000)
    if user is not None:
        sign_in(context, user, base_url, recent_auth=recent_auth)
    return context


def watch_requests(context) -> set:
    """The requests of ``context`` still under way (the set empties as they finish)."""
    pending: set = set()
    context.on("request", lambda request: pending.add(request))
    context.on("requestfinished", lambda request: pending.discard(request))
    context.on("requestfailed", lambda request: pending.discard(request))
    return pending


def settle(context, pending: set, timeout: float = 5.0) -> None:
    """Wait until no request of ``context`` is under way (e.g. the browser's own /favicon.ico).

    Call before closing a context at the end of a test: the live server must not be halfway
    through a request (holding row locks) while pytest-django empties the database.
    """
    deadline = time.monotonic() + timeout
    while pending and context.pages and time.monotonic() < deadline:
        context.pages[0].wait_for_timeout(25)
