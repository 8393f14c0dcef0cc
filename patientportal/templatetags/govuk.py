"""Template helpers for GOV.UK Frontend markup."""

from django import template
from django.forms import BoundField
from django.utils import formats
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

register = template.Library()

_CLASSES = {
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "selectmultiple": "govuk-select",
    "checkbox": "govuk-checkboxes__input",
    "clearablefile": "govuk-file-upload",
    "file": "govuk-file-upload",
}


def describedby_ids(field: BoundField) -> list[str]:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return ids


@register.filter
def govuk_widget(field: BoundField):
    """Render the field's widget with GOV.UK classes, hint/error ids and error styling; never with
    a placeholder (allauth's forms set them): text inside a box disappears as people type, is hard
    to read and is taken for an answer. The label and hint say what to enter."""
    field.field.widget.attrs.pop("placeholder", None)  # this form's own copy of the field
    widget_type = field.widget_type
    css = _CLASSES.get(widget_type, "govuk-input")
    attrs = {"class": " ".join(filter(None, [css, field.field.widget.attrs.get("class", "")]))}
    if field.errors:
        attrs["class"] += f" {css}--error"
        attrs["aria-invalid"] = "true"
    ids = describedby_ids(field)
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    return field.as_widget(attrs=attrs)


@register.filter
def govuk_describedby(field: BoundField) -> str:
    return " ".join(describedby_ids(field))


@register.simple_tag(takes_context=True)
def nav_current(context, url_name: str) -> str:
    """'page' when the current page belongs to this navigation item, for aria-current."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    if match.view_name == url_name:
        return "page"
    return ""


@register.filter
def is_list(value: object) -> bool:
    """Whether a value is several answers (shown as a list)."""
    return isinstance(value, (list, tuple))


@register.filter
def delivery_name(code: str) -> str:
    from resources.taxonomy import delivery_name as name

    return name(code)


@register.filter
def category_name(code: str) -> str:
    from resources.taxonomy import category_name as name

    return name(code)


_WEEKDAYS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}


@register.filter
def weekdays(byday: str) -> str:
    """``MO,TU,WE`` -> "Monday to Wednesday"; ``MO,WE`` -> "Monday, Wednesday" (translated)."""
    from django.utils.dates import WEEKDAYS
    from django.utils.translation import gettext

    days = sorted({_WEEKDAYS[d] for d in (part.strip() for part in (byday or "").split(",")) if d in _WEEKDAYS})
    if not days:
        return ""
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return gettext("%(first)s to %(last)s") % {"first": WEEKDAYS[days[0]], "last": WEEKDAYS[days[-1]]}
    return ", ".join(str(WEEKDAYS[d]) for d in days)


@register.filter
def language_name(code: str) -> str:
    from patientportal.reference import LANGUAGE_CHOICES

    return str(dict(LANGUAGE_CHOICES).get(code, code))


@register.filter
def summary_value(value: object) -> SafeString:
    """A summary list's value for people: a list as a list, an empty answer as "None", text with
    its line breaks kept. The same markup on every page that shows answers; written here rather
    than as an included template, which costs more than the rest of a row to render."""
    if isinstance(value, (list, tuple)):
        if not value:
            return conditional_escape(gettext("None"))
        items = "".join(format_html("<li>{}</li>", _shown(item)) for item in value)
        return mark_safe(f'<ul class="govuk-list govuk-!-margin-bottom-0">{items}</ul>')  # items escaped above
    if value is None or value == "":
        return conditional_escape(gettext("None"))
    return format_html('<span class="pp-preserve-lines">{}</span>', _shown(value))


def _shown(value: object) -> object:
    """A value as ``{{ value }}`` prints it: in the current time zone, localized."""
    return formats.localize(template_localtime(value))
