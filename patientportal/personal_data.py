"""What the site holds about a person, declared once by each app beside its models, and the
three things done with it: show it to them ("My data"), give it to them as a file, erase it.

Each app has a ``personal_data.py`` that registers one ``PersonalData`` for each kind of thing
it holds about a person. They are found the way the notification kinds are
(``autodiscover_modules("personal_data")`` in ``PatientPortalConfig.ready``), so the order is
stable: the order of ``INSTALLED_APPS``, then the order each module registers in. That order is
the order of the sections of My data, of the keys of the download, and of erasure.

A declaration is one section of My data. Its ``holdings`` say, model by model, how the rows
about the person are found (``person``: a lookup from the model to the user) and what erasure
does to them:

    DELETE      the rows are deleted
    ANONYMISE   the fields in ``blank`` are overwritten (or ``anonymise`` does it); the rows stay
    KEEP        nothing changes; ``reason`` says why (the person reads it on My data)

Every row that erasure deletes or anonymises loses its django-pghistory history too (the
history holds copies of what was erased): the one exception to the append-only history tables,
made here with ``pgtrigger.ignore``. The history of rows deleted earlier (a request discarded
before it was sent) is found through the same lookup, as the history rows copy the fields.

``patientportal/tests/test_personal_data_coverage.py`` fails when a model linked to the user
model, a model linked to a model a person owns, or a history model is not covered here.

    export_for(user=...)                     everything, in sections, for the page and the file
    erase_for(user=..., acting_user=...)     erase it (call it through the service that checks who may)
    erasure_preview(user=...)                how many rows erasure will touch, per holding
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pgtrigger
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: The version of the download's layout; a change that renames or removes a key bumps it.
FORMAT = "patientportal-personal-data/1"
#: Written over a required text that erasure cannot leave empty (a marker, not wording).
ERASED = "(erased)"


def iso(value: Any) -> str | None:
    """A date or time as ISO 8601 (with its UTC offset) for the download; ``None`` stays ``None``."""
    return value.isoformat() if value is not None else None


class Erasure(models.TextChoices):
    """What erasure does to the rows of one holding."""

    DELETE = "delete", _("Deleted")
    ANONYMISE = "anonymise", _("Anonymised")
    KEEP = "keep", _("Kept as it is")


@dataclass(frozen=True)
class Holding:
    """The rows of one model that are about a person, and what erasure does to them."""

    #: ``"app_label.ModelName"``.
    model: str
    #: How the person's rows are found: a lookup from the model to the user (``"case__applicant"``),
    #: or a function ``person -> QuerySet`` when no lookup can say it. ``None``: the model holds
    #: nothing about anyone (declared so that the coverage check knows it was looked at).
    person: str | Callable[[Any], QuerySet] | None
    erasure: Erasure
    #: What the rows are, for the organisation admin's counts before erasure ("Messages").
    label: Any = ""
    #: ANONYMISE: the values written over the person's rows.
    blank: Mapping[str, Any] = field(default_factory=dict)
    #: ANONYMISE by code, when ``blank`` cannot say it: ``anonymise(rows)``.
    anonymise: Callable[[QuerySet], None] | None = None
    #: The model's other links to the user model (staff who worked on it), and why erasure of
    #: this person leaves them as they are.
    others: Mapping[str, str] = field(default_factory=dict)
    #: KEEP: why (shown to the person on My data).
    reason: Any = ""
    #: Database triggers that protect the rows (append-only tables), ignored while erasing.
    protected_by: tuple[str, ...] = ()
    #: Counted on the admin's page before erasure (not when counting means reading every row).
    counted: bool = True
    #: A second count shown beside the total: (label, filter), e.g. the open requests.
    also_count: tuple[Any, Q] | None = None

    def __post_init__(self) -> None:
        where = f"personal data of {self.model}"
        if self.erasure == Erasure.KEEP and not self.reason:
            raise ImproperlyConfigured(f"{where}: KEEP needs a reason")
        if self.erasure != Erasure.KEEP and self.person is None:
            raise ImproperlyConfigured(f"{where}: erasure needs a way to find the person's rows")
        if self.erasure == Erasure.ANONYMISE and not (self.blank or self.anonymise):
            raise ImproperlyConfigured(f"{where}: ANONYMISE needs blank values or an anonymise function")
        if self.erasure != Erasure.KEEP and self.counted and not self.label:
            raise ImproperlyConfigured(f"{where}: a counted holding needs a label")

    @property
    def erasure_label(self) -> str:
        return Erasure(self.erasure).label

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    @property
    def person_field(self) -> str | None:
        """The model's own field the ``person`` lookup starts from (``case`` in ``case__applicant``)."""
        return self.person.split("__")[0] if isinstance(self.person, str) else None

    def rows(self, person: Any) -> QuerySet:
        """The person's rows of this model."""
        if self.person is None:
            return self.model_class._default_manager.none()
        if callable(self.person):
            return self.person(person)
        return self.model_class._default_manager.filter(**{self.person: person})


@dataclass(frozen=True)
class PersonalData:
    """One kind of thing held about a person: one section of My data and of the download."""

    #: The section's key in the download, and its anchor on the page.
    key: str
    holdings: tuple[Holding, ...]
    #: ``read(rows, person)``: what the page shows, from the rows of the first holding (a fixed
    #: number of queries). ``None``: nothing to show (held, but kept out of My data; say why in
    #: ``not_shown``).
    read: Callable[[QuerySet, Any], Any] | None = None
    #: ``data(read_result, person)``: the section in the download (codes, ISO 8601 dates).
    data: Callable[[Any, Any], Any] | None = None
    #: The template partial that shows the section on the page (it receives ``section``).
    template: str = ""
    #: Every key of ``data``'s output, as a path (``requests[].messages[].text``), and what it means.
    keys: Mapping[str, str] = field(default_factory=dict)
    #: What of this is held but not shown on My data, and why (shown to the person).
    not_shown: Any = ""

    def __post_init__(self) -> None:
        if self.read is not None and not (self.data and self.template and self.keys):
            raise ImproperlyConfigured(f"personal data {self.key!r}: a section needs data, a template and its keys")


#: Every declaration, by key, in registration order.
REGISTRY: dict[str, PersonalData] = {}


def register(declaration: PersonalData) -> PersonalData:
    """Add an app's declaration (call it from the app's ``personal_data.py``)."""
    if declaration.key in REGISTRY:
        raise ImproperlyConfigured(f"personal data {declaration.key!r} is registered twice")
    declared = {holding.model for existing in REGISTRY.values() for holding in existing.holdings}
    for holding in declaration.holdings:
        if holding.model in declared:
            raise ImproperlyConfigured(f"{holding.model} is declared twice as personal data")
    REGISTRY[declaration.key] = declaration
    return declaration


def declarations() -> list[PersonalData]:
    return list(REGISTRY.values())


def holdings() -> Iterator[Holding]:
    for declaration in REGISTRY.values():
        yield from declaration.holdings


def history_models(model: type[models.Model]) -> list[type[models.Model]]:
    """The django-pghistory event models that track ``model``."""
    return [
        candidate
        for candidate in apps.get_models()
        if getattr(candidate, "pgh_tracked_model", None) is model and hasattr(candidate, "pgh_obj")
    ]


# --- export ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """One declaration's part of a person's data, as read for them."""

    declaration: PersonalData
    person: Any
    content: Any

    @property
    def key(self) -> str:
        return self.declaration.key

    @property
    def template(self) -> str:
        return self.declaration.template

    def data(self) -> Any:
        assert self.declaration.data is not None
        return self.declaration.data(self.content, self.person)


@dataclass(frozen=True)
class PersonalDataExport:
    """Everything held about one person, in the registry's order."""

    person: Any
    sections: list[Section]

    @property
    def kept(self) -> list[Holding]:
        """What erasure keeps as it is (with the reason): said on the page."""
        return [holding for holding in holdings() if holding.erasure == Erasure.KEEP and holding.person is not None]

    @property
    def not_shown(self) -> list[Any]:
        """What is held but not shown on the page, and why."""
        return [declaration.not_shown for declaration in REGISTRY.values() if declaration.not_shown]

    def as_data(self) -> dict[str, Any]:
        """The download: one key per section, then ``about_this_file`` documenting every key."""
        data: dict[str, Any] = {"format": FORMAT, "exported_at": iso(timezone.now())}
        for section in self.sections:
            data[section.key] = section.data()
        data["about_this_file"] = {"keys": documented_keys()}
        return data


def documented_keys() -> dict[str, str]:
    """Every key of the download (paths like ``requests[].reference``) and what it means."""
    keys = {
        # Translators: what a key of the My data download (a JSON file) holds. Codes in it stay as they are:
        # the file holds them so (in_progress, ISO 8601, null, true...).
        "format": _("the layout of this file; a new version is named when a key is renamed or removed"),
        "exported_at": _("when this file was made (ISO 8601)"),
        "about_this_file.keys": _("what each key of this file means (this list)"),
    }
    for declaration in REGISTRY.values():
        if declaration.read is not None:
            keys.update(declaration.keys)
    return keys


def export_for(*, user: Any) -> PersonalDataExport:
    """Everything held about ``user``: each declaration's ``read`` over the rows of its first
    holding, once (a fixed number of queries: the sum of the declarations' own)."""
    sections = [
        Section(
            declaration=declaration, person=user, content=declaration.read(declaration.holdings[0].rows(user), user)
        )
        for declaration in REGISTRY.values()
        if declaration.read is not None
    ]
    return PersonalDataExport(person=user, sections=sections)


# --- erasure -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HoldingCount:
    """How many of a person's rows one holding will erase (numbers only, never the content)."""

    holding: Holding
    total: int
    also: int | None = None


def erasure_preview(*, user: Any) -> list[HoldingCount]:
    """For each counted holding that erasure changes: how many rows (one query per holding)."""
    counts = []
    for holding in holdings():
        if holding.erasure == Erasure.KEEP or not holding.counted:
            continue
        aggregates: dict[str, Any] = {"total": Count("pk")}
        if holding.also_count is not None:
            aggregates["also"] = Count("pk", filter=holding.also_count[1])
        result = holding.rows(user).aggregate(**aggregates)
        counts.append(HoldingCount(holding=holding, total=result["total"], also=result.get("also")))
    return counts


def _trigger_uris(model: type[models.Model], names: tuple[str, ...]) -> list[str]:
    return [f"{model._meta.app_label}.{model.__name__}:{name}" for name in names]


def _purge_history(model: type[models.Model], *, ids: list[Any], lookup: str | None, user: Any) -> int:
    """Delete the history of the person's rows of ``model``: by the ids of the rows erased now,
    and, when the lookup can be followed from the history rows, of rows deleted before."""
    deleted = 0
    for event_model in history_models(model):
        condition = Q(pgh_obj_id__in=ids)
        if lookup is not None and lookup.split("__")[0] in {f.name for f in event_model._meta.get_fields()}:
            condition |= Q(**{lookup: user})
        with pgtrigger.ignore(*_trigger_uris(event_model, ("append_only",))):
            count, _rows = event_model._default_manager.filter(condition).delete()
        deleted += count
    return deleted


@transaction.atomic
def erase_for(*, user: Any, acting_user: Any) -> dict[str, int]:
    """Erase what every declaration holds about ``user``, in the registry's order, then purge the
    history of what was erased. Returns the number of rows changed per model (no content).

    One transaction. It checks nothing: call it through the service that checks who may
    (``cases.services.deletion_request_carry_out``). ``acting_user`` is who carries it out.
    """
    if acting_user is None or not isinstance(user, get_user_model()):
        raise ValueError("erase_for needs the person and the user carrying it out")
    done: dict[str, int] = {}
    erased: list[tuple[Holding, list[Any]]] = []
    for holding in holdings():
        if holding.erasure == Erasure.KEEP:
            continue
        model = holding.model_class
        rows = holding.rows(user)
        ids = list(rows.values_list("pk", flat=True))
        erased.append((holding, ids))
        if not ids:
            done[holding.model] = 0
            continue
        rows = model._default_manager.filter(pk__in=ids)
        with pgtrigger.ignore(*_trigger_uris(model, holding.protected_by)):
            if holding.erasure == Erasure.DELETE:
                rows.delete()
            elif holding.anonymise is not None:
                holding.anonymise(rows)
            else:
                rows.update(**holding.blank)
        done[holding.model] = len(ids)
    # Last, so that the history written by the changes above goes too.
    for holding, ids in erased:
        lookup = holding.person if isinstance(holding.person, str) else None
        _purge_history(holding.model_class, ids=ids, lookup=lookup, user=user)
    return done


# --- coverage ----------------------------------------------------------------------------------


def _user_links(model: type[models.Model]) -> list[str]:
    user_model = get_user_model()
    return [
        f.name
        for f in model._meta.get_fields()
        if f.is_relation and (f.many_to_one or f.one_to_one) and f.concrete and f.related_model is user_model
    ]


def coverage_problems(*, models_to_check: list[type[models.Model]] | None = None) -> list[str]:
    """What no declaration covers, as sentences (empty: everything is covered).

    Checked: every link (foreign key, one-to-one) to the user model is the holding's way to the
    person or named in its ``others``; every model linked to a model holding a person's data is
    declared too (a case's new kind of child row); every django-pghistory history model tracks a
    declared model (erasing its rows purges their history; keeping them keeps it).
    """
    candidates = list(apps.get_models()) if models_to_check is None else models_to_check
    by_model = {holding.model_class: holding for holding in holdings()}
    owned = {model for model, holding in by_model.items() if holding.person is not None}
    problems = []
    for model in candidates:
        label = model._meta.label
        if hasattr(model, "pgh_tracked_model") and hasattr(model, "pgh_obj"):
            tracked = by_model.get(model.pgh_tracked_model)
            if tracked is None:
                problems.append(
                    f"{label}: the history of {model.pgh_tracked_model._meta.label}, which no declaration covers"
                )
            continue
        holding = by_model.get(model)
        links = _user_links(model)
        if holding is None:
            if links:
                problems.append(f"{label}: links to the user ({', '.join(links)}) but no declaration covers it")
                continue
            to_owned = [
                f.name
                for f in model._meta.get_fields()
                if f.is_relation and (f.many_to_one or f.one_to_one) and f.concrete and f.related_model in owned
            ]
            if to_owned:
                problems.append(f"{label}: belongs to a person's record ({', '.join(to_owned)}) but is not declared")
            continue
        for name in links:
            if name != holding.person_field and name not in holding.others:
                problems.append(f"{label}.{name}: a link to the user that its declaration does not explain")
    return problems


# --- the site's own records: the security logs --------------------------------------------------

register(
    PersonalData(
        key="security_records",
        holdings=(
            Holding(
                "patientportal.AuthEvent",
                person="user",
                erasure=Erasure.KEEP,
                reason=_(
                    "Records of when you signed in and out, or tried to (the time, what happened and the internet "
                    "address it came from). We keep them as they are, for security: they hold no health information."
                ),
            ),
            Holding(
                "patientportal.AccessEvent",
                person="user",
                erasure=Erasure.KEEP,
                reason=_(
                    "Records of who opened your information and when. We keep them as they are, so that anyone "
                    "who looked at it without a reason can still be found: they hold no health information."
                ),
            ),
            Holding(
                "pghistory.MiddlewareEvents",
                person="user",
                erasure=Erasure.KEEP,
                reason=_(
                    "Which account changed a record, and from which page. We keep these as they are: they hold "
                    "account numbers and page addresses only, and the copies of what you wrote are deleted."
                ),
            ),
        ),
        not_shown=_(
            "Records of when you signed in and of who opened your information. They are kept for security and "
            "are not shown here; ask your MS society if you want a copy."
        ),
    )
)
