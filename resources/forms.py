from __future__ import annotations

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from patientportal.forms import GovukFormMixin
from patientportal.reference import COUNTRY_CHOICES, LANGUAGE_CHOICES
from patientportal.regions import REGION_CHOICES

from . import taxonomy as tx
from .selectors import SearchFilters


def _region_choices():
    countries = dict(COUNTRY_CHOICES)
    return [("", _("Any region"))] + [
        (str(countries[code]), regions) for code, regions in sorted(REGION_CHOICES.items())
    ]


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

    #: The submit button beside the country, for browsers without JavaScript: it shows the chosen
    #: country's regions (and drops a region of another country rather than refusing it).
    UPDATE_REGIONS = "update_regions"

    def __init__(self, data=None, *args, default_country: str = "", **kwargs):
        """``default_country``: the country the search starts in until the visitor chooses one
        (a choice of "Any country" is a choice: ``country=`` in the URL)."""
        if default_country and not self.country_chosen(data):
            data = data.copy() if data is not None else QueryDict(mutable=True)
            data["country"] = default_country
        super().__init__(data, *args, **kwargs)
        # Every region is a valid answer (the error below explains a mismatch), but the list
        # offers only the chosen country's; with JavaScript, static/js/regions.js keeps it so.
        country = self.data.get("country", "")
        if country in REGION_CHOICES:
            self.fields["region"].widget.choices = [("", _("Any region")), *REGION_CHOICES[country]]
        self.fields["region"].widget.attrs["data-regions-of"] = "id_country"

    def clean(self):
        data = super().clean()
        region, country = data.get("region"), data.get("country")
        if region and country and not region.startswith(f"{country}-"):
            if self.data.get(self.UPDATE_REGIONS):
                data["region"] = ""
            else:
                self.add_error("region", _("Choose a region in the country you chose, or any region"))
        return data

    @staticmethod
    def country_chosen(data) -> bool:
        """Whether the search's parameters choose a country: one, every one (``country=``), or
        one by its region."""
        return data is not None and ("country" in data or "region" in data)

    @staticmethod
    def region_options() -> list[dict]:
        """Every country's regions, for static/js/regions.js (``json_script``)."""
        countries = dict(COUNTRY_CHOICES)
        return [
            {"country": code, "name": str(countries[code]), "regions": [[r, str(label)] for r, label in regions]}
            for code, regions in sorted(REGION_CHOICES.items())
        ]

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


class ListingForm(GovukFormMixin, forms.Form):
    """Create or edit a listing (organisation admins). One page: staff know the fields."""

    provider_name = forms.CharField(
        label=_("Who provides the service"),
        max_length=250,
        error_messages={"required": _("Enter who provides the service")},
    )
    provider_website = forms.URLField(label=_("Provider's website"), required=False, max_length=500)
    name = forms.CharField(
        label=_("Name of the service"), max_length=250, error_messages={"required": _("Enter the name of the service")}
    )
    description = forms.CharField(
        label=_("What it is"),
        help_text=_("Plain words, short sentences. Up to 4,000 characters."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Describe the service"),
            "max_length": _("The description must be 4,000 characters or fewer"),
        },
    )
    categories = forms.MultipleChoiceField(
        label=_("Type of help"),
        choices=[(code, name) for code, (name, _d) in tx.CATEGORIES.items()],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one type of help")},
    )
    delivery = forms.MultipleChoiceField(
        label=_("How it is delivered"),
        choices=[(code, name) for code, (name, _d) in tx.DELIVERY.items()],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one way the service is delivered")},
    )
    text_language = forms.ChoiceField(
        label=_("Language this listing is written in"),
        choices=[(code, name) for code, (name, _c) in tx.TEXT_LANGUAGES.items()],
    )
    country = forms.ChoiceField(label=_("Country"), choices=COUNTRY_CHOICES)
    regions = forms.MultipleChoiceField(
        label=_("Regions it is limited to"),
        help_text=_("Leave all unticked if it serves the whole country."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"), required=False, choices=LANGUAGE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    eligibility_description = forms.CharField(
        label=_("Who can get it"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    minimum_age = forms.IntegerField(
        label=_("Minimum age"),
        required=False,
        min_value=0,
        max_value=150,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )
    maximum_age = forms.IntegerField(
        label=_("Maximum age"),
        required=False,
        min_value=0,
        max_value=150,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )
    application_process = forms.CharField(
        label=_("How to apply"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    free = forms.BooleanField(label=_("It is free of charge"), required=False)
    fees_description = forms.CharField(
        label=_("Cost"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    phone = forms.CharField(label=_("Phone number"), required=False, max_length=50)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    url = forms.URLField(label=_("Website"), required=False, max_length=500)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            ("active", _("Open")),
            ("temporarily closed", _("Temporarily closed")),
            ("inactive", _("Not listed for now")),
        ],
    )
    alert = forms.CharField(
        label=_("Short notice shown on the listing"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [(c, n) for c, n in COUNTRY_CHOICES if c in organisation.countries]
        self.fields["regions"].choices = [
            (code, name) for country in organisation.countries for code, name in REGION_CHOICES.get(country, [])
        ]

    def clean(self):
        data = super().clean()
        low, high = data.get("minimum_age"), data.get("maximum_age")
        if low is not None and high is not None and low > high:
            self.add_error("maximum_age", _("The maximum age must be the same as or more than the minimum age"))
        country = data.get("country")
        wrong = [code for code in data.get("regions") or [] if country and not code.startswith(f"{country}-")]
        if wrong:
            self.add_error("regions", _("Choose only regions in the country you chose"))
        return data

    @classmethod
    def initial_for(cls, service) -> dict:
        phone = next(iter(service.phones.all()), None)
        return {
            "provider_name": service.provider.name,
            "provider_website": service.provider.website,
            "name": service.name,
            "description": service.description,
            "categories": service.categories,
            "delivery": service.delivery_methods,
            "text_language": service.text_language,
            "country": service.country,
            "regions": service.regions,
            "languages": service.languages,
            "eligibility_description": service.eligibility_description,
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
            "application_process": service.application_process,
            "free": service.is_free,
            "fees_description": service.fees_description,
            "phone": phone.number if phone else "",
            "email": service.email,
            "url": service.url,
            "status": service.status,
            "alert": service.alert,
        }


class ResolveReportForm(GovukFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("What did you do?"),
        choices=[("fixed", _("I corrected the listing")), ("dismissed", _("No change was needed"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what you did about the report")},
    )
