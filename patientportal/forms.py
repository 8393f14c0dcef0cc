"""Form helpers shared by every app: GOV.UK Frontend markup and a day/month/year date field."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _


def _interpolate(text: str, values: dict) -> str:
    return text % values


#: ``text % values``, worked out when it is shown rather than when it is written: for the words of
#: a field declared on a form class (made once, at import), so that each page has them in its own
#: language. ``_("Up to %(limit)s characters.") % {...}`` there would keep the English for good.
interpolate_lazy = lazy(_interpolate, str)
#: A number with its thousands grouped as the page's language writes them (5,000 or 5 000), lazily.
grouped_number_lazy = lazy(lambda number: number_format(number, force_grouping=True), str)


class GovukFormMixin:
    """Renders the form with GOV.UK Frontend markup: error summary, labels, hints, linked errors.

    The markup itself lives in ``templates/forms/`` (and ``templates/django/forms/`` for
    third-party forms such as allauth's); the ``govuk_widget`` filter adds the classes.
    """

    template_name = "forms/govuk_form.html"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class DateWidget(forms.MultiWidget):
    """Three boxes — day, month, year — as GOV.UK's date input pattern."""

    template_name = "forms/widgets/govuk_date.html"

    def __init__(self, attrs=None):
        base = {"class": "govuk-input govuk-date-input__input", "inputmode": "numeric"}
        widgets = {
            "day": forms.TextInput(attrs={**base, "class": base["class"] + " govuk-input--width-2"}),
            "month": forms.TextInput(attrs={**base, "class": base["class"] + " govuk-input--width-2"}),
            "year": forms.TextInput(attrs={**base, "class": base["class"] + " govuk-input--width-4"}),
        }
        super().__init__(widgets, attrs)

    def get_context(self, name, value, attrs):
        """Name each box's id after its part (``id_date_day``), as the error summary links to,
        and keep each box's own classes, adding the error style when the field has errors."""
        context = super().get_context(name, value, attrs)
        final_attrs = context["widget"]["attrs"]
        base_id = final_attrs.get("id")
        invalid = final_attrs.get("aria-invalid") == "true"
        for suffix, widget, sub in zip(self.widgets_names, self.widgets, context["widget"]["subwidgets"], strict=True):
            sub_attrs = sub["attrs"]
            if base_id:
                sub_attrs["id"] = f"{base_id}{suffix}"
            css = widget.attrs.get("class", "")
            sub_attrs["class"] = f"{css} govuk-input--error" if invalid else css
            sub_attrs.pop("aria-describedby", None)
        return context

    def id_for_label(self, id_):
        return f"{id_}_day" if id_ else id_

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateField(forms.MultiValueField):
    widget = DateWidget
    default_error_messages = {
        "invalid": _("Enter a real date, for example 27 3 2026."),
        "incomplete": _("Enter the day, month and year."),
    }

    def __init__(self, **kwargs):
        fields = (
            forms.IntegerField(min_value=1, max_value=31),
            forms.IntegerField(min_value=1, max_value=12),
            forms.IntegerField(min_value=1900, max_value=2200),
        )
        super().__init__(fields, require_all_fields=True, **kwargs)

    def clean(self, value):
        try:
            return super().clean(value)
        except forms.ValidationError as exc:
            if any(e.code == "required" for e in exc.error_list):
                raise
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def compress(self, data_list):
        if not data_list:
            return None
        day, month, year = data_list
        try:
            return datetime.date(year, month, day)
        except (TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class PersonChoiceField(forms.ModelChoiceField):
    """A choice of people (a team's advocates), each by their full name. ``choose_from`` sets
    the people and reads them once into the options: a model choice field would otherwise read
    them through a server-side cursor, a statement per chunk, each time it is rendered."""

    def label_from_instance(self, obj) -> str:
        return obj.get_full_name()

    def choose_from(self, people) -> None:
        self.queryset = people
        first = [] if self.empty_label is None else [("", self.empty_label)]
        self.choices = [*first, *((person.pk, person.get_full_name()) for person in people)]
