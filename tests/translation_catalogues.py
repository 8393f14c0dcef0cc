"""The strings the code and templates mark for translation, and a pseudo-translation of them.

``marked_messages()`` runs ``makemessages`` the way ``scripts/messages.sh`` does (the same
languages and ignored folders, read from the script), on a copy of the project in a temporary
folder: ``locale/``, which translators are editing, is never written. It returns the catalogue
makemessages writes for a new language (every msgid, no msgstr).

``pseudo_catalogue()`` makes, from it, a French catalogue in which every msgstr is its msgid
between markers (``⟦…⟧``), each placeholder between other markers (``⟨%(name)s⟩``), plus
Django's and the installed apps' own French strings between the same markers. With it active,
every text that went through a translation is marked on the page, and whatever a placeholder
brought in is marked as such: ``tests/test_untranslated_text.py`` looks for text outside them.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
from collections.abc import Iterator
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(settings.BASE_DIR)
MESSAGES_SCRIPT = ROOT / "scripts" / "messages.sh"

#: Not copied for the run (big, or the catalogues themselves); what messages.sh ignores among the
#: rest is ignored by makemessages as the script asks.
NOT_COPIED = {"node_modules", "var", "locale", "static", "frontend", "test-results", "__pycache__"}

OPEN, CLOSE = "⟦", "⟧"  # a translated text
HOLE_OPEN, HOLE_CLOSE = "⟨", "⟩"  # what a placeholder put in it

#: A placeholder: ``%(name)s`` (``%(seconds).1f``), ``%s``, ``%d``, ``{name}`` (``%%`` is a percent
#: sign, matched so as to be skipped). The translators check their work with much the same.
PLACEHOLDER = re.compile(r"%%|%\([^)]+\)(?:\.\d+)?[sdif]|%[sdif]|\{[a-z_0-9]*\}")


def messages_script() -> tuple[list[str], list[str]]:
    """(languages, ignore patterns) as ``scripts/messages.sh`` passes them to makemessages."""
    script = MESSAGES_SCRIPT.read_text()
    languages = re.search(r"for language in ([^;]+);", script).group(1).split()
    ignored = [shlex.split(f"-i {m}")[1] for m in re.findall(r"-i (\"[^\"]+\"|\S+)", script)]
    return languages, ignored


def placeholders(text: str) -> list[str]:
    """The placeholders of a msgid or msgstr, sorted (a multiset)."""
    return sorted(m.group(0) for m in PLACEHOLDER.finditer(text) if m.group(0) != "%%")


def mark_holes(text: str) -> str:
    """The text with each placeholder between hole markers."""
    return PLACEHOLDER.sub(lambda m: m.group(0) if m.group(0) == "%%" else f"{HOLE_OPEN}{m.group(0)}{HOLE_CLOSE}", text)


def pseudo(text: str) -> str:
    return f"{OPEN}{mark_holes(text)}{CLOSE}" if text else text


@contextlib.contextmanager
def _project_copy(folder: Path) -> Iterator[Path]:
    copy = folder / "project"
    shutil.copytree(
        ROOT,
        copy,
        # Hidden files and folders too: makemessages ignores them (its default ignore patterns).
        ignore=lambda where, names: [name for name in names if name in NOT_COPIED or name.startswith(".")],
        symlinks=True,
    )
    (copy / "locale").mkdir()
    here = Path.cwd()
    os.chdir(copy)
    try:
        yield copy
    finally:
        os.chdir(here)


def marked_messages(folder: Path) -> polib.POFile:
    """Every string the project marks for translation, as makemessages finds it (see above)."""
    if shutil.which("xgettext") is None:
        raise RuntimeError("makemessages needs GNU gettext (xgettext): apt-get install gettext")
    languages, ignored = messages_script()
    with _project_copy(Path(folder)) as copy:
        locale = copy / "locale"
        # makemessages writes into the first of LOCALE_PATHS: the copy's, never the project's.
        with override_settings(LOCALE_PATHS=[str(locale)]):
            assert [Path(p).resolve() for p in settings.LOCALE_PATHS] == [locale.resolve()]
            call_command(
                "makemessages",
                locale=[languages[0]],
                ignore_patterns=list(ignored),
                add_location="file",
                no_obsolete=True,
                verbosity=0,
            )
        return polib.pofile(str(locale / languages[0] / "LC_MESSAGES" / "django.po"))


def entry_key(entry: polib.POEntry) -> tuple[str | None, str, str | None]:
    return entry.msgctxt, entry.msgid, entry.msgid_plural or None


def third_party_strings(language: str) -> dict[str | tuple[str, int], str]:
    """Django's and the installed apps' translations into ``language`` (the project's left out),
    as gettext keys them: ``msgid``, ``context\\x04msgid``, or ``(msgid, plural form)``."""
    from django.utils.translation import trans_real

    with override_settings(LOCALE_PATHS=[]):
        catalogue = trans_real.DjangoTranslation(language)._catalog
        strings: dict[str | tuple[str, int], str] = {}
        for part in catalogue._catalogs:  # the first one wins, as gettext reads them
            for key, value in part.items():
                if key and key not in strings:
                    strings[key] = value
    return strings


def pseudo_catalogue(messages: polib.POFile, folder: Path, language: str = "fr") -> Path:
    """A compiled pseudo-translation into ``language`` of ``messages`` and of Django's and the
    installed apps' strings, in ``folder``/<language>/LC_MESSAGES/django.mo; returns ``folder``,
    for ``LOCALE_PATHS``."""
    catalogue = polib.POFile()
    catalogue.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Language": language,
        "Plural-Forms": "nplurals=2; plural=(n > 1);",
    }
    ours = set()
    for entry in messages:
        if not entry.msgid:
            continue
        ours.add((entry.msgctxt, entry.msgid))
        if entry.msgid_plural:
            plural = {0: pseudo(entry.msgid), 1: pseudo(entry.msgid_plural)}
            catalogue.append(
                polib.POEntry(
                    msgctxt=entry.msgctxt, msgid=entry.msgid, msgid_plural=entry.msgid_plural, msgstr_plural=plural
                )
            )
        else:
            catalogue.append(polib.POEntry(msgctxt=entry.msgctxt, msgid=entry.msgid, msgstr=pseudo(entry.msgid)))
    plurals: dict[tuple[str | None, str], dict[int, str]] = {}
    for key, value in third_party_strings(language).items():
        msgid, form = key if isinstance(key, tuple) else (key, None)
        context, _, msgid = msgid.rpartition("\x04") if "\x04" in msgid else (None, "", msgid)
        if (context, msgid) in ours:
            continue
        if form is None:
            catalogue.append(polib.POEntry(msgctxt=context, msgid=msgid, msgstr=pseudo(value)))
        else:
            plurals.setdefault((context, msgid), {})[form] = pseudo(value)
    for (context, msgid), forms in plurals.items():
        both = {0: forms.get(0, ""), 1: forms.get(1, forms.get(0, ""))}
        catalogue.append(polib.POEntry(msgctxt=context, msgid=msgid, msgid_plural=msgid, msgstr_plural=both))
    target = Path(folder) / language / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    catalogue.save_as_mofile(str(target / "django.mo"))
    return Path(folder)
