"""Helpers for the browser suites: Debian's Chromium through Playwright, axe-core, reflow, signing in.

The fixtures that use these live in ``tests/conftest.py``; the suites are
``test_accessibility.py`` (axe-core and reflow on every page), ``test_reflow.py`` (pages with
long data at 320 CSS pixels) and ``test_keyboard.py`` (keyboard only).
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

#: Reflow (WCAG 1.4.10): 1280 CSS pixels at 400% zoom, the narrowest a page must fit without
#: scrolling sideways.
NARROW = {"width": 320, "height": 800}


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


_SIDEWAYS = """() => {
  const root = document.documentElement;
  return root.scrollWidth - root.clientWidth;
}"""

# What makes a page wider than its window: every element (and every run of text, which an
# element of the right width can still let out, e.g. a long address in a paragraph) reaching
# past the right edge, unless something clips or scrolls it (that something is then the one
# reported, if it is too wide itself) or it is fixed to the window (fixed boxes never make the
# page scroll). The widest is the one to look at (a table, a row of buttons); the innermost,
# furthest first, say what pushes it out (a long word, a cell, a box of a fixed width).
_TOO_WIDE = """(shown) => {
  const root = document.documentElement;
  const edge = root.clientWidth + 0.5;
  const contains = (el) => getComputedStyle(el).overflowX !== 'visible';
  // ``inside``: the box itself clips what is in it (text in a visually hidden span).
  const escapes = (el, inside) => {
    for (let a = el; a && a !== root; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (style.position === 'fixed' || style.display === 'none') return false;
      if ((inside || a !== el) && contains(a)) return false;
    }
    return true;
  };
  const name = (el) => {
    let text = el.tagName.toLowerCase();
    if (el.id) text += '#' + el.id;
    for (const c of el.classList) text += '.' + c;
    return text;
  };
  const path = (el) => {
    const parts = [];
    for (let a = el; a && a !== document.body && parts.length < 4; a = a.parentElement) parts.unshift(name(a));
    return parts.join(' > ');
  };
  const found = new Map();
  const note = (el, right, width, text) => {
    const seen = found.get(el);
    if (!seen || seen.right < right) found.set(el, {el, right, width, text});
  };
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    const right = box.right + window.scrollX;
    if ((box.width || box.height) && right > edge && escapes(el, false)) note(el, right, box.width, '');
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim() || !node.parentElement) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const box = range.getBoundingClientRect();
    const right = box.right + window.scrollX;
    if (box.width && right > edge && escapes(node.parentElement, true)) {
      note(node.parentElement, right, box.width, node.textContent.trim());
    }
  }
  // A visually hidden box (one pixel, clipped) is reported by the box holding it.
  const all = [...found.values()].filter((o) => o.width > 1 || o.text);
  const describe = (o) => ({
    where: path(o.el),
    right: Math.round(o.right),
    width: Math.round(o.width),
    text: o.text.slice(0, 80),
    html: o.el.outerHTML.replace(/\\s+/g, ' ').slice(0, 300),
  });
  // Document order: an element comes before what it holds, so of equals the outermost wins.
  const widest = all.reduce((best, o) => (o.width > best.width + 0.5 ? o : best), all[0]);
  const innermost = all
    .filter((o) => !all.some((other) => other !== o && o.el.contains(other.el)))
    .sort((a, b) => b.right - a.right)
    .slice(0, shown);
  return {widest: widest && describe(widest), innermost: innermost.map(describe), count: all.length};
}"""


def sideways(page) -> int:
    """How many CSS pixels the page is wider than its window (0: no sideways scrolling)."""
    return page.evaluate(_SIDEWAYS)


def too_wide(page) -> dict:
    """What sticks out past the window's right edge: the widest element, the innermost ones."""
    return page.evaluate(_TOO_WIDE, SHOWN_NODES)


def format_too_wide(page, where: str = "") -> str:
    """A failure message a person can act on: how much too wide, which element, what is in it."""
    width = page.evaluate("() => document.documentElement.clientWidth")
    report = too_wide(page)
    lines = [
        f"{where or page.url} scrolls sideways at {width} CSS pixels: it is {sideways(page)} px too wide "
        f"({report['count']} element(s) reach past the right edge)."
    ]

    def describe(item: dict) -> None:
        lines.append(f"  - {item['where']}: reaches {item['right']} px, {item['width']} px wide")
        if item["text"]:
            lines.append(f"    text: {item['text']!r}")
        lines.append(f"    {item['html']}")

    if report["widest"]:
        lines.append("The widest:")
        describe(report["widest"])
        lines.append("What pushes it out (the innermost, furthest first):")
        for item in report["innermost"]:
            describe(item)
    return "\n".join(lines)


_PAGE_CLIPS = """() => [document.documentElement, document.body]
  .filter((el) => ['hidden', 'clip'].includes(getComputedStyle(el).overflowX))
  .map((el) => el.tagName.toLowerCase())"""


def assert_reflows(page, where: str = "", viewport: dict | None = None) -> None:
    """Fail, naming the widest element, when the page scrolls sideways at 320 CSS pixels (or at
    ``viewport``).

    The page is narrowed where it is (as zooming in does: a form showing its errors stays as it
    is), then given two frames for scripts that follow the width (GOV.UK Frontend's menus).
    Hiding the overflow of the whole page is no fix (what is too wide is then cut off): it fails.
    """
    page.set_viewport_size(viewport or NARROW)
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    clipped = page.evaluate(_PAGE_CLIPS)
    assert not clipped, f"{where or page.url}: {clipped} hide(s) what is too wide (overflow-x) instead of reflowing it"
    assert sideways(page) <= 0, format_too_wide(page, where)


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
