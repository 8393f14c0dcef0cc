"""Keyboard only through "Request a personal advocate": from the client's home, every question
answered with Tab, Shift+Tab, Enter, Space, the arrow keys and typing, checked, sent, and found
again in "My requests".

Many of the people who ask for an advocate cannot use a mouse (tremor, weakness) or cannot see
a small pointer. Every Tab (and every arrow key in a group of radios) must land on a control that
is on screen and visibly focused, the same check as ``test_keyboard.py``; the journey must work
with and without JavaScript. No clicks, ``fill``, ``check`` or ``select_option``: Chromium
presses the keys.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import pytest

from cases.models import Case, CaseStatus, RequestDraft
from tests.test_keyboard import focus_is_visible
from tests.test_keyboard_directory import Keyboard

START = "/request-an-advocate/"
CHECK = "/request-an-advocate/check/"
URGENT_HELP = "/request-an-advocate/urgent-help/"
MY_REQUESTS = "/my-requests/"


def question(step: str) -> str:
    return f"/request-an-advocate/question/{step}/"


#: The controls (marked by ``controls``) that are themselves transparent: GOV.UK's radios and
#: checkboxes, whose label draws the box and its focus ring.
_TRANSPARENT_JS = """() => Array.from(document.querySelectorAll('[data-kb]'))
  .filter((el) => parseFloat(getComputedStyle(el).opacity) === 0)
  .map((el) => el.dataset.kb)"""

#: A style snapshot (``tests.test_keyboard``) starts with the element itself, its ::before and
#: its ::after.
_OWN_STYLES = 3


class RequestKeyboard(Keyboard):
    """A keyboard user answering questions: radios, checkboxes, selects, text, buttons.

    Stricter than ``Keyboard`` on radios and checkboxes: the browser's own focus ring on the
    transparent input does not count as visible focus; the label must show it.
    """

    def __init__(self, page):
        super().__init__(page)
        self.transparent: set[str] = set()

    def look(self) -> None:
        super().look()
        self.transparent = set(self.page.evaluate(_TRANSPARENT_JS))
        for kb in self.transparent & self.unfocused.keys():
            self.unfocused[kb] = {**self.unfocused[kb], "styles": self.unfocused[kb]["styles"][_OWN_STYLES:]}

    def active(self) -> dict:
        stop = super().active()
        if stop["kb"] in self.transparent:
            stop["styles"] = stop["styles"][_OWN_STYLES:]
        return stop

    def path(self) -> str:
        return urlsplit(self.page.url).path

    def assert_focus_visible(self, after: str) -> dict:
        """The control that has focus now (after an arrow key) is on screen and visibly focused."""
        stop = self.active()
        assert not stop["body"] and stop["seen"], f"After {after} on {self.page.url}, focus is on {stop['what']}"
        before = self.unfocused.get(stop["kb"]) if stop["kb"] is not None else None
        assert before is not None, f"After {after} on {self.page.url}, focus is on {stop['what']}, not a control"
        assert focus_is_visible(stop["styles"], before["styles"]), (
            f"No visible focus indicator on {stop['what']} after {after} on {self.page.url}"
        )
        return stop

    def follow(self, wanted: Callable[[dict], bool], what: str, *, key: str = "Tab") -> None:
        """Tab to a link or button and press Enter; wait for the next page."""
        self.tab_to(wanted, what, key=key)
        with self.page.expect_navigation():
            self.press("Enter")
        self.look()

    def radio(self, name: str, value: str) -> None:
        """Tab into the group, then the arrow keys until ``value`` is chosen (Space for the first)."""
        stop = self.tab_to(lambda s: s["tag"] == "input" and s["name"] == name, f"the '{name}' radios")
        options = self.page.evaluate("(name) => document.getElementsByName(name).length", name)
        for _ in range(options):
            if stop["value"] == value:
                break
            self.press("ArrowDown")
            stop = self.assert_focus_visible(f"ArrowDown in the '{name}' radios")
        else:
            pytest.fail(f"The arrow keys never reached {name}={value!r} on {self.page.url}")
        if not stop["checked"]:
            self.press("Space")
        assert self.active()["checked"], f"{name}={value!r} is focused but not chosen on {self.page.url}"

    def tick(self, name: str, value: str) -> None:
        """Tab to one checkbox and tick it with Space."""
        self.tab_to(
            lambda s: s["tag"] == "input" and s["name"] == name and s["value"] == value,
            f"the '{name}={value}' checkbox",
        )
        assert not self.active()["checked"], f"{name}={value!r} is ticked before Space on {self.page.url}"
        self.press("Space")
        assert self.active()["checked"], f"Space did not tick {name}={value!r} on {self.page.url}"

    def choose_with_arrows(self, name: str, value: str) -> None:
        """Tab to a select; ArrowDown until ``value`` (on Windows and Linux a closed select changes
        with the arrows without opening)."""
        self.tab_to(lambda s: s["tag"] == "select" and s["name"] == name, f"the '{name}' select")
        options = self.page.evaluate("() => document.activeElement.options.length")
        for _ in range(options):
            if self.active()["value"] == value:
                return
            self.press("ArrowDown")
        assert self.active()["value"] == value, f"The arrow keys did not choose {name}={value!r} on {self.page.url}"

    def choose_by_typing(self, name: str, text: str, value: str) -> None:
        """Tab to a select; type the start of an option's name (the browser's type-ahead)."""
        self.tab_to(lambda s: s["tag"] == "select" and s["name"] == name, f"the '{name}' select")
        self.page.keyboard.type(text)
        chosen = self.active()["value"]
        assert chosen == value, f"Typing {text!r} in the '{name}' select chose {chosen!r}, not {value!r}"

    def type_into(self, field_id: str, text: str) -> None:
        self.tab_to(lambda s: s["id"] == field_id, f"the field #{field_id}")
        self.page.keyboard.type(text)
        assert self.active()["value"] == text, f"#{field_id} holds {self.active()['value']!r} after typing"

    def send(self, button: str, expected_path: str) -> None:
        """Tab to the form's button, Enter; fail with the page's error summary if it stayed."""
        self.follow(lambda s: s["tag"] == "button" and s["text"] == button, f"the '{button}' button")
        if self.path() != expected_path:
            summary = self.page.locator(".govuk-error-summary")
            problem = summary.inner_text() if summary.count() else self.page.locator("h1").first.inner_text()
            pytest.fail(f"'{button}' led to {self.page.url}, not {expected_path}. The page says: {problem}")

    def answer(self, step: str, next_step: str, *answers: Callable[[RequestKeyboard], None]) -> None:
        assert self.path() == question(step), f"expected the '{step}' question, on {self.page.url}"
        for give in answers:
            give(self)
        self.send("Continue", next_step if next_step.startswith("/") else question(next_step))


def _link(href: str) -> Callable[[dict], bool]:
    return lambda stop: stop["tag"] == "a" and stop["href"] == href


def _named(text: str) -> Callable[[dict], bool]:
    """A link or button by its text ("Start now", a link styled as a button)."""
    return lambda stop: stop["tag"] in ("a", "button") and stop["text"] == text


def _open_start_page(kb: RequestKeyboard, *, javascript: bool) -> None:
    """Home → "Request a personal advocate" → "Start now" → the first question."""
    response = kb.page.goto("/")
    assert response is not None and response.status == 200
    scripts_ran = kb.page.evaluate("() => document.body.classList.contains('js-enabled')")
    assert scripts_ran is javascript, f"the site's scripts {'did not run' if javascript else 'ran'}"
    kb.look()
    kb.follow(_link(START), "the 'Request a personal advocate' link on the home page")
    assert kb.path() == START
    kb.follow(_named("Start now"), "the 'Start now' button")
    assert kb.path() == question("who"), f"'Start now' led to {kb.page.url}, not the first question"


def _request_journey(page, user, *, javascript: bool) -> None:
    kb = RequestKeyboard(page)
    _open_start_page(kb, javascript=javascript)

    kb.answer("who", "country", lambda k: k.radio("for_self", "true"))
    kb.answer("country", "region", lambda k: k.radio("country", "GB"))
    kb.answer("region", "needs", lambda k: k.choose_with_arrows("region", "GB-ENG"))
    kb.answer(
        "needs",
        "details",
        lambda k: k.tick("categories", "home_vehicle_modification"),
        lambda k: k.tick("categories", "transport"),
    )
    kb.answer("details", "urgent", lambda k: k.type_into("id_description", "The stairs are getting hard."))
    kb.answer("urgent", "contact", lambda k: k.radio("is_urgent", "false"))
    kb.answer("contact", "contact-details", lambda k: k.tick("contact_methods", "phone"))
    kb.answer("contact-details", "times", lambda k: k.type_into("id_phone", "01632 960 001"))
    kb.answer("times", "language", lambda k: k.tick("best_times", "morning"))
    kb.answer("language", "access", lambda k: k.choose_by_typing("language", "Eng", "en"))
    kb.answer("access", "consent", lambda k: k.tick("access_needs", "large_print"))
    kb.answer("consent", CHECK, lambda k: k.tick("agree", "on"))

    # Check your answers: what was typed and chosen is there.
    rows = dict(
        zip(
            page.locator(".govuk-summary-list__key").all_inner_texts(),
            page.locator(".govuk-summary-list__value").all_inner_texts(),
            strict=True,
        )
    )
    expected = {
        "Who needs help": "I do",
        "Region": "England",
        "In your own words": "The stairs are getting hard.",
        "Is it urgent": "No",
        "Phone number": "01632 960 001",
        "Language": "English",
        "Help to talk with us": "Large print",
    }
    shown = {label: rows.get(label) for label in expected}
    assert shown == expected, f"Check your answers shows {rows}"
    assert "Transport" in rows["What you need help with"]
    assert "MS Society Test" in page.locator("main").inner_text()
    assert not Case.objects.filter(applicant=user).exists(), "a case exists before 'Send request'"

    kb.follow(_named("Send request"), "the 'Send request' button")
    assert page.locator("h1").inner_text() == "Request sent", f"'Send request' led to {page.url}"
    reference = page.locator(".govuk-panel__body strong").inner_text().strip()
    assert reference, "no reference number on the confirmation page"
    cases = list(Case.objects.filter(applicant=user))
    assert [(c.reference, c.status) for c in cases] == [(reference, CaseStatus.NEW)], (
        f"expected one new case {reference} for {user}, the database holds {[(c.reference, c.status) for c in cases]}"
    )
    assert kb.path() == f"/my-requests/{cases[0].pk}/sent/"
    assert not RequestDraft.objects.filter(applicant=user, case__isnull=True).exists()

    # My requests, through the menu.
    kb.follow(_link(MY_REQUESTS), "'My requests' in the menu")
    assert page.locator("h1").inner_text() == "My requests"
    listed = page.locator(".pp-result .govuk-summary-list__row", has_text="Reference").locator("dd")
    assert listed.all_inner_texts() == [reference], f"My requests lists {listed.all_inner_texts()}, not {reference}"


@pytest.mark.browser
def test_keyboard_only_request_from_start_to_my_requests(browser_page, client_user, organisation):
    page = browser_page(client_user)
    _request_journey(page, client_user, javascript=True)


@pytest.mark.browser
def test_keyboard_only_request_from_start_to_my_requests_without_javascript(browser_page, client_user, organisation):
    page = browser_page(client_user, java_script_enabled=False)
    _request_journey(page, client_user, javascript=False)


@pytest.mark.browser
def test_keyboard_only_request_as_a_carer_with_urgent_help(browser_page, carer, organisation):
    page = browser_page(carer)
    kb = RequestKeyboard(page)
    _open_start_page(kb, javascript=True)

    kb.answer("who", "person", lambda k: k.radio("for_self", "false"))
    kb.answer(
        "person",
        "agreed",
        lambda k: k.type_into("id_person_name", "Jo Smith"),
        lambda k: k.radio("relationship", "parent"),
    )
    kb.answer("agreed", "country", lambda k: k.radio("person_agreed", "yes"))
    kb.answer("country", "region", lambda k: k.radio("country", "GB"))
    kb.answer("region", "needs", lambda k: k.choose_with_arrows("region", "GB-SCT"))
    kb.answer("needs", "details", lambda k: k.tick("categories", "transport"))
    kb.answer("details", "urgent", lambda k: k.type_into("id_description", "Jo has no heating."))
    kb.answer("urgent", URGENT_HELP, lambda k: k.radio("is_urgent", "true"))

    # The emergency number at once, as text and as a link a phone can call.
    assert page.locator("h1").inner_text() == "Get help now"
    main = page.locator("main").inner_text()
    assert "999" in main, f"the urgent-help page does not show 999: {main[:300]}"
    kb.tab_to(lambda s: s["tag"] == "a" and s["href"] == "tel:999", "the 'Call 999' link")
    assert RequestDraft.objects.get(applicant=carer).is_urgent is True

    kb.follow(_named("Continue with my request"), "the 'Continue with my request' button")
    assert kb.path() == question("contact"), f"'Continue with my request' led to {page.url}"
    assert page.locator("h1").inner_text() == "How should we contact you?"
    kb.tab_to(lambda s: s["tag"] == "input" and s["name"] == "contact_methods", "the first way of contact")
