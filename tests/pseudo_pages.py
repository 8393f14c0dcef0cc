"""Text a person can see on a page, and which of it no translation produced.

``visible_texts(html)`` lists the texts of a page a person sees or hears: text nodes (the
``<title>`` too, not scripts or styles), and the attributes that are read out or shown (``alt``,
``title``, ``aria-label``, ``placeholder``, a button's ``value``, ``data-*`` texts a script
shows). With the pseudo-translation of ``translation_catalogues`` active, ``untranslated(texts)``
returns the pieces outside every ``⟦…⟧``, or inside a ``⟨…⟩`` (what a placeholder brought in)
without a ``⟦…⟧`` of their own: text no translation produced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from .translation_catalogues import CLOSE, HOLE_CLOSE, HOLE_OPEN, OPEN

#: Attributes whose value a person sees or hears.
SPOKEN_ATTRIBUTES = {"alt", "title", "aria-label", "aria-description", "aria-roledescription", "placeholder"}
#: ``value`` is the label of these inputs.
LABELLED_INPUTS = {"submit", "button", "reset"}
#: Elements whose content nobody reads.
SILENT = {"script", "style", "template"}
#: ``data-*`` attributes holding words a script shows (the session-timeout countdown).
SHOWN_DATA = {"data-minute", "data-minutes", "data-second", "data-seconds"}


#: Elements with no end tag.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass(frozen=True)
class Text:
    where: str  # the element ("h1", "button"), or the element and attribute ("a@aria-label")
    text: str


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []  # the elements open at this point, outermost first
        self.texts: list[Text] = []

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        for name, value in attrs:
            spoken = name in SPOKEN_ATTRIBUTES or name in SHOWN_DATA
            spoken |= name == "value" and tag == "input" and (attributes.get("type") or "") in LABELLED_INPUTS
            spoken |= name == "content" and tag == "meta" and attributes.get("name") == "description"
            if spoken and value:
                self.texts.append(Text(f"{tag}@{name}", value))
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag) -> None:
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag) :]

    def handle_data(self, data) -> None:
        if data.strip() and not SILENT.intersection(self.open):
            self.texts.append(Text(self.open[-1] if self.open else "", data))


def visible_texts(html: str) -> list[Text]:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.texts


@dataclass(frozen=True)
class Leftover:
    text: str  # the piece no translation produced
    where: str
    around: str  # the text it was found in, for the message


_WORDLESS = re.compile(r"^[\W\d_]*$")


def untranslated(texts: list[Text]) -> list[Leftover]:
    """The pieces of ``texts`` that no translation produced (see the module's docstring).

    Text nodes are read in order as one stream, since a translated text can hold markup
    (``⟦Read <a>the guide</a>⟧``): a piece's markers may open in one node and close in a later
    one. Attribute values are read on their own.
    """
    leftovers: list[Leftover] = []
    stream: list[str] = []  # the markers open at this point of the text nodes

    def read(text: Text, stack: list[str]) -> None:
        piece: list[str] = []

        def flush() -> None:
            words = "".join(piece).strip()
            piece.clear()
            if words and not _WORDLESS.match(words):
                leftovers.append(Leftover(words, text.where, text.text.strip()))

        for char in text.text:
            outside = not stack or stack[-1] == HOLE_OPEN  # not in a translation, or in what a placeholder brought
            if char in (OPEN, HOLE_OPEN):
                if outside:
                    flush()
                stack.append(char)
            elif char in (CLOSE, HOLE_CLOSE):
                if outside:
                    flush()
                if stack:
                    stack.pop()
            elif outside:
                piece.append(char)
        flush()

    for text in texts:
        read(text, [] if "@" in text.where else stream)
    return leftovers


# --- data: what people and records hold, never translated ----------------------------------

_CODE = re.compile(r"^[a-z0-9_\-]+$")  # a stored code ("in_progress"): shown raw, it is a gap
#: Tables whose text no page shows as data (permission names, content types, sessions).
NOT_DATA_APPS = {"auth", "contenttypes", "sessions", "admin"}


def data_strings() -> list[str]:
    """Every text the database holds that a page may show as it is: names, references, what
    people wrote (decrypted), listings... Stored codes are left out (a field with choices, and
    any lowercase identifier), since a code shown as it is is a missing label. Longest first."""
    from django.apps import apps
    from django.contrib.postgres.fields import ArrayField
    from django.db import models

    found: set[str] = set()

    def add(value) -> None:
        if isinstance(value, str):
            value = value.strip()
            if value and not _CODE.match(value):
                found.add(value)
                found.update(line.strip() for line in value.splitlines() if line.strip())
        elif isinstance(value, (list, tuple)):
            for item in value:
                add(item)
        elif isinstance(value, dict):
            for item in value.values():
                add(item)

    for model in apps.get_models():
        if model._meta.app_label in NOT_DATA_APPS or any(field.name == "pgh_id" for field in model._meta.fields):
            continue  # Django's own tables, and the history tables (copies of the rows above)
        fields = []
        for field in model._meta.concrete_fields:
            base = field.base_field if isinstance(field, ArrayField) else field
            if getattr(base, "choices", None):
                continue
            if isinstance(base, (models.CharField, models.TextField, models.JSONField)):
                fields.append(field.attname)
        if not fields or model._meta.proxy:
            continue
        for row in model._default_manager.values_list(*fields):
            add(list(row))
    return sorted(found, key=len, reverse=True)


def without_data(piece: str, data: list[str]) -> str:
    """``piece`` with every data string in it taken out (``data`` longest first)."""
    for value in data:
        if value in piece:
            piece = piece.replace(value, " ")
            if _WORDLESS.match(piece):
                break
    return piece


def is_data(piece: str, data: list[str]) -> bool:
    """Whether ``piece`` is made of data strings (and punctuation, digits, spaces)."""
    return bool(_WORDLESS.match(without_data(piece, data)))
