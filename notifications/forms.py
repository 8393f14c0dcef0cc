"""How a person wants their notifications: one choice per kind they may choose for."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from patientportal.forms import GovukFormMixin

from .kinds import Kind
from .models import Delivery


class NotificationPreferencesForm(GovukFormMixin, forms.Form):
    """A radio question per kind: "Straight away" or "In a daily digest"."""

    def __init__(self, *args: Any, choices: list[tuple[Kind, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, delivery in choices:
            self.fields[kind.code] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                initial=delivery,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose how you want to be told: straight away or in a daily digest.")},
            )
