from __future__ import annotations

import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from patientportal.forms import DateField, GovukFormMixin, PersonChoiceField, interpolate_lazy
from patientportal.reference import LANGUAGE_CHOICES
from patientportal.regions import REGION_CHOICES

from .models import MAX_CAPACITY, Organisation


class SignupDetailsForm(GovukFormMixin, forms.Form):
    """Extra questions on allauth's sign-up form (``ACCOUNT_SIGNUP_FORM_CLASS``)."""

    first_name = forms.CharField(
        label=_("What should we call you?"),
        help_text=_("Your first name, or the name you like to be called. We use it when we write to you."),
        max_length=100,
        error_messages={"required": _("Enter the name you would like us to use")},
        widget=forms.TextInput(attrs={"autocomplete": "given-name", "spellcheck": "false"}),
    )
    is_carer = forms.TypedChoiceField(
        label=_("Who are you?"),
        choices=[
            ("false", _("I have MS")),
            ("true", _("I care for someone with MS")),
        ],
        coerce=lambda v: v == "true",
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether you have MS or care for someone who does")},
    )

    def signup(self, request, user) -> None:
        """Called by allauth while it saves the new user; the adapter's save_user stores the fields."""


TIMEZONE_CHOICES = sorted((tz, tz.replace("_", " ")) for tz in zoneinfo.available_timezones() if "/" in tz)


class OrganisationSettingsForm(GovukFormMixin, forms.ModelForm):
    timezone = forms.ChoiceField(label=_("Time zone"), choices=TIMEZONE_CHOICES)
    languages = forms.MultipleChoiceField(
        label=_("Languages your advocates work in"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select at least one language")},
    )
    first_contact_target_days = forms.IntegerField(
        label=_("First-contact target, in working days"),
        help_text=_("How long a new request may wait before an advocate first contacts the person. 1 to 30."),
        min_value=1,
        max_value=30,
        error_messages={
            "required": _("Enter the number of working days"),
            "invalid": _("Enter a whole number of working days, like 2"),
            "min_value": _("The target must be at least 1 working day"),
            "max_value": _("The target must be 30 working days or fewer"),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )

    auto_assign = forms.BooleanField(
        label=_("Assign new requests automatically"),
        help_text=_(
            "Each new request goes straight to the advocate best placed to take it who is at work and has room: "
            "the least loaded among equals. When nobody has room it waits in the queue and supervisors are e-mailed."
        ),
        required=False,
    )
    wellbeing_guidance = forms.CharField(
        label=_("What should advocates do after a positive depression screen?"),
        help_text=_(
            "Advocates see this when the two screening questions of a needs assessment (PHQ-2) score 3 or more. "
            "Leave it empty to show the site's general guidance."
        ),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": _("Write 2,000 characters or fewer")},
    )
    wellbeing_service = forms.ModelChoiceField(
        label=_("Service to suggest after a positive screen"),
        help_text=_("Emotional support and counselling services listed in the directory in your countries."),
        queryset=None,
        required=False,
        empty_label=_("None"),
    )

    class Meta:
        model = Organisation
        fields = [
            "first_contact_target_days",
            "timezone",
            "languages",
            "auto_assign",
            "wellbeing_guidance",
            "wellbeing_service",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from resources.models import Service
        from resources.selectors import LISTED_STATUSES

        self.fields["wellbeing_service"].queryset = Service.objects.filter(
            status__in=LISTED_STATUSES,
            country__in=self.instance.countries or [],
            categories__contains=["emotional_support"],
        ).order_by("name", "id")


class HolidayForm(GovukFormMixin, forms.Form):
    """One of the organisation's own closures (a ``Holiday`` row)."""

    date = DateField(
        label=_("Date"),
        help_text=_("For example, 24 12 2026"),
        error_messages={"required": _("Enter the date of the closure")},
    )
    name = forms.CharField(
        label=_("Reason for the closure"),
        help_text=_("For example, staff training day"),
        max_length=100,
        error_messages={"required": _("Enter the reason for the closure")},
    )


class AdvocateWorkForm(GovukFormMixin, forms.Form):
    """What the assignment suggestions weigh about an advocate."""

    capacity = forms.IntegerField(
        label=_("Capacity: how many open cases can they carry?"),
        help_text=interpolate_lazy(_("Advocates usually carry 30 to 80 cases. 1 to %(max)s."), {"max": MAX_CAPACITY}),
        min_value=1,
        max_value=MAX_CAPACITY,
        error_messages={
            "required": _("Enter how many open cases they can carry"),
            "invalid": _("Enter a whole number of cases, like 40"),
            "min_value": _("The capacity must be at least 1 case"),
            "max_value": _("The capacity must be %(limit_value)s cases or fewer"),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages they speak with clients"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    regions = forms.MultipleChoiceField(
        label=_("Regions they cover"), widget=forms.CheckboxSelectMultiple, required=False
    )
    expertise = forms.MultipleChoiceField(
        label=_("Needs they know best"),
        help_text=_("Requests with these needs are suggested to them first."),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, countries: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        from cases.choices import CATEGORY_CHOICES

        self.fields["regions"].choices = [
            (code, name) for country in countries for code, name in REGION_CHOICES.get(country, [])
        ]
        self.fields["expertise"].choices = CATEGORY_CHOICES


class AbsenceForm(GovukFormMixin, forms.Form):
    """An advocate away, and who covers them."""

    starts_on = DateField(
        label=_("First day away"),
        help_text=_("For example, 7 12 2026"),
        error_messages={"required": _("Enter the first day they are away")},
    )
    ends_on = DateField(
        label=_("Last day away"),
        help_text=_("They are back the next working day."),
        error_messages={"required": _("Enter the last day they are away")},
    )
    covered_by = PersonChoiceField(
        queryset=None,
        label=_("Who covers their cases?"),
        help_text=_("While they are away, this colleague sees and works on their cases and gets their reminders."),
        empty_label=_("Choose a colleague"),
        error_messages={
            "required": _("Choose the colleague who covers their cases"),
            "invalid_choice": _("Choose one of the advocates listed"),
        },
    )

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["covered_by"].choose_from(colleagues)

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The last day must be the same as the first day or after it"))
        return data
