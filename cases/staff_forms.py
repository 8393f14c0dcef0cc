"""Forms of the staff side: the caseload's filters and the case record's actions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from patientportal.forms import GovukFormMixin

from .choices import CATEGORY_CHOICES, CaseStatus
from .selectors.staff import CASELOAD_STATUSES, CaseloadFilters


class CaseloadFilterForm(GovukFormMixin, forms.Form):
    """Filters of "My cases", in the URL (GET): a bookmark or a shared link keeps them."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *[(s, CaseStatus(s).label) for s in CASELOAD_STATUSES]],
    )
    need = forms.ChoiceField(label=_("Need"), required=False, choices=[("", _("Any need")), *CATEGORY_CHOICES])
    overdue = forms.BooleanField(label=_("Only cases with an overdue follow-up"), required=False)

    def to_filters(self) -> CaseloadFilters:
        """The valid filters (one with an error is left out; its message is shown)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return CaseloadFilters(
            status=data.get("status", "") if "status" not in self.errors else "",
            need=data.get("need", "") if "need" not in self.errors else "",
            overdue=bool(data.get("overdue")),
        )
