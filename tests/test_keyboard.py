"""Keyboard only: every control reachable with Tab, the skip link first, focus always visible,
no keyboard trap, error summaries that lead to the field, and a form filled in and sent
without a mouse.

Many of our users cannot use a mouse (tremor, weakness) or cannot see a small pointer. The
checks read what the browser does, not the markup: Chromium presses the keys.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from accounts.models import Organisation
from accounts.tests.factories import AdvocateFactory, HolidayFactory

#: A page with more stops than this is a design problem of its own (and a trap looks like one).
MAX_PRESSES = 80

#: What a keyboard user must be able to reach (the brief's list of interactive controls).
INTERACTIVE = 'a[href], button, input:not([type="hidden"]), select, textarea, [tabindex]:not([tabindex="-1"]), summary'

# Marks every visible, enabled interactive control with data-kb="<n>" and returns them, with a
# snapshot of their styles while not focused (compared with the focused ones below).
_STYLE_JS = """
const PROPS = ['outline-style', 'outline-width', 'outline-color', 'box-shadow', 'background-color'];
function related(el) {
  // The focus style of GOV.UK checkboxes and radios is drawn by the label's ::before; of a
  // details summary by its text span: look at the element, its labels and its descendants.
  const nodes = [el, ...(el.labels || []), ...el.querySelectorAll('*')];
  return nodes.slice(0, 12);
}
function snapshot(el) {
  // A fully transparent control (GOV.UK radios and checkboxes draw theirs on the label) cannot
  // show focus itself: its own styles are left out (kept as a constant, so snapshots line up).
  const hidden = getComputedStyle(el).opacity === '0';
  const out = [];
  for (const node of related(el)) {
    for (const pseudo of [null, '::before', '::after']) {
      if (hidden && node === el) {
        out.push({'outline-style': 'none', 'outline-width': '0px', 'outline-color': 'transparent',
                  'box-shadow': 'none', 'background-color': 'transparent'});
        continue;
      }
      const cs = getComputedStyle(node, pseudo);
      out.push(Object.fromEntries(PROPS.map((p) => [p, cs.getPropertyValue(p)])));
    }
  }
  return out;
}
function seen(el) {
  // On screen and not transparent: the control itself, or (GOV.UK checkboxes, radios) its label.
  const width = document.documentElement.scrollWidth;
  const onScreen = (n) => {
    const r = n.getBoundingClientRect();
    return r.width >= 1 && r.height >= 1 && r.right > 0 && r.bottom > 0 && r.left < width;
  };
  const opaque = (n) => {
    for (let x = n; x; x = x.parentElement) if (parseFloat(getComputedStyle(x).opacity) === 0) return false;
    return true;
  };
  return [el, ...(el.labels || [])].some((n) => onScreen(n) && opaque(n));
}
function describe(el) {
  if (!el || el === document.body || el === document.documentElement) return '<body>';
  const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().replace(/\\s+/g, ' ');
  const id = el.id ? '#' + el.id : '';
  const name = el.name ? `[name=${el.name}]` : '';
  const href = el.getAttribute('href') ? `[href=${el.getAttribute('href')}]` : '';
  return `<${el.tagName.toLowerCase()}${id}${name}${href}> "${text.slice(0, 40)}"`;
}
"""

_CONTROLS_JS = (
    "(selector) => {"
    + _STYLE_JS
    + """
  const visible = (el) => el.checkVisibility({visibilityProperty: true}) && !el.disabled && !el.closest('[inert]');
  return Array.from(document.querySelectorAll(selector)).filter(visible).map((el, i) => {
    el.dataset.kb = String(i);
    return {
      kb: String(i),
      what: describe(el),
      radio_group: el.type === 'radio' ? el.form?.id + '/' + el.name : null,
      styles: snapshot(el),
    };
  });
}"""
)

_FOCUSED_JS = (
    "() => {"
    + _STYLE_JS
    + """
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return {kb: null, body: true, what: '<body>'};
  const main = document.getElementById('main-content');
  return {
    kb: el.dataset.kb ?? null,
    body: false,
    what: describe(el),
    in_main: !!main && main.contains(el),
    seen: seen(el),
    id: el.id,
    radio_group: el.type === 'radio' ? el.form?.id + '/' + el.name : null,
    styles: snapshot(el),
  };
}"""
)


def _transparent(colour: str) -> bool:
    return colour == "transparent" or bool(re.fullmatch(r"rgba\(.*,\s*0(\.0*)?\)", colour))


def focus_is_visible(focused: list[dict], unfocused: list[dict]) -> bool:
    """Does focusing change how the control (or its label, or its text) looks?

    Visible means: an outline of non-zero width, style not 'none' and not transparent, that was
    not there before; or a box-shadow that was not there before; or a new background colour.
    """
    for now, before in zip(focused, unfocused, strict=True):
        outline = (
            now["outline-style"] != "none"
            and float(now["outline-width"].removesuffix("px") or 0) > 0
            and not _transparent(now["outline-color"])
        )
        outline_before = (
            before["outline-style"] != "none"
            and float(before["outline-width"].removesuffix("px") or 0) > 0
            and not _transparent(before["outline-color"])
        )
        if outline and (not outline_before or now["outline-color"] != before["outline-color"]):
            return True
        if now["box-shadow"] not in ("none", before["box-shadow"]):
            return True
        if now["background-color"] != before["background-color"] and not _transparent(now["background-color"]):
            return True
    return False


def controls(page) -> dict[str, dict]:
    return {c["kb"]: c for c in page.evaluate(_CONTROLS_JS, INTERACTIVE)}


def focused(page) -> dict:
    return page.evaluate(_FOCUSED_JS)


def tab_until_focus_leaves(page) -> list[dict]:
    """Press Tab until focus leaves the page (to the browser's own controls, where Chromium's
    ``document.activeElement`` is the body); the stops on the way.

    Fails when it does not leave within ``MAX_PRESSES``: a keyboard trap (or a page with far
    too many stops).
    """
    stops = []
    for _ in range(MAX_PRESSES):
        page.keyboard.press("Tab")
        stop = focused(page)
        if stop["body"]:
            return stops
        # (Going round the page without ever leaving it, as a focus-trapping script does, is a
        # trap too: only reaching the browser's controls ends the loop.)
        stops.append(stop)
    trail = "\n  ".join(s["what"] for s in stops[-10:])
    pytest.fail(f"Focus did not leave {page.url} after {MAX_PRESSES} presses of Tab (trap?). Last stops:\n  {trail}")


def check_full_cycle(page, stops: list[dict], known: dict[str, dict]) -> None:
    """(a) every control reached, (b) skip link first, (c) focus visible on every stop."""
    assert stops, f"Tab reaches nothing on {page.url}"
    first = stops[0]
    assert first["what"].startswith("<a") and "[href=#main-content]" in first["what"], (
        f"The first Tab stop on {page.url} is {first['what']}, not the skip link"
    )

    strays = [s["what"] for s in stops if s["kb"] is None or not s["seen"]]
    assert not strays, f"Focus lands on elements that are hidden or not controls on {page.url}: {strays}"

    reached = {s["kb"] for s in stops}
    reached_groups = {s["radio_group"] for s in stops if s["radio_group"]}
    missed = [
        c["what"]
        for kb, c in known.items()
        if kb not in reached and not (c["radio_group"] and c["radio_group"] in reached_groups)
    ]
    assert not missed, f"Tab never reaches these controls on {page.url}:\n  " + "\n  ".join(missed)

    invisible = [s["what"] for s in stops if not focus_is_visible(s["styles"], known[s["kb"]]["styles"])]
    assert not invisible, f"No visible focus indicator on {page.url} for:\n  " + "\n  ".join(invisible)


def check_skip_link(page) -> None:
    """(b) Enter on the skip link moves focus (or at least the next Tab) into the main content."""
    page.keyboard.press("Tab")
    assert "[href=#main-content]" in focused(page)["what"], "the skip link is not the first stop"
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.hash === '#main-content'")
    landed = page.evaluate(
        """() => {
        const main = document.getElementById('main-content');
        const top = main.getBoundingClientRect().top;
        return {active: document.activeElement === main, top, height: window.innerHeight};
    }"""
    )
    assert landed["top"] < landed["height"], "the main content is not scrolled into view"
    if not landed["active"]:
        page.keyboard.press("Tab")
        assert focused(page)["in_main"], "after the skip link, the next Tab does not go into the main content"


# --- the page types -----------------------------------------------------------------------


def _team(user) -> None:
    AdvocateFactory(organisation=user.organisation, first_name="Sam", last_name="Okafor")
    AdvocateFactory(organisation=user.organisation, first_name="Ana", last_name="Lindqvist")


def _holiday(user) -> None:
    HolidayFactory(organisation=user.organisation, name="Christmas Day")


def _submit_by_keyboard(button_name: str) -> Callable:
    def act(page) -> None:
        press_tab_until(page, lambda stop: stop["what"].startswith("<button") and button_name in stop["what"])
        with page.expect_navigation():
            page.keyboard.press("Enter")

    return act


def _make_calendar_link(page) -> None:
    """Create a calendar link with the keyboard. The success banner takes focus as the page
    loads (GOV.UK); Tab on from there out of the page, so that the check starts at the top."""
    _submit_by_keyboard("Create a link")(page)
    assert page.evaluate("() => document.activeElement.classList.contains('govuk-notification-banner')")
    tab_until_focus_leaves(page)


def press_tab_until(page, wanted: Callable[[dict], bool]) -> dict:
    for _ in range(MAX_PRESSES):
        page.keyboard.press("Tab")
        stop = focused(page)
        if wanted(stop):
            return stop
    pytest.fail(f"Tab never reached the wanted control on {page.url}")


@dataclass(frozen=True)
class KeyboardPage:
    id: str
    role: str  # a fixture name from the root conftest.py, or "anonymous"
    url: str
    setup: Callable | None = None
    act: Callable | None = None  # keyboard steps before the check (e.g. send a form empty)
    error_state: bool = False


KEYBOARD_PAGES = [
    KeyboardPage("anonymous-home", "anonymous", "/"),
    KeyboardPage("sign-in", "anonymous", "/accounts/login/"),
    KeyboardPage("client-home", "client_user", "/"),
    KeyboardPage("supervisor-team-list", "supervisor", "/team/", setup=_team),
    KeyboardPage("org-admin-organisation-settings", "org_admin", "/organisation/", setup=_holiday),
    KeyboardPage("account-overview", "client_user", "/account/"),
    KeyboardPage("advocate-calendar-link-just-made", "advocate", "/account/calendar/", act=_make_calendar_link),
    KeyboardPage(
        "holiday-form-with-errors",
        "org_admin",
        "/organisation/holidays/add/",
        act=_submit_by_keyboard("Add closure"),
        error_state=True,
    ),
    KeyboardPage(
        "sign-in-with-errors", "anonymous", "/accounts/login/", act=_submit_by_keyboard("Sign in"), error_state=True
    ),
]


@pytest.fixture
def open_as(browser_page, request):
    """Open ``url`` as ``role``. The site's Content-Security-Policy is enforced (nothing is
    injected into these pages), so its own scripts behave as they do for real users."""

    def open_(role: str, url: str, setup: Callable | None = None, *, bypass_csp: bool = False):
        user = None if role == "anonymous" else request.getfixturevalue(role)
        if setup is not None:
            setup(user)
        page = browser_page(user, bypass_csp=bypass_csp)
        response = page.goto(url)
        assert response is not None and response.status == 200, f"GET {url} as {role}: {response and response.status}"
        return page

    return open_


@pytest.mark.browser
@pytest.mark.parametrize("case", KEYBOARD_PAGES, ids=[k.id for k in KEYBOARD_PAGES])
def test_keyboard_reaches_everything_with_visible_focus_and_no_trap(case, open_as):
    page = open_as(case.role, case.url, case.setup)
    if case.act is not None:
        case.act(page)

    if case.error_state:
        # GOV.UK's error summary takes focus when the page loads, so a keyboard (and screen
        # reader) user starts at the list of problems; the first Tab is its first link.
        assert page.evaluate("() => document.activeElement.classList.contains('govuk-error-summary')"), (
            f"Focus is not on the error summary after sending the form with errors ({page.url})"
        )
        known = controls(page)
        first = tab_until_focus_leaves(page)
        assert first and first[0]["what"].startswith("<a") and first[0]["kb"] is not None, (
            "the first Tab from the error summary does not reach its first link"
        )
    else:
        known = controls(page)

    # (d) From the top of the page round to the browser's own controls: no trap.
    stops = tab_until_focus_leaves(page)
    # (a), (b), (c)
    check_full_cycle(page, stops, known)
    # Leaving the page and pressing Tab again starts over at the skip link.
    page.keyboard.press("Tab")
    assert "[href=#main-content]" in focused(page)["what"], "Tab after leaving the page does not come back to the top"


FRESH_PAGES = [k for k in KEYBOARD_PAGES if not k.act]


@pytest.mark.browser
@pytest.mark.parametrize("case", FRESH_PAGES, ids=[k.id for k in FRESH_PAGES])
def test_skip_link_moves_to_the_main_content(case, open_as):
    page = open_as(case.role, case.url, case.setup)
    check_skip_link(page)


ERROR_FORMS = [k for k in KEYBOARD_PAGES if k.error_state]


@pytest.mark.browser
@pytest.mark.parametrize("case", ERROR_FORMS, ids=[k.id for k in ERROR_FORMS])
def test_error_summary_links_take_the_keyboard_to_each_field(case, open_as):
    """Each link in the error summary, followed with Enter, puts focus in the field it names."""
    page = open_as(case.role, case.url, case.setup)
    case.act(page)
    links = page.locator(".govuk-error-summary__list a")
    count = links.count()
    assert count >= 1
    for index in range(count):
        target = links.nth(index).get_attribute("href")
        assert target and target.startswith("#"), f"error summary link {index} is not an in-page link: {target}"
        # (That Tab from the summary reaches its first link is checked above; GOV.UK's script
        # makes the summary unfocusable once it loses focus, so put focus on the link directly.)
        links.nth(index).focus()
        assert focused(page)["what"].startswith("<a"), f"error summary link {index} cannot take focus"
        page.keyboard.press("Enter")
        active = focused(page)
        assert active["id"] == target[1:], (
            f"Following the error link {target} on {page.url} put focus on {active['what']}, not the field"
        )


@pytest.mark.browser
def test_organisation_settings_can_be_changed_with_the_keyboard_alone(open_as, org_admin):
    organisation = org_admin.organisation
    assert organisation.first_contact_target_days == 2
    assert organisation.languages == ["en"]
    page = open_as("org_admin", "/organisation/")

    # The first-contact target: Tab to it, replace the number.
    press_tab_until(page, lambda stop: stop["id"] == "id_first_contact_target_days")
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("5")

    # Languages: Tab to the first unticked one, tick it with Space.
    stop = press_tab_until(
        page,
        lambda stop: (
            stop["what"].startswith("<input")
            and "[name=languages]" in stop["what"]
            and not page.evaluate("() => document.activeElement.checked")
        ),
    )
    page.keyboard.press("Space")
    added = page.evaluate("() => document.activeElement.value")
    assert page.evaluate("() => document.activeElement.checked"), f"Space did not tick {stop['what']}"

    # Send it: Tab to "Save settings", Enter.
    press_tab_until(page, lambda stop: stop["what"].startswith("<button") and "Save settings" in stop["what"])
    with page.expect_navigation():
        page.keyboard.press("Enter")

    banner = page.locator(".govuk-notification-banner--success")
    assert banner.is_visible()
    assert "Your organisation's settings are saved." in banner.inner_text()
    organisation = Organisation.objects.get(pk=organisation.pk)
    assert organisation.first_contact_target_days == 5
    assert set(organisation.languages) == {"en", added}


# --- the checks can fail ------------------------------------------------------------------

BREAKAGES = {
    # The site's focus styles switched off: a keyboard user cannot see where they are.
    "no-focus-style": (
        "css",
        "*:focus, *:focus-visible { outline: none !important; box-shadow: none !important;"
        " background-color: transparent !important; }",
        "No visible focus indicator",
    ),
    # A visible link taken out of the tab order.
    "unreachable-link": (
        "js",
        "() => document.querySelector('main a[href]').setAttribute('tabindex', '-1')",
        "Tab never reaches these controls",
    ),
    # Something focusable before the skip link.
    "skip-link-not-first": (
        "js",
        "() => { const a = document.createElement('a'); a.href = '/elsewhere'; a.textContent = 'First';"
        " document.body.prepend(a); }",
        "not the skip link",
    ),
    # A focusable element nobody can see.
    "hidden-focusable": (
        "js",
        "() => { const b = document.createElement('button'); b.textContent = 'Hidden';"
        " b.style.opacity = '0'; b.style.position = 'absolute'; b.style.left = '-9999px';"
        " document.querySelector('main').append(b); }",
        "hidden or not controls",
    ),
    # A script that sends focus from the last control back to the first: round and round.
    "focus-loop": (
        "js",
        "() => { const all = document.querySelectorAll('a[href], button, select, input');"
        " const first = all[0], last = all[all.length - 1];"
        " document.addEventListener('keydown', (e) => {"
        "   if (e.key === 'Tab' && document.activeElement === last) { e.preventDefault(); first.focus(); } }); }",
        "did not leave",
    ),
    # A keyboard trap: Tab on this box keeps focus there.
    "trap": (
        "js",
        "() => { const input = document.createElement('input'); input.setAttribute('aria-label', 'Trap');"
        " document.querySelector('main').prepend(input);"
        " input.addEventListener('keydown', (e) => { if (e.key === 'Tab') e.preventDefault(); }); }",
        "did not leave",
    ),
}


@pytest.mark.browser
@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_keyboard_checks_fail_on_a_broken_page(breakage, open_as):
    """The same helpers as above, on the visitors' start page with one thing broken on purpose."""
    kind, code, message = BREAKAGES[breakage]
    page = open_as("anonymous", "/", bypass_csp=True)  # the breakage is injected
    if kind == "css":
        page.add_style_tag(content=code)
    else:
        page.evaluate(code)
    with pytest.raises((AssertionError, pytest.fail.Exception), match=message):
        known = controls(page)
        stops = tab_until_focus_leaves(page)
        check_full_cycle(page, stops, known)
