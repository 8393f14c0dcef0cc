"""Keyboard only through the directory: from the client's home, search, filter, open a service
and save it to "My list", with Tab, Shift+Tab, Enter, Space and the arrow keys alone.

Many of our users cannot use a mouse (tremor, weakness) or cannot see a small pointer. Every
Tab on the way must land on a control that is on screen and visibly focused (the same check as
``test_keyboard.py``), and the journey must work with and without JavaScript: with it the
filters update the results in place (htmx), without it they are an ordinary GET form.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import pytest

from resources.models import SavedService
from resources.tests.factories import ServiceFactory
from tests.test_keyboard import MAX_PRESSES, controls, focus_is_visible, focused

#: What the predicates below look at, besides what ``focused`` reports.
_ACTIVE_JS = """() => {
  const el = document.activeElement;
  return {
    tag: el.tagName.toLowerCase(),
    name: el.name || '',
    value: el.value ?? '',
    href: el.getAttribute('href') || '',
    text: (el.innerText || '').trim().replace(/\\s+/g, ' '),
    checked: !!el.checked,
  };
}"""


class Keyboard:
    """A keyboard user on ``page``: Tab until a wanted control, checking every stop on the way."""

    def __init__(self, page):
        self.page = page
        self.unfocused: dict[str, dict] = {}

    def look(self) -> None:
        """Note how every control looks while not focused; call after every page load or swap.

        The control that has focus right now (the button that sent an htmx request) cannot be
        seen unfocused, so it is left out: a stop on it later fails rather than passes.
        """
        self.unfocused = controls(self.page)
        self.unfocused.pop(focused(self.page)["kb"], None)

    def active(self) -> dict:
        return {**focused(self.page), **self.page.evaluate(_ACTIVE_JS)}

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)

    def tab_to(self, wanted: Callable[[dict], bool], what: str, *, key: str = "Tab") -> dict:
        """Press Tab (or ``key="Shift+Tab"``) until ``wanted(stop)``; fail on a stop that is
        hidden or shows no focus, and after ``MAX_PRESSES``."""
        trail: list[str] = []
        for _ in range(MAX_PRESSES):
            self.press(key)
            stop = self.active()
            trail.append(stop["what"])
            assert not stop["body"], self._lost(f"Focus left {self.page.url} before reaching {what}", trail)
            assert stop["seen"], self._lost(f"Focus is on something hidden on {self.page.url}", trail)
            before = self.unfocused.get(stop["kb"]) if stop["kb"] is not None else None
            assert before is not None, self._lost(
                f"Focus landed on {stop['what']} on {self.page.url}, which is not a visible control", trail
            )
            assert focus_is_visible(stop["styles"], before["styles"]), self._lost(
                f"No visible focus indicator on {stop['what']} on {self.page.url}", trail
            )
            if wanted(stop):
                return stop
        pytest.fail(self._lost(f"{MAX_PRESSES} presses of {key} did not reach {what} on {self.page.url}", trail))

    @staticmethod
    def _lost(message: str, trail: list[str]) -> str:
        return message + ". Last stops:\n  " + "\n  ".join(trail[-10:])


def _button(text: str) -> Callable[[dict], bool]:
    return lambda stop: stop["tag"] == "button" and stop["text"] == text


def _apply_filters(kb: Keyboard, *, javascript: bool, expect: tuple[str, str]) -> None:
    """Enter on the focused "Apply filters" button; wait for the answer. With JavaScript, htmx
    swaps the results in place and puts the filters in the address bar (``expect``)."""
    assert kb.active()["text"] == "Apply filters"
    if javascript:
        kb.press("Enter")
        kb.page.wait_for_function(
            """([name, value]) => new URLSearchParams(location.search).get(name) === value
                 && !document.querySelector('.htmx-request')""",
            arg=list(expect),
        )
    else:
        with kb.page.expect_navigation():
            kb.press("Enter")


def _results(page) -> list[str]:
    return page.locator("#results .pp-result__title a").all_inner_texts()


def _journey(page, user, *, javascript: bool) -> None:
    """Home → search → filter → open the first result → save it → see it on My list."""
    services = {
        name: ServiceFactory(name=name, description=description, country=country, categories=[category])
        for name, description, country, category in [
            ("Wheelchair loan scheme", "Borrow a wheelchair while you wait for your own.", "GB", "equipment_mobility"),
            ("Wheelchair repairs at home", "A technician repairs your wheelchair at home.", "GB", "equipment_mobility"),
            ("Wheelchair grants", "Money towards a new wheelchair.", "GB", "financial_assistance"),
            ("Wheelchair loans in Ontario", "Borrow a wheelchair in Ontario.", "CA", "equipment_mobility"),
            ("Wheelchair accessible taxis", "Taxis that take a wheelchair.", "US", "transport"),
            ("Stairlift fitting", "Stairlifts fitted and serviced.", "GB", "equipment_mobility"),
        ]
    }
    # The search starts in the country of the page's language (English: the United Kingdom).
    wheelchair = {name for name, service in services.items() if "Wheelchair" in name and service.country == "GB"}
    expected = {"Wheelchair loan scheme", "Wheelchair repairs at home"}
    kb = Keyboard(page)

    # The client's home: Tab to its search box, type, send with Enter.
    response = page.goto("/")
    assert response is not None and response.status == 200
    scripts_ran = page.evaluate("() => document.body.classList.contains('js-enabled')")
    assert scripts_ran is javascript, f"the site's scripts {'did not run' if javascript else 'ran'}"
    kb.look()
    kb.tab_to(lambda stop: stop["id"] == "home-search", "the search box on the home page")
    page.keyboard.type("wheelchair")
    with page.expect_navigation():
        kb.press("Enter")
    assert urlsplit(page.url).path == "/find-help/"
    assert page.locator("#results-count").inner_text() == f"{len(wheelchair)} services found"
    assert set(_results(page)) == wheelchair

    # Filters: tick "Equipment and mobility aids" with Space, choose the country with the arrows.
    kb.look()
    kb.tab_to(
        lambda stop: stop["name"] == "category" and stop["value"] == "equipment_mobility",
        "the 'Equipment and mobility aids' checkbox",
    )
    kb.press("Space")
    assert kb.active()["checked"], "Space did not tick the 'Equipment and mobility aids' checkbox"
    kb.tab_to(lambda stop: stop["tag"] == "select" and stop["name"] == "country", "the country filter")
    options = page.evaluate("() => document.activeElement.options.length")
    for _ in range(options):
        if kb.active()["value"] == "GB":
            break
        kb.press("ArrowDown")
    assert kb.active()["value"] == "GB", "the arrow keys did not choose United Kingdom in the country filter"

    kb.tab_to(_button("Apply filters"), "the 'Apply filters' button")
    _apply_filters(kb, javascript=javascript, expect=("country", "GB"))
    params = parse_qs(urlsplit(page.url).query)
    assert params["q"] == ["wheelchair"]
    assert params["category"] == ["equipment_mobility"]
    assert params["country"] == ["GB"]
    assert page.locator("#results-count").inner_text() == "2 services found"
    assert set(_results(page)) == expected

    # The first result: Tab on from the button to its link, Enter.
    kb.look()
    stop = kb.tab_to(lambda stop: stop["href"].startswith("/find-help/services/"), "the first result")
    first = _results(page)[0]
    assert stop["text"] == first, f"Tab reached {stop['text']!r} before the first result {first!r}"
    service = services[first]
    with page.expect_navigation():
        kb.press("Enter")
    assert urlsplit(page.url).path == f"/find-help/services/{service.pk}/"
    assert page.locator("h1").inner_text() == first

    # Save it.
    kb.look()
    kb.tab_to(_button("Save to my list"), "the 'Save to my list' button")
    with page.expect_navigation():
        kb.press("Enter")
    assert urlsplit(page.url).path == f"/find-help/services/{service.pk}/"
    banner = page.locator(".govuk-notification-banner--success")
    assert banner.is_visible() and "Saved to your list." in banner.inner_text()
    assert page.get_by_text("This service is on your list.").is_visible()
    assert list(SavedService.objects.filter(user=user).values_list("service_id", flat=True)) == [service.pk]

    # My list, through the menu. With JavaScript, GOV.UK's script moves focus to the success
    # banner, so that it is read out; the menu is then behind it (Shift+Tab).
    banner_focused = page.evaluate("() => document.activeElement.classList.contains('govuk-notification-banner')")
    assert banner_focused is javascript, f"focus {'is not' if javascript else 'is'} on the success banner"
    kb.look()
    kb.tab_to(lambda stop: stop["href"] == "/my-list/", "the 'My list' link", key="Shift+Tab" if javascript else "Tab")
    with page.expect_navigation():
        kb.press("Enter")
    assert page.locator("h1").inner_text() == "My list"
    assert page.locator(".pp-result-list h2 a").all_inner_texts() == [first]


@pytest.mark.browser
def test_keyboard_only_search_filter_open_and_save(browser_page, client_user):
    page = browser_page(client_user)
    _journey(page, client_user, javascript=True)


@pytest.mark.browser
def test_keyboard_only_search_filter_open_and_save_without_javascript(browser_page, client_user):
    page = browser_page(client_user, java_script_enabled=False)
    _journey(page, client_user, javascript=False)


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_keyboard_only_filter_error_is_shown_and_leads_to_the_field(browser_page, client_user, javascript):
    """A filter that cannot be used (an age that is not a number) says so, with or without
    JavaScript, and its error link takes the keyboard to the field.

    (With JavaScript, htmx swaps in only the results, which held no error summary: the search
    silently dropped every filter and said nothing.)
    """
    ServiceFactory(name="Wheelchair loan scheme", country="GB", categories=["equipment_mobility"])
    page = browser_page(client_user, java_script_enabled=javascript)
    kb = Keyboard(page)
    response = page.goto("/find-help/?q=wheelchair")
    assert response is not None and response.status == 200
    kb.look()
    kb.tab_to(lambda stop: stop["id"] == "id_age", "the age filter")
    page.keyboard.type("abc")
    kb.tab_to(_button("Apply filters"), "the 'Apply filters' button")
    _apply_filters(kb, javascript=javascript, expect=("age", "abc"))
    summary = page.locator(".govuk-error-summary")
    assert summary.count() == 1 and summary.is_visible(), f"no error summary on {page.url}"
    assert "Enter the age as a whole number, like 52" in summary.inner_text()

    kb.look()
    kb.tab_to(lambda stop: stop["href"] == "#id_age", "the error summary's link to the age")
    kb.press("Enter")
    assert focused(page)["id"] == "id_age", f"the error link put focus on {focused(page)['what']}, not the age field"

    # Put it right and apply again.
    kb.press("ControlOrMeta+a")
    page.keyboard.type("52")
    kb.look()
    kb.tab_to(_button("Apply filters"), "the 'Apply filters' button")
    _apply_filters(kb, javascript=javascript, expect=("age", "52"))
    assert parse_qs(urlsplit(page.url).query)["age"] == ["52"]
    assert page.locator(".govuk-error-summary").count() == 0
    assert _results(page) == ["Wheelchair loan scheme"]


# --- the directory as a new user expects it (issue 12) -----------------------------------------

PHONE = {"width": 375, "height": 740}


def _region_list(page) -> list[str]:
    return page.eval_on_selector_all("#id_region option", "options => options.map(o => o.value)")


@pytest.mark.browser
def test_with_javascript_the_region_list_follows_the_country(browser_page):
    """Choosing a country lists its regions at once, without sending the form; "Any country"
    lists every country's again, and a region of the old country is let go. Under the site's
    Content-Security-Policy, as people get it."""
    page = browser_page(None, bypass_csp=False)
    page.goto("/find-help/?country=GB&region=GB-SCT")
    assert page.locator("#id_country").input_value() == "GB"
    assert page.locator("#id_region").input_value() == "GB-SCT"
    assert not page.get_by_role("button", name="Update regions").is_visible()  # the script does it
    url = page.url

    page.locator("#id_country").select_option("BE")
    assert _region_list(page) == ["", "BE-BRU", "BE-VLG", "BE-WAL"]
    assert page.locator("#id_region").input_value() == ""
    assert page.url == url, "choosing a country sent the form"

    page.locator("#id_region").select_option("BE-VLG")
    page.locator("#id_country").select_option("")
    regions = _region_list(page)
    assert {"BE-VLG", "CA-ON", "GB-SCT", "US-CA"} <= set(regions)
    assert page.locator("#id_region optgroup").count() == 10
    assert page.locator("#id_region").input_value() == "BE-VLG"  # still one of them


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_on_a_phone_the_first_result_comes_before_the_filters(browser_page, javascript):
    """On a phone the filters wait behind "Filter": from the search box, the first result is a
    few Tabs away, and "Filter" opens them. On a wide screen they are simply there."""
    ServiceFactory(name="Wheelchair loan scheme", country="GB", categories=["equipment_mobility"])
    page = browser_page(None, java_script_enabled=javascript, viewport=PHONE)
    kb = Keyboard(page)
    page.goto("/find-help/?q=wheelchair")
    assert not page.locator("#id_country").is_visible(), "the filters are open on a phone"
    first = page.locator("#results .pp-result__title a").first
    assert first.bounding_box()["y"] < page.locator("#filters").bounding_box()["y"] + PHONE["height"]

    page.locator("#id_q").focus()
    kb.look()
    stops: list[str] = []

    def first_result(stop: dict) -> bool:
        stops.append(stop["text"])
        return stop["href"].startswith("/find-help/services/")

    stop = kb.tab_to(first_result, "the first result")
    assert stop["text"] == "Wheelchair loan scheme"
    assert len(stops) <= 4, f"Tab went through {stops} before the first result"
    assert "Filter" in stops

    # "Filter" opens the filters, with the country chosen for the visitor.
    kb.tab_to(lambda stop: stop["text"] == "Filter", "Filter", key="Shift+Tab")
    kb.press("Enter")
    assert page.locator("#id_country").is_visible()
    assert page.locator("#id_country").input_value() == "GB"

    # A wide screen shows them without "Filter".
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/find-help/?q=wheelchair")
    assert page.locator("#id_country").is_visible()
    assert not page.locator("#filters summary").is_visible()
