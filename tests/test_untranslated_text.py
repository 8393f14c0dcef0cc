"""Choosing another language leaves no English on a page: every text a person can see went
through a translation.

With a pseudo-translation active (``tests/translation_catalogues.py``: every string the code and
templates mark, and Django's and allauth's own, comes out as ``⟦…⟧``, and what a placeholder
brings into one as ``⟨…⟩``), every page the URL walker knows is opened as the first role that may
see it, and again in the states the accessibility suite opens (``STATES``: a case with a long
story, a queue, forms showing their errors...); forms are sent empty, the POST-only actions made
(the message they leave), search forms given bad values; every e-mail and text message is
rendered, and the files people download (the metrics' CSV, the calendar feed).

Any text a person sees or hears (text nodes, ``<title>``, ``alt``, ``aria-label``, a button's
value...) outside the markers, or brought into a translation from outside one, is a string
nobody marked, unless it is data: what the database holds (names, references, what people
wrote; not stored codes), what the visitor typed (search words), names that are the same in
every language (``DATA_PATTERNS``, ``_allowed_data``), public holidays as the ``holidays``
package names them, the words of the language's own date formats. A failure names the element,
the text, and the text around it.

The checks can fail: the tests at the end catch an unmarked word and label on a real page, a
stored code shown as it is, and English brought into a translated sentence.
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import re
import zoneinfo
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation

from .pseudo_pages import Text, data_strings, is_data, untranslated, visible_texts
from .test_accessibility import NOT_PAGES, PAGES, ROLE_FIXTURES, STATES, url_as, viewer_role
from .translation_catalogues import marked_messages, pseudo_catalogue, third_party_strings
from .walker import access_for, iter_patterns

pytestmark = pytest.mark.django_db

#: The language the pseudo-translation stands in for (its dates are written as in French).
LANGUAGE = "fr"

#: Data that is no database row: names that are the same in every language.
DATA_PATTERNS = [
    # The service's own name (settings.SITE_NAME), as a brand.
    re.escape(settings.SITE_NAME),
    # A request's reference, as the calendar page shows an example of one.
    r"MS-[A-Z0-9]{4}-[A-Z0-9]{4}",
    # A link to copy (the calendar feed's).
    r"https?://\S+",
]

#: Gaps known and not mended yet: (a pattern of the text they are found in, where and why). Mend
#: one, then remove it here.
KNOWN_GAPS: list[tuple[str, str]] = []


@functools.cache
def _allowed_data() -> tuple[str, ...]:
    """Names that are data whatever the page: each language's own name (the language menu, the
    languages listings are written in) and time zones (IANA names)."""
    from resources.taxonomy import TEXT_LANGUAGES

    names = [translation.get_language_info(code)["name_local"] for code, _name in settings.LANGUAGES]
    names += [name for name, _config in TEXT_LANGUAGES.values()]
    names += [zone.replace("_", " ") for zone in zoneinfo.available_timezones()]
    return tuple(names)


def _date_words() -> list[str]:
    """The words the page's language writes between a date's parts (French "1 décembre 2026 à
    10:00"): its date formats' own, not a translation's (``FORMAT_MODULE_PATH``)."""
    from django.utils.dateformat import re_formatchars
    from django.utils.formats import get_format_modules

    words = []
    for module in get_format_modules(LANGUAGE):
        for name in dir(module):
            value = getattr(module, name)
            if name.endswith("_FORMAT") and isinstance(value, str):
                literal = re_formatchars.split(value)[::2]
                words += [piece.replace("\\", "").strip() for piece in literal if re.search(r"[^\W\d_]", piece)]
    return words


def _holiday_names() -> list[str]:
    """Public holidays as the ``holidays`` package names them, in the page's language where it
    has them (``accounts.working_days``, as the organisation's settings list them)."""
    from accounts.models import Organisation
    from accounts.working_days import public_holiday_list_for_organisation

    return [
        holiday.name
        for organisation in Organisation.objects.all()
        for country in public_holiday_list_for_organisation(organisation=organisation)
        for holiday in country.holidays
    ]


@pytest.fixture(scope="module")
def pseudo_french(tmp_path_factory):
    """French, as the pseudo-translation writes it, for the tests of this module (the catalogues
    are read once; LOCALE_PATHS is put back after them)."""
    folder = tmp_path_factory.mktemp("pseudo")
    messages = marked_messages(folder)
    override = override_settings(LOCALE_PATHS=[str(pseudo_catalogue(messages, folder / "locale"))])
    override.enable()
    yield messages
    override.disable()


@pytest.fixture
def users(request):
    def get(role: str):
        return None if role == "anonymous" else request.getfixturevalue(ROLE_FIXTURES[role])

    return get


def signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=LANGUAGE)
    if user is not None:
        client.force_login(user)
    return client


def leftovers(html: str, *, typed: list[str] = (), plain: bool = False) -> list[str]:
    """What no translation produced on a page (``plain``: in a text, an e-mail's) and is not
    data, as ``where: "text" in "…"``."""
    found = untranslated([Text("text", html)] if plain else visible_texts(html))
    if not found:
        return []
    pattern = re.compile("|".join(DATA_PATTERNS))
    if KNOWN_GAPS:  # (an empty pattern would match every text)
        known = re.compile("|".join(gap for gap, _why in KNOWN_GAPS))
        found = [piece for piece in found if not known.search(piece.around)]
    if not found:
        return []
    data = {*data_strings(), *_allowed_data(), *_date_words(), *_holiday_names(), *typed}
    found = [piece for piece in found if pattern.sub(" ", piece.text).strip() not in data]
    longest_first = sorted(data, key=len, reverse=True)
    return [
        f"{piece.where}: {piece.text!r} in {piece.around[:160]!r}"
        for piece in found
        if not is_data(pattern.sub(" ", piece.text), longest_first)
    ]


def typed_in(url: str) -> list[str]:
    """What the visitor typed into the URL's query (search words): data."""
    return [value for _name, value in parse_qsl(urlsplit(url).query) if value.strip()]


def check(response, url: str) -> None:
    assert response.status_code < 500, f"{url} answered {response.status_code}"
    if "text/html" not in response.get("Content-Type", ""):
        return
    urls = [url, *(where for where, _status in getattr(response, "redirect_chain", []))]
    found = leftovers(response.content.decode(), typed=[word for where in urls for word in typed_in(where)])
    assert not found, f"{url}: text no translation produced:\n  " + "\n  ".join(found)


# --- every page, and every page in the states the accessibility suite opens -----------------


@pytest.mark.parametrize("pattern", PAGES, ids=[p.key for p in PAGES])
def test_page_has_no_untranslated_text(pattern, users, pseudo_french):
    role = viewer_role(pattern)
    user = users(role)
    url = url_as(pattern, role, user)
    check(signed_in(user).get(url, follow=True), url)


@pytest.mark.parametrize("state", STATES, ids=[s.id for s in STATES])
def test_page_state_has_no_untranslated_text(state, users, pseudo_french):
    user = users(state.role)
    if state.setup is not None:
        state.setup(user)
    url = state.url() if callable(state.url) else state.url
    client = signed_in(user)
    if state.recent_auth:
        _recently_authenticated(client, user)
    response = client.get(url)
    check(response, url)
    if state.shows_errors and (sent := _send_empty(client, response)) is not None:
        check(*sent)


def _recently_authenticated(client: Client, user) -> None:
    import time

    session = client.session
    session["account_authentication_methods"] = [{"method": "password", "at": time.time(), "reauthenticated": True}]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


class _Forms(HTMLParser):
    """The POST forms of a page's ``<main>``: (action, hidden fields)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, list[tuple[str, str]]]] = []
        self.in_main = False

    def handle_endtag(self, tag) -> None:
        if tag == "main":
            self.in_main = False

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        if tag == "main":
            self.in_main = True
        elif tag == "form" and self.in_main and (attributes.get("method") or "").lower() == "post":
            self.forms.append((attributes.get("action") or "", []))
        elif tag == "input" and self.forms and attributes.get("type") == "hidden" and attributes.get("name"):
            self.forms[-1][1].append((attributes["name"], attributes.get("value") or ""))


def _send_empty(client: Client, response):
    """Send the page's last POST form with nothing filled in: the page again, with its errors
    (None for a page whose forms are searches: its state's URL shows their errors)."""
    forms = _Forms()
    forms.feed(response.content.decode())
    if not forms.forms:
        return None
    action, hidden = forms.forms[-1]
    target = action or response.request["PATH_INFO"]
    return client.post(target, dict(hidden), follow=True), target


#: Forms that search (GET) showing their errors: (role, URL).
SEARCH_ERRORS = [
    ("supervisor", "/metrics/?start_day=20&start_month=11&start_year=2026&end_day=1&end_month=11&end_year=2026"),
    ("supervisor", "/metrics/?start_day=31&start_month=2&start_year=2026"),
    ("advocate", "/cases/?status=nonsense"),
    ("supervisor", "/queue/?region=nowhere"),
    ("anonymous", "/find-help/?age=abc&country=XX"),
]


@pytest.mark.parametrize(("role", "url"), SEARCH_ERRORS)
def test_search_errors_are_translated(role, url, users, pseudo_french):
    response = signed_in(users(role)).get(url)
    assert b"govuk-error-summary" in response.content, f"{url} shows no error"
    check(response, url)


# --- what the POST-only actions say afterwards ----------------------------------------------

POSTS = [
    p
    for p in iter_patterns()
    if not p.route.startswith("admin/") and p.key in NOT_PAGES and access_for(p).method == "post"
]


@pytest.mark.parametrize("pattern", POSTS, ids=[p.key for p in POSTS])
def test_action_leaves_no_untranslated_text(pattern, users, pseudo_french):
    """A POST-only action, as the first role that may make it on its own record: the page it
    leaves (a message saying what happened, or the form with its errors)."""
    role = viewer_role(pattern)
    user = users(role)
    url = url_as(pattern, role, user)
    check(signed_in(user).post(url, follow=True), url)


@pytest.mark.parametrize("template", ["errors/400.html", "errors/409.html", "errors/500.html"])
def test_error_pages_a_walk_does_not_reach_are_translated(template, rf, pseudo_french):
    """The 400 and 409 pages (patientportal/errors.py, with a service's message) and the 500 page
    (``patientportal.views.error_500``: a plain page, no context processors)."""
    from django.contrib.auth.models import AnonymousUser

    from patientportal.views import error_500

    request = rf.get("/")
    request.user = AnonymousUser()
    with translation.override(LANGUAGE):
        if template == "errors/500.html":
            html = error_500(request).content.decode()
        else:
            html = render_to_string(template, {"message": "⟦This request is already closed.⟧"}, request=request)
    assert f'lang="{LANGUAGE}"' in html
    found = leftovers(html)
    assert not found, f"{template}: text no translation produced:\n  " + "\n  ".join(found)


# --- the e-mails and texts ------------------------------------------------------------------

TEMPLATES = Path(settings.BASE_DIR) / "templates"
#: Every e-mail and text message (subjects, bodies, SMS): the plain-text templates.
MESSAGE_TEMPLATES = sorted(str(path.relative_to(TEMPLATES)) for path in TEMPLATES.rglob("*.txt"))


class StandIn(int):
    """Whatever a message's template asks of its context: true, a number (2, for plurals), an
    object with any attribute, a list of two (of pairs, when unpacked); printed, nothing. A name
    the templates write as a date (``due_at|date``) is a date."""

    dates: frozenset[str] = frozenset()

    def __new__(cls):
        return super().__new__(cls, 2)

    def __str__(self) -> str:
        return ""

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return timezone.now() if name in self.dates else StandIn()

    def __getitem__(self, key):
        return StandIn()

    def __iter__(self):
        return iter((StandIn(), StandIn()))

    def __len__(self) -> int:
        return 2


def _stand_in_context() -> dict[str, object]:
    """Every name the message templates use, standing for anything."""
    names, dates = set(), set()
    for name in MESSAGE_TEMPLATES:
        source = (TEMPLATES / name).read_text()
        for tag in re.findall(r"\{[{%](.*?)[%}]\}", source, flags=re.S):
            names.update(re.findall(r"(?<![.|:\w\"'])([a-z_][a-z0-9_]*)", tag))
        dates.update(re.findall(r"([a-z_]+)\|date\b", source))
    StandIn.dates = frozenset(dates)
    return {name: timezone.now() if name in dates else StandIn() for name in names}


@pytest.mark.parametrize("name", MESSAGE_TEMPLATES)
def test_message_template_has_no_untranslated_text(name, pseudo_french):
    """Each e-mail and text, every ``{% if %}`` taken: its own words are translated."""
    with translation.override(LANGUAGE):
        text = render_to_string(name, _stand_in_context())
    found = leftovers(text, plain=True)
    assert not found, f"{name}: text no translation produced:\n  " + "\n  ".join(found)


def test_messages_sent_are_in_the_readers_language(client_user, advocate, supervisor, pseudo_french, mailoutbox):
    """The notifications a case's life owes people, sent to readers of French: subject and body."""
    from cases.models import Case
    from cases.reminders import reminders_plan_daily, reminders_sync
    from notifications import sms
    from notifications.models import Notification
    from notifications.services import notification_deliver
    from resources.notifications import queue_my_list

    from .test_accessibility import _case_with_a_long_story, _everything, _joined

    _everything(client_user)
    _case_with_a_long_story(advocate, as_advocate=True)
    _joined(supervisor)
    queue_my_list(client_user)
    now = timezone.now()
    for case in Case.objects.all():
        reminders_sync(case_id=case.pk, now=now)
    for days in range(40):
        reminders_plan_daily(now=now + datetime.timedelta(days=days))
    Notification.objects.update(language=LANGUAGE, next_attempt_at=now)
    sms.outbox.clear()
    kinds = set()
    for notification in Notification.objects.all():
        if notification_deliver(notification_id=notification.pk) == "sent":
            kinds.add(notification.kind)
    assert len(kinds) >= 8, kinds
    texts = [(m.subject, m.body) for m in mailoutbox] + [("", m.body) for m in sms.outbox]
    for subject, body in texts:
        found = leftovers(subject, plain=True) + leftovers(body, plain=True)
        assert not found, f"{subject!r}: text no translation produced:\n  " + "\n  ".join(found)


# --- the files people download: the metrics' CSV, the calendar feed -------------------------


def test_metrics_tables_as_csv_are_translated(supervisor, pseudo_french):
    """Each table's header row and its labels (the values are numbers, dates and names)."""
    from cases.metrics_report import TABLE_SLUGS

    from .test_accessibility import _metrics

    _metrics(supervisor)
    client = signed_in(supervisor)
    downloaded = 0
    for slug in TABLE_SLUGS:
        response = client.get(reverse("metrics_csv", kwargs={"table": slug}))
        if response.status_code == 404:  # a table this viewer has not (every organisation side by side)
            continue
        downloaded += 1
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[0][0].startswith("⟦"), rows[0]
        found = [piece for row in rows for cell in row for piece in leftovers(cell, plain=True)]
        assert not found, f"metrics CSV {slug}: text no translation produced:\n  " + "\n  ".join(found)
    assert downloaded >= 5


def test_calendar_feed_is_translated(advocate, pseudo_french):
    """The calendar's name and each follow-up's title (a reference, and what kind it is)."""
    import icalendar

    from accounts.services import calendar_feed_create
    from cases.tests.factories import AssignedCaseFactory, FollowUpFactory

    # The feed is in its owner's language (a calendar app says none): the one they read the site in.
    advocate.languages = [LANGUAGE]
    if "language" in {field.name for field in type(advocate)._meta.get_fields()}:
        advocate.language = LANGUAGE
    advocate.save()
    case = AssignedCaseFactory(assigned_to=advocate, organisation=advocate.organisation)
    FollowUpFactory(case=case, owner=advocate, is_client_contact=True)
    FollowUpFactory(case=case, owner=advocate, is_client_contact=False)
    token = calendar_feed_create(user=advocate)[1]
    feed = signed_in(None).get(reverse("calendar_feed", kwargs={"token": token}))
    calendar = icalendar.Calendar.from_ical(feed.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    texts = [str(calendar["NAME"]), *(str(event["SUMMARY"]) for event in events)]
    assert all("⟦" in text for text in texts), texts
    found = [piece for text in texts for piece in leftovers(text, plain=True)]
    assert not found, "calendar feed: text no translation produced:\n  " + "\n  ".join(found)


# --- the check can fail ---------------------------------------------------------------------


def test_an_unmarked_word_on_a_real_page_is_caught(client_user, pseudo_french):
    html = signed_in(client_user).get("/").content.decode()
    assert leftovers(html) == []
    caught = leftovers(html.replace("</main>", "<p>Nothing marked here</p></main>"))
    assert caught == ["p: 'Nothing marked here' in 'Nothing marked here'"]
    label = leftovers(html.replace("</main>", '<button aria-label="Close it">&times;</button></main>'))
    assert label == ["button@aria-label: 'Close it' in 'Close it'"]


def test_a_code_shown_as_it_is_is_not_taken_for_data(pseudo_french):
    """A case's status is stored as a code: shown without its label, it is a gap, even though
    the database holds it."""
    from cases.tests.factories import CaseFactory

    CaseFactory(status="new")
    assert leftovers("<p>new</p>") == ["p: 'new' in 'new'"]


def test_what_a_placeholder_brings_in_is_checked(pseudo_french):
    """A translated sentence does not vouch for the words put into it."""
    assert leftovers("<p>⟦Status: ⟨in progress⟩⟧</p>") == ["p: 'in progress' in '⟦Status: ⟨in progress⟩⟧'"]
    assert leftovers("<p>⟦Status: ⟨⟦en cours⟧⟩⟧</p>") == []


def test_the_pseudo_translation_is_what_pages_show(client_user, pseudo_french):
    """The project's words, what its placeholders bring in, and allauth's (French, between markers)."""
    client = signed_in(client_user)
    html = client.get("/").content.decode()
    assert f'lang="{LANGUAGE}"' in html
    assert "⟦Sign out⟧" in html
    assert "⟦Signed in as ⟨Alex⟩⟧" in html
    # Django's and allauth's own words (one the project does not mark itself): French, between markers.
    ours = {entry.msgid for entry in pseudo_french}
    msgid, french = next(
        (key, value)
        for key, value in third_party_strings(LANGUAGE).items()
        if isinstance(key, str) and "\x04" not in key and key not in ours and value != key and "%" not in key
    )
    with translation.override(LANGUAGE):
        assert translation.gettext(msgid) == f"⟦{french}⟧"
