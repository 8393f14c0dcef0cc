"""The translation catalogues (``locale/<language>/LC_MESSAGES/django.po``): one for each language
of the site but English, every entry translated and keeping its placeholders, current with what
the code and templates mark (``scripts/messages.sh`` brings them up to date), and used by the
pages.

While translators are at work, or after a change of the English before ``scripts/messages.sh``
is run again, these fail, saying which entries are left: that is what they are for. Whether the
code marks every text a person sees is ``test_untranslated_text.py``; that what it marks can be
found by ``makemessages`` at all is checked at the end of this file.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client

from .translation_catalogues import ROOT, entry_key, marked_messages, messages_script, placeholders

LOCALE = ROOT / "locale"
#: Every language of the site but the one the code is written in.
LANGUAGES = sorted(code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE)
#: How many entries a failure lists.
SHOWN = 15


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def entries(language: str) -> list[polib.POEntry]:
    """The catalogue's entries but its header and those no longer used (obsolete)."""
    return [entry for entry in catalogue(language) if entry.msgid and not entry.obsolete]


def listed(problems: list[str]) -> str:
    more = f"\n  ... and {len(problems) - SHOWN} more" if len(problems) > SHOWN else ""
    return "\n  " + "\n  ".join(problems[:SHOWN]) + more


def test_there_is_a_catalogue_for_each_language_of_the_site_but_english():
    folders = sorted(path.name for path in LOCALE.iterdir() if path.is_dir())
    assert folders == LANGUAGES, "locale/ holds a folder for each of settings.LANGUAGES but English"
    for language in LANGUAGES:
        assert (LOCALE / language / "LC_MESSAGES" / "django.po").is_file(), f"{language}: no django.po"
    languages, _ignored = messages_script()
    assert sorted(languages) == LANGUAGES, "scripts/messages.sh updates the catalogue of every language"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated(language):
    """No entry left empty or fuzzy (its English changed since it was translated); a plural entry
    fills every form its header's Plural-Forms asks for."""
    po = catalogue(language)
    forms = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    assert forms, f"{language}: the header has no Plural-Forms"
    nplurals = int(forms.group(1))
    problems = []
    for entry in entries(language):
        if entry.fuzzy:
            problems.append(f"fuzzy (the English changed): {entry.msgid!r}")
        elif entry.msgid_plural:
            filled = {index for index, text in entry.msgstr_plural.items() if text}
            if filled != set(range(nplurals)):
                problems.append(f"{len(filled)} of {nplurals} plural forms: {entry.msgid!r}")
        elif not entry.msgstr:
            problems.append(f"untranslated: {entry.msgid!r}")
    assert not problems, f"{language}: {len(problems)} of {len(entries(language))} entries to finish:{listed(problems)}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_their_placeholders(language):
    """Each translation has the placeholders of its English (``%(name)s``, ``%s``, ``%d``,
    ``{name}``), each as many times; a plural form those of the singular or of the plural."""
    problems = []
    for entry in entries(language):
        if entry.msgid_plural:
            wanted = [placeholders(entry.msgid), placeholders(entry.msgid_plural)]
            translations = [text for _index, text in sorted(entry.msgstr_plural.items())]
        else:
            wanted = [placeholders(entry.msgid)]
            translations = [entry.msgstr]
        for text in translations:
            if text and placeholders(text) not in wanted:
                problems.append(f"{entry.msgid!r} has {wanted[-1]}, its translation {placeholders(text)}: {text!r}")
    assert not problems, f"{language}: placeholders changed:{listed(problems)}"


@pytest.fixture(scope="module")
def marked(tmp_path_factory) -> set[tuple]:
    """What the code and templates mark now (makemessages on a copy of the project)."""
    return {entry_key(entry) for entry in marked_messages(tmp_path_factory.mktemp("marked")) if entry.msgid}


def described(key: tuple) -> str:
    context, msgid, plural = key
    return "".join([f"({context}) " if context else "", repr(msgid), f" / {plural!r}" if plural else ""])


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_current_with_the_code(language, marked):
    """Every string the code and templates mark is in the catalogue, and nothing they no longer
    mark: run ``scripts/messages.sh`` after changing the English."""
    held = {entry_key(entry) for entry in entries(language)}
    missing = [f"not in the catalogue: {described(key)}" for key in sorted(marked - held, key=str)]
    stale = [f"no longer marked: {described(key)}" for key in sorted(held - marked, key=str)]
    assert not missing + stale, (
        f"{language}: the catalogue is not current, run scripts/messages.sh:{listed(missing + stale)}"
    )


# --- the pages use them ---------------------------------------------------------------------


@pytest.fixture
def compiled(tmp_path, settings):
    """The catalogues as they are now, compiled (as scripts/install.sh does) where the site reads
    them for this test."""
    for language in LANGUAGES:
        target = tmp_path / language / "LC_MESSAGES"
        target.mkdir(parents=True)
        catalogue(language).save_as_mofile(str(target / "django.mo"))
    settings.LOCALE_PATHS = [str(tmp_path)]


def french(msgid: str) -> str:
    translation = next((entry.msgstr for entry in entries("fr") if entry.msgid == msgid and not entry.fuzzy), "")
    assert translation, f"{msgid!r} is not translated into French yet"
    return translation


@pytest.mark.django_db
def test_a_page_asked_for_in_french_is_in_french(compiled):
    page = Client(HTTP_ACCEPT_LANGUAGE="fr").get("/").content.decode()
    assert '<html lang="fr"' in page
    assert french("Skip to main content") in page
    assert "Skip to main content" not in page


@pytest.mark.django_db
def test_a_signed_in_persons_pages_are_in_the_language_on_their_account(client_user, compiled):
    from accounts.models import User

    if "language" not in {field.name for field in User._meta.get_fields()}:
        pytest.skip("the User model has no language field")
    client_user.language = "fr"
    client_user.save(update_fields=["language"])
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(client_user)
    page = client.get("/").content.decode()
    assert '<html lang="fr"' in page
    assert french("Sign out") in page


@pytest.mark.django_db
def test_the_language_switcher_changes_the_language(client, compiled):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/find-help/"}, follow=True)
    page = response.content.decode()
    assert '<html lang="fr"' in page
    assert french("Find help") in page


# --- what the code marks can be found -------------------------------------------------------

GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
#: Where a translation is looked up from a variable, and where the strings are marked instead.
FROM_A_VARIABLE = {
    "patientportal/regions.py": "the region names, marked with gettext_noop in REGIONS",
}
#: The project's own Python, as makemessages reads it (not tests, migrations, demo data...).
NOT_SCANNED = {".venv", "node_modules", "var", "static", "frontend", "tests", "migrations"}


def _project_python() -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if not NOT_SCANNED & set(path.relative_to(ROOT).parts[:-1]) and path.name != "conftest.py"
    )


def _called(node: ast.Call) -> str:
    function = node.func
    if isinstance(function, ast.Name):
        return function.id
    return function.attr if isinstance(function, ast.Attribute) and function.attr in GETTEXT - {"_"} else ""


def unfindable_marks(source: str, where: str) -> list[str]:
    """Marked strings ``makemessages`` cannot find, or that are translated once for good:

    - a gettext call inside an f-string (xgettext does not look inside one);
    - a gettext call on something else than a literal string (nothing to find);
    - ``gettext_lazy(...) % ...`` when the module is imported (a class's fields, a constant):
      the ``%`` makes it a plain string then, in the language active then (English).
    """
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}

    def ancestors(node):
        while node in parents:
            node = parents[node]
            yield node

    problems = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or _called(node) not in GETTEXT:
            continue
        line = f"{where}:{node.lineno}"
        lineage = list(ancestors(node))
        if any(isinstance(parent, ast.JoinedStr) for parent in lineage):
            problems.append(f"{line}: {ast.unparse(node)} inside an f-string")
        literal = all(isinstance(arg, ast.Constant) and isinstance(arg.value, str) for arg in node.args[:1])
        if not literal and where not in FROM_A_VARIABLE:
            problems.append(f"{line}: {_called(node)}() of {ast.unparse(node.args[0])}, not a literal string")
        in_function = any(isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) for parent in lineage)
        parent = parents.get(node)
        if not in_function and isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Mod) and parent.left is node:
            problems.append(f"{line}: {_called(node)}() % ... when the module is imported (use interpolate_lazy)")
    return sorted(problems, key=lambda problem: int(problem.split(":")[1]))


def test_what_the_code_marks_can_be_found_and_stays_lazy():
    problems = [
        problem
        for path in _project_python()
        for problem in unfindable_marks(path.read_text(), str(path.relative_to(ROOT)))
    ]
    assert not problems, "\n".join(problems)


def test_the_scan_finds_each_kind_of_mistake():
    source = """
from django.utils.translation import gettext as _, gettext_lazy

class Form:
    help_text = gettext_lazy("Up to %(limit)s characters.") % {"limit": 500}

def view(word):
    tag = f"<strong>{_('new')}</strong>"
    return _(word)
"""
    problems = unfindable_marks(source, "example.py")
    assert problems == [
        "example.py:5: gettext_lazy() % ... when the module is imported (use interpolate_lazy)",
        "example.py:8: _('new') inside an f-string",
        "example.py:9: _() of word, not a literal string",
    ]
