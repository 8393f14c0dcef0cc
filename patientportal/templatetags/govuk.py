"""Template helpers for GOV.UK Frontend markup."""

from django import template
from django.forms import BoundField

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
    """Render the field's widget with GOV.UK classes, hint/error ids and error styling."""
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
