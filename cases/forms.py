"""The request questions (one form per page) and the forms of "My requests" and "My data".

Every message says how to fix the answer; limits are stated in the hint and in the error.
"""

from __future__ import annotations

import re

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from patientportal.forms import GovukFormMixin, grouped_number_lazy, interpolate_lazy
from patientportal.reference import COUNTRY_CHOICES, LANGUAGE_CHOICES
from patientportal.regions import REGION_CHOICES

from .consent import CURRENT_CONSENT_VERSION
from .models import (
    ADDRESS_MAX,
    CATEGORY_CHOICES,
    DESCRIPTION_MAX,
    MESSAGE_MAX,
    NAME_MAX,
    REASON_MAX,
    AccessNeed,
    Agreement,
    ContactMethod,
    ReferralFeedback,
    Relationship,
    TimeOfDay,
    Weekday,
)

PHONE_RE = re.compile(r"^\+?[0-9 ()\-.]{6,30}$")


class LimitedTextField(forms.CharField):
    """Text with a stated limit. No ``maxlength`` in the page: a browser would cut pasted text
    silently; the server refuses it and says by how much it is over."""

    def __init__(self, *, limit: int, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 5}))
        super().__init__(**kwargs)
        self.limit = limit
        self.help_text = self.help_text or interpolate_lazy(
            _("You can write up to %(limit)s characters."), {"limit": grouped_number_lazy(limit)}
        )

    def clean(self, value):
        value = super().clean(value)
        if value and len(value) > self.limit:
            raise forms.ValidationError(
                _("Your answer must be %(limit)s characters or fewer. It has %(count)s now.")
                % {
                    "limit": number_format(self.limit, force_grouping=True),
                    "count": number_format(len(value), force_grouping=True),
                },
                code="too_long",
            )
        return value


class ShortTextField(forms.CharField):
    """A one-line answer: refused over the limit, with the limit in the message."""

    def __init__(self, *, limit: int, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {"max_length": interpolate_lazy(_("This must be %(limit)s characters or fewer."), {"limit": limit})},
        )
        super().__init__(max_length=limit, **kwargs)


def _phone(value: str) -> str:
    value = value.strip()
    if value and not PHONE_RE.match(value):
        raise forms.ValidationError(
            _("Enter a phone number using digits, like 01632 960 001 or +44 1632 960 001."), code="invalid_phone"
        )
    return value


class StepForm(GovukFormMixin, forms.Form):
    """One page of the request. ``answers()`` maps what was entered to the draft's fields."""

    def answers(self) -> dict:
        return dict(self.cleaned_data)

    @classmethod
    def initial_from(cls, draft) -> dict:
        """The saved answers; a yes/no answer as its radio's value ("true"/"false")."""

        def shown(value):
            return ("true" if value else "false") if isinstance(value, bool) else value

        return {name: shown(getattr(draft, name)) for name in cls.base_fields if hasattr(draft, name)}


class WhoForm(StepForm):
    for_self = forms.TypedChoiceField(
        label=_("Who needs help?"),
        choices=[("true", _("I do")), ("false", _("Someone I care for"))],
        coerce=lambda value: value == "true",
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether the help is for you or for someone you care for.")},
    )


class PersonForm(StepForm):
    person_name = ShortTextField(
        limit=NAME_MAX,
        label=_("What is their name?"),
        help_text=_("The name they like to be called by is fine."),
        error_messages={
            "required": _("Enter the name of the person you care for."),
            "max_length": interpolate_lazy(_("Their name must be %(limit)s characters or fewer."), {"limit": NAME_MAX}),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    relationship = forms.ChoiceField(
        label=_("How are you related to them?"),
        choices=Relationship.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how you are related to them.")},
    )

    def clean_person_name(self):
        value = " ".join(self.cleaned_data["person_name"].split())
        if not value:
            raise forms.ValidationError(_("Enter the name of the person you care for."), code="required")
        return value


class AgreedForm(StepForm):
    person_agreed = forms.ChoiceField(
        label=_("Have they agreed to you asking for help for them?"),
        help_text=_("We will check with them too, if they are able to."),
        choices=Agreement.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether they agreed to this request.")},
    )


class CountryForm(StepForm):
    country = forms.ChoiceField(
        label=_("Which country do you live in?"),
        help_text=_("The MS society of that country will look after your request."),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the country where the person who needs help lives.")},
    )

    def __init__(self, *args, countries: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        names = dict(COUNTRY_CHOICES)
        self.fields["country"].choices = [(code, names[code]) for code in countries if code in names]


class RegionForm(StepForm):
    region = forms.ChoiceField(
        label=_("Which region?"),
        help_text=_("This helps us find someone who knows the services near you."),
        error_messages={"required": _("Select the region where the person who needs help lives.")},
    )

    def __init__(self, *args, country: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("Choose a region")), *REGION_CHOICES.get(country, [])]


OTHER_NEED = "other"


class NeedsForm(StepForm):
    categories = forms.MultipleChoiceField(
        label=_("What do you need help with?"),
        help_text=_("Select all that apply."),
        choices=[*CATEGORY_CHOICES, (OTHER_NEED, _("Something else"))],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select at least one thing you need help with, or 'Something else'.")},
    )

    def answers(self) -> dict:
        return {"categories": [code for code in self.cleaned_data["categories"] if code != OTHER_NEED]}

    @classmethod
    def initial_from(cls, draft) -> dict:
        return {"categories": list(draft.categories) or ([OTHER_NEED] if draft.description else [])}


class DetailsForm(StepForm):
    description = LimitedTextField(
        limit=DESCRIPTION_MAX,
        label=_("Tell us about it in your own words"),
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args, required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["description"]
        field.required = required
        field.error_messages["required"] = _("Tell us what you need help with, in a few words.")
        if not required:
            field.label = _("Is there anything you would like to add? (optional)")
        field.help_text = _(
            "For example, what is difficult at the moment. You can write up to %(limit)s characters."
        ) % {"limit": number_format(DESCRIPTION_MAX, force_grouping=True)}

    def clean_description(self):
        return self.cleaned_data["description"].strip()


class UrgentForm(StepForm):
    is_urgent = forms.TypedChoiceField(
        label=_("Is anyone in danger, or without food, heating or medication, right now?"),
        choices=[("true", _("Yes")), ("false", _("No"))],
        coerce=lambda value: value == "true",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select yes if someone is in danger or without food, heating or medication now.")
        },
    )


class ContactForm(StepForm):
    contact_methods = forms.MultipleChoiceField(
        label=_("How should we contact you?"),
        help_text=_("Select all that suit you."),
        choices=ContactMethod.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select at least one way we can contact you.")},
    )


class ContactDetailsForm(StepForm):
    """Only the details the chosen ways of contact need."""

    phone = forms.CharField(
        label=_("Phone number"),
        max_length=30,
        required=False,
        error_messages={"max_length": _("The phone number must be 30 characters or fewer.")},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "class": "govuk-input--width-20"}),
    )
    contact_email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        required=False,
        error_messages={"invalid": _("Enter an e-mail address in the right format, like name@example.com.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    postal_address = LimitedTextField(
        limit=ADDRESS_MAX,
        label=_("Postal address"),
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "street-address"}),
    )

    def __init__(self, *args, methods: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        needs_phone = {"phone", "text"} & set(methods)
        if not needs_phone:
            del self.fields["phone"]
        else:
            self.fields["phone"].required = True
            self.fields["phone"].error_messages["required"] = _("Enter a phone number, so we can call or text you.")
        if "email" not in methods:
            del self.fields["contact_email"]
        else:
            self.fields["contact_email"].required = True
            self.fields["contact_email"].error_messages["required"] = _(
                "Enter an e-mail address, so we can write to you."
            )
        if "post" not in methods:
            del self.fields["postal_address"]
        else:
            self.fields["postal_address"].required = True
            self.fields["postal_address"].error_messages["required"] = _(
                "Enter a postal address, so we can send letters."
            )
            self.fields["postal_address"].help_text = _("Include the postcode. Up to %(limit)s characters.") % {
                "limit": ADDRESS_MAX
            }

    def clean_phone(self):
        return _phone(self.cleaned_data.get("phone", ""))

    def answers(self) -> dict:
        # Details for a way of contact no longer chosen are cleared, not kept out of sight.
        return {
            "phone": self.cleaned_data.get("phone", ""),
            "contact_email": self.cleaned_data.get("contact_email", ""),
            "postal_address": self.cleaned_data.get("postal_address", "").strip(),
        }


class TimesForm(StepForm):
    best_days = forms.TypedMultipleChoiceField(
        label=_("Which days are best for us to contact you? (optional)"),
        help_text=_("Leave these empty if any day is fine."),
        choices=Weekday.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    best_times = forms.MultipleChoiceField(
        label=_("Which times of day are best? (optional)"),
        choices=TimeOfDay.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class LanguageForm(StepForm):
    language = forms.ChoiceField(
        label=_("Which language would you like us to use?"),
        choices=[("", _("Choose a language")), *LANGUAGE_CHOICES],
        error_messages={"required": _("Select the language you would like us to use.")},
    )


class AccessForm(StepForm):
    access_needs = forms.MultipleChoiceField(
        label=_("Do you need any help to talk with us? (optional)"),
        help_text=_("Select all that apply, or none."),
        choices=AccessNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_contact_name = ShortTextField(
        limit=NAME_MAX,
        label=_("If we should speak to someone else: their name"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    other_contact_phone = forms.CharField(
        label=_("Their phone number"),
        max_length=30,
        required=False,
        error_messages={"max_length": _("The phone number must be 30 characters or fewer.")},
        widget=forms.TextInput(attrs={"type": "tel", "class": "govuk-input--width-20"}),
    )
    access_other = LimitedTextField(
        limit=ADDRESS_MAX,
        label=_("Anything else that would help (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_other_contact_phone(self):
        return _phone(self.cleaned_data.get("other_contact_phone", ""))

    def clean(self):
        data = super().clean()
        if AccessNeed.SOMEONE_ELSE in data.get("access_needs", []):
            if not (data.get("other_contact_name") or "").strip() and "other_contact_name" not in self.errors:
                self.add_error("other_contact_name", _("Enter the name of the person we should speak to."))
            if not data.get("other_contact_phone") and "other_contact_phone" not in self.errors:
                self.add_error("other_contact_phone", _("Enter the phone number of the person we should speak to."))
        return data

    def answers(self) -> dict:
        data = dict(self.cleaned_data)
        if AccessNeed.SOMEONE_ELSE not in data["access_needs"]:
            data["other_contact_name"] = ""
            data["other_contact_phone"] = ""
        data["other_contact_name"] = data["other_contact_name"].strip()
        data["access_other"] = data["access_other"].strip()
        return data


class ConsentForm(StepForm):
    agree = forms.BooleanField(
        label=_("I agree to you keeping and using this information to help me"),
        error_messages={"required": _("Tick the box to agree, so that we can look after your request.")},
    )

    def answers(self) -> dict:
        from django.utils import timezone

        return {"consent_version": CURRENT_CONSENT_VERSION, "consent_given_at": timezone.now()}

    @classmethod
    def initial_from(cls, draft) -> dict:
        return {"agree": draft.consent_version == CURRENT_CONSENT_VERSION}


# --- my requests -------------------------------------------------------------------------------


class MessageForm(GovukFormMixin, forms.Form):
    body = LimitedTextField(
        limit=MESSAGE_MAX,
        required=True,
        label=_("Your message"),
        error_messages={"required": _("Write your message before sending it.")},
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_body(self):
        value = self.cleaned_data["body"].strip()
        if not value:
            raise forms.ValidationError(_("Write your message before sending it."), code="required")
        return value


class WithdrawForm(GovukFormMixin, forms.Form):
    reason = LimitedTextField(
        limit=REASON_MAX,
        label=_("Why are you withdrawing it? (optional)"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AddToCaseForm(GovukFormMixin, forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("What else do you need help with? (optional)"),
        choices=CATEGORY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description = LimitedTextField(
        limit=DESCRIPTION_MAX,
        label=_("What would you like to add?"),
        help_text=interpolate_lazy(
            _("Your advocate will see this as a message. Up to %(limit)s characters."),
            {"limit": grouped_number_lazy(DESCRIPTION_MAX)},
        ),
    )

    def clean(self):
        data = super().clean()
        if not data.get("categories") and not (data.get("description") or "").strip() and not self.errors:
            raise forms.ValidationError(_("Choose something you need help with, or write what you would like to add."))
        return data


class FeedbackForm(GovukFormMixin, forms.Form):
    feedback = forms.ChoiceField(
        label=_("Did this help?"),
        choices=ReferralFeedback.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether it helped.")},
    )


class DeletionRequestForm(GovukFormMixin, forms.Form):
    reason = LimitedTextField(
        limit=REASON_MAX,
        label=_("Is there anything you would like to tell us? (optional)"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my requests, messages and account will be deleted"),
        error_messages={"required": _("Tick the box to confirm you want us to delete your information.")},
    )
