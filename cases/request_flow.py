"""The order of the request questions, which apply to whom, and when each is answered.

One page per question (GOV.UK's question pages). The draft remembers the answers; this module
decides where "continue" goes and what the check-your-answers page lists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.selectors import countries_served
from patientportal.reference import COUNTRY_CHOICES, LANGUAGE_CHOICES
from patientportal.regions import region_label

from . import forms
from .consent import CURRENT_CONSENT_VERSION
from .models import AccessNeed, Agreement, ContactAnswers, ContactMethod, Relationship, RequestDraft, TimeOfDay, Weekday


def _always(draft: RequestDraft) -> bool:
    return True


def _for_someone_else(draft: RequestDraft) -> bool:
    return draft.for_self is False


def _has_contact_details(draft: RequestDraft) -> bool:
    methods = set(draft.contact_methods)
    return (
        bool(methods)
        and (not methods & {"phone", "text"} or bool(draft.phone))
        and ("email" not in methods or bool(draft.contact_email))
        and ("post" not in methods or bool(draft.postal_address))
    )


def _reached(draft: RequestDraft, name: str) -> bool:
    """Optional questions count as answered once the person has gone past them."""
    return step_index(draft.step) > step_index(name)


def _names(choices, values) -> str:
    labels = dict(choices)
    return ", ".join(str(labels.get(value, value)) for value in values)


def _labels(choices, values) -> list[str]:
    """Several answers: a list, shown as a list."""
    labels = dict(choices)
    return [str(labels.get(value, value)) for value in values]


@dataclass(frozen=True)
class Step:
    name: str
    form: type[forms.StepForm]
    complete: Callable[[RequestDraft], bool]
    applies: Callable[[RequestDraft], bool] = _always
    form_kwargs: Callable[[RequestDraft], dict] = field(default=lambda draft: {})
    #: (label, value) rows for "check your answers" (and My data); a value is a text or a list.
    summary: Callable[[RequestDraft], list[tuple[object, object]]] = field(default=lambda draft: [])


STEPS: list[Step] = [
    Step(
        "who",
        forms.WhoForm,
        complete=lambda d: d.for_self is not None,
        summary=lambda d: [(_("Who needs help"), _("I do") if d.for_self else _("Someone I care for"))],
    ),
    Step(
        "person",
        forms.PersonForm,
        applies=_for_someone_else,
        complete=lambda d: bool(d.person_name and d.relationship),
        summary=lambda d: [
            (_("Their name"), d.person_name),
            (_("How you are related"), _names(Relationship.choices, [d.relationship])),
        ],
    ),
    Step(
        "agreed",
        forms.AgreedForm,
        applies=_for_someone_else,
        complete=lambda d: bool(d.person_agreed),
        summary=lambda d: [(_("Have they agreed"), _names(Agreement.choices, [d.person_agreed]))],
    ),
    Step(
        "country",
        forms.CountryForm,
        complete=lambda d: bool(d.country),
        form_kwargs=lambda d: {"countries": countries_served()},
        summary=lambda d: [(_("Country"), _names(COUNTRY_CHOICES, [d.country]))],
    ),
    Step(
        "region",
        forms.RegionForm,
        complete=lambda d: bool(d.region) and d.region.startswith(f"{d.country}-"),
        form_kwargs=lambda d: {"country": d.country},
        summary=lambda d: [(_("Region"), region_label(d.region))],
    ),
    Step(
        "needs",
        forms.NeedsForm,
        complete=lambda d: bool(d.categories) or bool(d.description),
        summary=lambda d: [
            (_("What you need help with"), _labels(forms.CATEGORY_CHOICES, d.categories) or _("Something else"))
        ],
    ),
    Step(
        "details",
        forms.DetailsForm,
        complete=lambda d: bool(d.categories) or bool(d.description),
        form_kwargs=lambda d: {"required": not d.categories},
        summary=lambda d: [(_("In your own words"), d.description or _("Nothing added"))],
    ),
    Step(
        "urgent",
        forms.UrgentForm,
        complete=lambda d: d.is_urgent is not None,
        summary=lambda d: [(_("Is it urgent"), _("Yes") if d.is_urgent else _("No"))],
    ),
    Step(
        "contact",
        forms.ContactForm,
        complete=lambda d: bool(d.contact_methods),
        summary=lambda d: [(_("How to contact you"), _labels(ContactMethod.choices, d.contact_methods))],
    ),
    Step(
        "contact-details",
        forms.ContactDetailsForm,
        complete=_has_contact_details,
        form_kwargs=lambda d: {"methods": list(d.contact_methods)},
        summary=lambda d: [
            row
            for row in (
                (_("Phone number"), d.phone),
                (_("E-mail address"), d.contact_email),
                (_("Postal address"), d.postal_address),
            )
            if row[1]
        ],
    ),
    Step(
        "times",
        forms.TimesForm,
        complete=lambda d: _reached(d, "times"),
        summary=lambda d: [
            (_("Best days"), _labels(Weekday.choices, d.best_days) or _("Any day")),
            (_("Best times"), _labels(TimeOfDay.choices, d.best_times) or _("Any time")),
        ],
    ),
    Step(
        "language",
        forms.LanguageForm,
        complete=lambda d: bool(d.language) and _reached(d, "language"),
        summary=lambda d: [(_("Language"), _names(LANGUAGE_CHOICES, [d.language]))],
    ),
    Step(
        "access",
        forms.AccessForm,
        complete=lambda d: _reached(d, "access"),
        summary=lambda d: [
            (_("Help to talk with us"), _labels(AccessNeed.choices, d.access_needs) or _("None")),
            *([(_("Speak to"), f"{d.other_contact_name}, {d.other_contact_phone}")] if d.other_contact_name else []),
            *([(_("Anything else"), d.access_other)] if d.access_other else []),
        ],
    ),
    Step(
        "consent",
        forms.ConsentForm,
        complete=lambda d: d.consent_version == CURRENT_CONSENT_VERSION and d.consent_given_at is not None,
        summary=lambda d: [
            (
                _("Your agreement"),
                _("Agreed on %(date)s") % {"date": date_format(timezone.localtime(d.consent_given_at), "DATE_FORMAT")}
                if d.consent_given_at
                else "",
            )
        ],
    ),
]

BY_NAME = {step.name: step for step in STEPS}
ORDER = [step.name for step in STEPS]
CHECK = "check"


def step_index(name: str) -> int:
    if name == CHECK:
        return len(ORDER)
    return ORDER.index(name) if name in ORDER else 0


def furthest(a: str, b: str) -> str:
    return a if step_index(a) >= step_index(b) else b


def applicable(draft: RequestDraft) -> list[Step]:
    return [step for step in STEPS if step.applies(draft)]


def first_incomplete(draft: RequestDraft) -> str:
    """Where "continue" goes: the first question not answered yet, or check your answers."""
    for step in applicable(draft):
        if not step.complete(draft):
            return step.name
    return CHECK


def next_after(draft: RequestDraft, name: str) -> str:
    steps = applicable(draft)
    names = [step.name for step in steps]
    later = [n for n in names if step_index(n) > step_index(name)]
    return later[0] if later else CHECK


def summary_rows(draft: RequestDraft) -> list[tuple[str, object, object]]:
    """(step name, label, value) for every answer, in question order. Works on any set of
    answers: a draft, or the intake kept with a case (My data)."""
    return [(step.name, label, value) for step in applicable(draft) for label, value in step.summary(draft)]


#: The questions about how to contact the person: what their contact preferences hold.
CONTACT_STEPS = ("contact", "contact-details", "times", "language", "access")


def contact_summary_rows(preferences: ContactAnswers) -> list[tuple[object, object]]:
    """(label, value) for contact preferences, worded as on "check your answers"."""
    return [
        (label, value) for step in STEPS if step.name in CONTACT_STEPS for label, value in step.summary(preferences)
    ]
