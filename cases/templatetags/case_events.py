"""Template helpers for the case timeline: labels for the codes an event's payload holds."""

from __future__ import annotations

from django import template

from patientportal.text import in_sentence
from resources.taxonomy import category_name

from ..case_html import assessment_rows_html, messages_html, notes_html, partial_name, timeline_html
from ..caseload_html import caseload_rows_html
from ..choices import choice_label
from ..permissions import CASES

register = template.Library()


@register.filter
def category_label(code: str) -> str:
    return category_name(code)


@register.filter
def category_list(codes) -> str:
    """``["housing", "transport"]`` -> "housing, transport": the needs' labels, in a sentence."""
    return ", ".join(in_sentence(category_name(code)) for code in codes or [])


@register.filter
def label(code: str, choices: str) -> str:
    """``{{ event.payload.to|label:"need_status" }}``: the translated label of a stored code."""
    return choice_label(code, choices)


@register.simple_tag
def event_template(audience: str, event) -> str:
    """The template and partial that word ``event`` for ``audience`` ("client" or "staff")."""
    return f"cases/events/{audience}.html#{partial_name(event)}"


@register.simple_tag(takes_context=True)
def may(context, action: str, case) -> bool:
    """``{% may "client_change" case as can_change %}``: the access policy, asked by a template."""
    return CASES.allows(context["request"].user, action, case)


@register.simple_tag
def caseload_rows(cases, waiting_days: int) -> str:
    """``{% caseload_rows caseload.page waiting_days %}``: the list items of My cases
    (``cases/caseload_html.py``)."""
    return caseload_rows_html(cases, waiting_days=waiting_days)


@register.simple_tag
def case_notes(notes, case, can_work: bool) -> str:
    """``{% case_notes record.notes case can_work %}``: a page of notes (``cases/case_html.py``)."""
    return notes_html(notes, case=case, can_work=can_work)


@register.simple_tag
def case_messages(messages, case, unread) -> str:
    """``{% case_messages record.messages case unread %}``: a page of the conversation."""
    return messages_html(messages, case=case, unread=unread)


@register.simple_tag
def assessment_rows(comparison, first_label, latest_label) -> str:
    """``{% assessment_rows comparison first_label latest_label %}``: each area's first and latest
    rating, labelled with the columns' names for narrow screens."""
    return assessment_rows_html(comparison, first_label=first_label, latest_label=latest_label)


@register.simple_tag
def case_timeline(events) -> str:
    """``{% case_timeline record.timeline %}``: a page of the case's timeline, for staff."""
    return timeline_html(events)
