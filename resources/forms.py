from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from patientportal.forms import GovukFormMixin
from patientportal.reference import COUNTRY_CHOICES, LANGUAGE_CHOICES
from patientportal.regions import REGIONS

from . import taxonomy as tx
from .selectors import SearchFilters


def _region_choices():
    countries = dict(COUNTRY_CHOICES)
    return [("", _("Any region"))] + [(str(countries[code]), regions) for code, regions in sorted(REGIONS.items())]


class SearchForm(GovukFormMixin, forms.Form):
    """The search and its filters. Everything lives in the URL (GET), so results can be shared."""

    q = forms.CharField(
        label=_("What do you need help with?"),
        help_text=_("For example: stairlift grant, respite care, help at work"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Search words must be 200 characters or fewer")},
        widget=forms.TextInput(attrs={"type": "search", "spellcheck": "true", "autocomplete": "off"}),
    )
    category = forms.MultipleChoiceField(
        label=_("Type of help"),
        required=False,
        choices=[(code, name) for code, (name, _d) in tx.CATEGORIES.items()],
        widget=forms.CheckboxSelectMultiple,
    )
    country = forms.ChoiceField(label=_("Country"), required=False, choices=[("", _("Any country")), *COUNTRY_CHOICES])
    region = forms.ChoiceField(label=_("Region"), required=False, choices=_region_choices)
    language = forms.ChoiceField(
        label=_("Language spoken"), required=False, choices=[("", _("Any language")), *LANGUAGE_CHOICES]
    )
    delivery = forms.MultipleChoiceField(
        label=_("How it is delivered"),
        required=False,
        choices=[(code, name) for code, (name, _d) in tx.DELIVERY.items()],
        widget=forms.CheckboxSelectMultiple,
    )
    free = forms.BooleanField(label=_("Free of charge only"), required=False)
    age = forms.IntegerField(
        label=_("Age of the person who needs help"),
        help_text=_("Shows only services open to this age"),
        required=False,
        min_value=0,
        max_value=120,
        error_messages={
            "invalid": _("Enter the age as a whole number, like 52"),
            "min_value": _("Age must be 0 or more"),
            "max_value": _("Age must be 120 or less"),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("relevance", _("Best match")), ("name", _("Name (A to Z)"))],
    )

    def clean(self):
        data = super().clean()
        region, country = data.get("region"), data.get("country")
        if region and country and not region.startswith(f"{country}-"):
            self.add_error("region", _("Choose a region in the country you chose, or any region"))
        return data

    def to_filters(self) -> SearchFilters:
        data = self.cleaned_data
        region = data.get("region") or ""
        return SearchFilters(
            query=(data.get("q") or "").strip(),
            categories=tuple(data.get("category") or ()),
            country=data.get("country") or (region.split("-", 1)[0] if region else ""),
            region=region,
            language=data.get("language") or "",
            delivery=tuple(data.get("delivery") or ()),
            free_only=bool(data.get("free")),
            age=data.get("age"),
            sort=data.get("sort") or "relevance",
        )


class ProblemReportForm(GovukFormMixin, forms.Form):
    message = forms.CharField(
        label=_("What is wrong with this listing?"),
        help_text=_(
            "For example: the phone number has changed, or the service has closed. Do not include personal details."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Tell us what is wrong with the listing"),
            "max_length": _("Your message must be 2,000 characters or fewer"),
        },
    )
