"""Forms of the staff side: the caseload's filters and the case record's actions."""

from __future__ import annotations

import datetime
import uuid
from urllib.parse import urlencode

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from patientportal.forms import DateField, GovukFormMixin, PersonChoiceField
from patientportal.reference import LANGUAGE_CHOICES
from patientportal.regions import REGION_CHOICES

from .choices import (
    CATEGORY_CHOICES,
    AssessmentDomain,
    CaseOutcome,
    CaseStatus,
    InteractionChannel,
    InteractionOutcome,
    NeedLevel,
    NeedStatus,
    Phq2Answer,
    ReferralOutcome,
)
from .forms import LimitedTextField, ShortTextField
from .models import DESCRIPTION_MAX, MESSAGE_MAX, NAME_MAX, REASON_MAX
from .selectors.metrics import MAX_RANGE_DAYS, MetricsRange
from .selectors.staff import CASELOAD_STATUSES, CaseloadFilters
from .selectors.supervisor import QueueFilters
from .services.assessment import Rating


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


# --- the case record's actions ---------------------------------------------------------------


class VersionedForm(GovukFormMixin, forms.Form):
    """A form that edits a row: it carries the version of the row it was shown (a hidden field),
    so that a change made meanwhile by someone else is caught (``services.StaleEdit``)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    @property
    def seen_version(self) -> int | None:
        return self.cleaned_data.get("version")


class TimeField(forms.TimeField):
    """A time of day typed as 14:30 (or 14.30, 1430)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%H:%M", "%H.%M", "%H%M"])
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}))
        kwargs.setdefault("error_messages", {"invalid": _("Enter a time like 14:30")})
        super().__init__(**kwargs)


def _when(date: datetime.date, time: datetime.time) -> datetime.datetime:
    """A date and a time typed in the organisation's time zone (active for staff), as an instant."""
    return timezone.make_aware(datetime.datetime.combine(date, time))


class ContactLogForm(GovukFormMixin, forms.Form):
    channel = forms.ChoiceField(
        label=_("How was the contact?"),
        choices=InteractionChannel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how the contact was made")},
    )
    outcome = forms.ChoiceField(
        label=_("Did you reach them?"),
        choices=InteractionOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether you reached them")},
    )
    date = DateField(label=_("Date"), help_text=_("For example, 27 3 2026"))
    time = TimeField(label=_("Time"), help_text=_("For example, 14:30"))
    duration_minutes = forms.IntegerField(
        label=_("How long, in minutes (optional)"),
        required=False,
        min_value=1,
        max_value=24 * 60,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "invalid": _("Enter the number of minutes, like 20"),
            "min_value": _("Enter at least 1 minute"),
            "max_value": _("Enter at most 1,440 minutes (a day)"),
        },
    )
    with_whom = ShortTextField(limit=NAME_MAX, label=_("Who did you speak with? (optional)"), required=False)
    summary = LimitedTextField(
        limit=DESCRIPTION_MAX,
        label=_("Summary (optional)"),
        help_text=_("What was said and agreed. Only staff can read it."),
    )

    def occurred_at(self) -> datetime.datetime:
        return _when(self.cleaned_data["date"], self.cleaned_data["time"])


class FollowUpForm(GovukFormMixin, forms.Form):
    summary = ShortTextField(
        limit=200, label=_("What needs doing?"), error_messages={"required": _("Say what needs doing")}
    )
    date = DateField(label=_("When is it due?"), help_text=_("For example, 27 3 2026"))
    time = TimeField(label=_("At what time?"), help_text=_("For example, 10:00"))
    is_client_contact = forms.BooleanField(
        label=_("This is a planned contact with the client"),
        help_text=_("The client sees the date in their space."),
        required=False,
    )
    owner = forms.ModelChoiceField(
        label=_("Whose is it?"), queryset=None, empty_label=None, error_messages={"required": _("Choose who")}
    )

    def __init__(self, *args, advocates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = advocates
        self.fields["owner"].label_from_instance = lambda user: user.get_full_name() or user.email

    def due_at(self) -> datetime.datetime:
        return _when(self.cleaned_data["date"], self.cleaned_data["time"])


class RescheduleForm(VersionedForm):
    date = DateField(label=_("New date"), help_text=_("For example, 27 3 2026"))
    time = TimeField(label=_("New time"), help_text=_("For example, 10:00"))

    def due_at(self) -> datetime.datetime:
        return _when(self.cleaned_data["date"], self.cleaned_data["time"])


class StatusForm(VersionedForm):
    """Move the case along its lifecycle: the moves offered are the ones it may make now."""

    to = forms.ChoiceField(
        label=_("What is the case's status now?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the new status")},
    )
    outcome = forms.ChoiceField(
        label=_("How did the case end? (when closing)"),
        choices=CaseOutcome.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    reason = LimitedTextField(
        limit=REASON_MAX,
        label=_("Why? (needed to reopen a case)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, moves: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = moves

    def clean(self):
        data = super().clean()
        if data.get("to") == CaseStatus.CLOSED and not data.get("outcome"):
            self.add_error("outcome", _("Select how the case ended"))
        if data.get("to") != CaseStatus.CLOSED:
            data["outcome"] = ""
        return data


class NeedForm(VersionedForm):
    status = forms.ChoiceField(
        label=_("Where is this need now?"),
        choices=NeedStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select where the need is")},
    )
    outcome = LimitedTextField(
        limit=DESCRIPTION_MAX, label=_("Outcome (optional)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class NewNeedForm(GovukFormMixin, forms.Form):
    category = forms.ChoiceField(
        label=_("What does the client need help with?"),
        choices=[("", _("Choose a need")), *CATEGORY_CHOICES],
        error_messages={"required": _("Choose a need")},
    )
    description = LimitedTextField(
        limit=DESCRIPTION_MAX, label=_("More about it (optional)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class StaffMessageForm(GovukFormMixin, forms.Form):
    body = LimitedTextField(
        limit=MESSAGE_MAX,
        required=True,
        label=_("Your reply to the client"),
        help_text=_("The client is told by e-mail that there is a message, without its words."),
        error_messages={"required": _("Write your message before sending it.")},
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_body(self):
        value = self.cleaned_data["body"].strip()
        if not value:
            raise forms.ValidationError(_("Write your message before sending it."), code="required")
        return value


class ReferralForm(GovukFormMixin, forms.Form):
    """Refer the client to a service found in the directory (the page lists the search's
    results as radios named ``service``), for one of their needs."""

    service = forms.UUIDField(error_messages={"required": _("Choose a service"), "invalid": _("Choose a service")})
    need = forms.ChoiceField(label=_("For which need?"), required=False)

    def __init__(self, *args, needs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].choices = [("", _("Not for one need in particular"))] + [
            (str(n.pk), n.get_category_display()) for n in needs
        ]


class NoteForm(VersionedForm):
    body = LimitedTextField(
        limit=MESSAGE_MAX,
        required=True,
        label=_("Note"),
        error_messages={"required": _("Write the note before saving it.")},
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    shared_with_client = forms.BooleanField(
        label=_("Share it with the client"),
        help_text=_("They will see it in their space. Leave this unticked to keep it for staff only."),
        required=False,
    )

    def clean_body(self):
        value = self.cleaned_data["body"].strip()
        if not value:
            raise forms.ValidationError(_("Write the note before saving it."), code="required")
        return value


class ReferralOutcomeForm(VersionedForm):
    outcome = forms.ChoiceField(
        label=_("What came of it?"),
        choices=ReferralOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select what came of the referral")},
    )


# --- the needs assessment --------------------------------------------------------------------

_NOT_ASKED = ""


class AssessmentForm(GovukFormMixin, forms.Form):
    """Each area of life rated (no need, some, urgent: or not talked about), with a note; the
    two questions of the depression screen (PHQ-2); and whether rated areas become needs."""

    add_needs = forms.BooleanField(
        label=_("Add each area with a need to the case's needs"),
        help_text=_("Areas that are already needs on the case are not added again; finished ones are reopened."),
        required=False,
        initial=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        levels = [(_NOT_ASKED, _("Not talked about")), *NeedLevel.choices]
        for domain in AssessmentDomain:
            self.fields[f"level_{domain.value}"] = forms.ChoiceField(
                label=domain.label, choices=levels, required=False, initial=_NOT_ASKED, widget=forms.RadioSelect
            )
            self.fields[f"note_{domain.value}"] = LimitedTextField(
                limit=DESCRIPTION_MAX,
                required=False,
                label=_("Note on %(area)s") % {"area": str(domain.label).lower()},
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        answers = [(_NOT_ASKED, _("Not asked")), *[(str(value), label) for value, label in Phq2Answer.choices]]
        for name, label in PHQ2_QUESTIONS:
            self.fields[name] = forms.ChoiceField(
                label=label, choices=answers, required=False, initial=_NOT_ASKED, widget=forms.RadioSelect
            )
        # The checkbox last: after the areas it acts on.
        self.fields["add_needs"] = self.fields.pop("add_needs")

    def domain_fields(self):
        """(area, its rating field, its note field), in the order they are asked about."""
        return [(domain, self[f"level_{domain.value}"], self[f"note_{domain.value}"]) for domain in AssessmentDomain]

    def phq2_fields(self):
        return [self[name] for name, _label in PHQ2_QUESTIONS]

    def clean(self):
        data = super().clean()
        for domain in AssessmentDomain:
            if data.get(f"note_{domain.value}") and not data.get(f"level_{domain.value}"):
                self.add_error(
                    f"level_{domain.value}",
                    _("Rate %(area)s, or remove its note") % {"area": str(domain.label).lower()},
                )
        if not any(data.get(f"level_{domain.value}") for domain in AssessmentDomain) and not self.errors:
            self.add_error(f"level_{AssessmentDomain.values[0]}", _("Rate at least one area"))
        interest, mood = data.get("phq2_interest"), data.get("phq2_mood")
        if bool(interest) != bool(mood):
            missing = "phq2_mood" if interest else "phq2_interest"
            self.add_error(missing, _("Answer both screening questions, or neither"))
        return data

    def ratings(self) -> dict[str, Rating]:
        data = self.cleaned_data
        return {
            domain.value: Rating(level=data[f"level_{domain.value}"], note=data[f"note_{domain.value}"] or "")
            for domain in AssessmentDomain
            if data.get(f"level_{domain.value}")
        }

    def phq2(self) -> dict[str, int | None]:
        return {
            name: int(self.cleaned_data[name]) if self.cleaned_data.get(name) else None for name, _l in PHQ2_QUESTIONS
        }


#: The two questions of the PHQ-2, asked about the last two weeks.
PHQ2_QUESTIONS = [
    ("phq2_interest", _("Little interest or pleasure in doing things")),
    ("phq2_mood", _("Feeling down, depressed or hopeless")),
]


# --- the supervisor's queue ---------------------------------------------------------------------


class QueueFilterForm(GovukFormMixin, forms.Form):
    """Filters of the queue, in the URL (GET)."""

    need = forms.ChoiceField(label=_("Need"), required=False, choices=[("", _("Any need")), *CATEGORY_CHOICES])
    region = forms.ChoiceField(label=_("Region"), required=False)
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any language")), *LANGUAGE_CHOICES]
    )

    def __init__(self, *args, countries: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        regions = [(code, name) for country in countries for code, name in REGION_CHOICES.get(country, [])]
        self.fields["region"].choices = [("", _("Any region")), *sorted(regions, key=lambda choice: choice[1])]

    def to_filters(self) -> QueueFilters:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return QueueFilters(**{name: data.get(name, "") if name not in self.errors else "" for name in self.fields})


class AssignForm(GovukFormMixin, forms.Form):
    """Give one waiting request to one of the organisation's advocates."""

    advocate = PersonChoiceField(
        queryset=None,
        label=_("Who should take it?"),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Select the advocate who should take this request"),
            "invalid_choice": _("Select one of the advocates listed"),
        },
    )

    def __init__(self, *args, advocates, **kwargs):
        super().__init__(*args, **kwargs)
        # The radios are written by the page, with each advocate's reasons: only validated here.
        self.fields["advocate"].queryset = advocates


class RequestsField(forms.MultipleChoiceField):
    """The ids of requests ticked on the queue's page (each row has its own checkbox). Any id is
    accepted here: one no longer waiting, or not the supervisor's to see, is the service's to
    report or leave out (``cases_assign_from_queue``)."""

    #: One page of the queue at most.
    MAX = 100

    def valid_value(self, value) -> bool:
        try:
            uuid.UUID(str(value))
        except ValueError:
            return False
        return True

    def clean(self, value):
        chosen = [uuid.UUID(str(item)) for item in super().clean(value)]
        if len(chosen) > self.MAX:
            raise forms.ValidationError(_("Select at most %(max)s requests at a time") % {"max": self.MAX})
        return chosen


class AssignManyForm(GovukFormMixin, forms.Form):
    """Give several waiting requests, ticked on the queue's page, to one advocate."""

    cases = RequestsField(
        label=_("Requests"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Select at least one request to assign"),
            "invalid_choice": _("Select requests from the queue"),
        },
    )
    advocate = PersonChoiceField(
        queryset=None,
        label=_("Give the selected requests to"),
        empty_label=_("Choose an advocate"),
        error_messages={
            "required": _("Choose the advocate to give the selected requests to"),
            "invalid_choice": _("Choose one of the advocates listed"),
        },
    )

    def __init__(self, *args, advocates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["advocate"].choose_from(advocates)


class ReassignForm(VersionedForm):
    """Give a case that has an advocate to another, saying why."""

    advocate = PersonChoiceField(
        queryset=None,
        label=_("Who should take the case now?"),
        empty_label=_("Choose an advocate"),
        error_messages={
            "required": _("Choose the advocate who should take the case"),
            "invalid_choice": _("Choose one of the advocates listed"),
        },
    )
    reason = LimitedTextField(
        limit=REASON_MAX,
        label=_("Why?"),
        required=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the case changes hands, in a few words")},
    )

    def __init__(self, *args, advocates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["advocate"].choose_from(advocates)


class MergeForm(GovukFormMixin, forms.Form):
    """Join two requests of the same person: which one goes on, and why. Carries the version of
    each case the page showed, so a change made meanwhile is caught."""

    keep = forms.ChoiceField(
        label=_("Which request goes on?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the request that goes on"),
            "invalid_choice": _("Choose one of the two requests"),
        },
    )
    reason = LimitedTextField(
        limit=REASON_MAX,
        label=_("Why are they the same person?"),
        required=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why these requests are the same person's, in a few words")},
    )
    case_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    other_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = choices


class TransferForm(GovukFormMixin, forms.Form):
    """Pass a case to the society of the country the client lives in now."""

    country = forms.ChoiceField(
        label=_("Which country does the client live in now?"),
        error_messages={
            "required": _("Choose the country the client lives in now"),
            "invalid_choice": _("Choose one of the countries listed"),
        },
    )
    region = forms.ChoiceField(
        label=_("Region (if you know it)"),
        required=False,
        error_messages={"invalid_choice": _("Choose a region of the country you chose, or leave it as not known")},
    )
    reason = LimitedTextField(
        limit=REASON_MAX,
        label=_("Why?"),
        required=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the case is passed on, in a few words")},
    )

    def __init__(self, *args, countries: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Choose a country")), *countries]
        self.fields["region"].choices = [
            ("", _("Not known")),
            *((str(name), list(REGION_CHOICES.get(code, []))) for code, name in countries if REGION_CHOICES.get(code)),
        ]

    def clean(self):
        data = super().clean()
        country, region = data.get("country"), data.get("region")
        if country and region and not region.startswith(f"{country}-"):
            self.add_error("region", _("Choose a region of the country you chose, or leave it as not known"))
        return data


class MetricsRangeForm(GovukFormMixin, forms.Form):
    """The dates the metrics count (in the URL, GET): the last twelve months unless chosen. The
    site admin also chooses one organisation, or every organisation side by side."""

    start = DateField(label=_("From"), help_text=_("For example, 1 3 2026"), required=False)
    end = DateField(label=_("To"), help_text=_("For example, 28 2 2027"), required=False)
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)

    def __init__(self, *args, today: datetime.date, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        default = default_metrics_range(today)
        self.fields["start"].initial, self.fields["end"].initial = default.start, default.end
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].choices = [
                ("", _("Every organisation, side by side")),
                *((str(o.pk), o.name) for o in organisations),
            ]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if bool(start) != bool(end) and not self.errors:
            missing = "end" if start else "start"
            self.add_error(missing, _("Enter both dates, or neither for the last twelve months"))
        if start and end:
            if start > end:
                self.add_error("end", _("The end date must be the same as or after the start date"))
            elif end > self.today:
                self.add_error("end", _("The end date must be today or in the past"))
            elif (end - start).days >= MAX_RANGE_DAYS:
                self.add_error("start", _("Choose dates no more than 3 years apart"))
        return data

    def presets(self) -> list[tuple[str, str]]:
        """Ready-made ranges, as links: (label, query string)."""
        today = self.today
        ranges = [
            (_("the last 4 weeks"), today - datetime.timedelta(days=27)),
            (_("the last 3 months"), today - datetime.timedelta(days=90)),
            (_("the last 12 months"), today - datetime.timedelta(days=364)),
            (_("this year so far"), today.replace(month=1, day=1)),
        ]
        chosen = self.organisation_id() if "organisation" in self.fields else None
        links = []
        for label, start in ranges:
            query = {
                "start_day": start.day, "start_month": start.month, "start_year": start.year,
                "end_day": today.day, "end_month": today.month, "end_year": today.year,
            }  # fmt: skip
            if chosen:
                query["organisation"] = str(chosen)
            links.append((label, urlencode(query)))
        return links

    def metrics_range(self) -> MetricsRange:
        """The chosen dates, or the last twelve months when the form is not (validly) filled in."""
        if self.is_bound and self.is_valid() and self.cleaned_data.get("start"):
            return MetricsRange(self.cleaned_data["start"], self.cleaned_data["end"])
        return default_metrics_range(self.today)

    def organisation_id(self) -> uuid.UUID | None:
        if "organisation" not in self.fields or not (self.is_bound and self.is_valid()):
            return None
        chosen = self.cleaned_data.get("organisation")
        return uuid.UUID(chosen) if chosen else None


def default_metrics_range(today: datetime.date) -> MetricsRange:
    """The last twelve months, today included."""
    return MetricsRange(today - datetime.timedelta(days=364), today)
