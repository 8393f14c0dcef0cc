"""Template helpers for a request's answers, worded as on "check your answers" (``cases.request_flow``)."""

from __future__ import annotations

from django import template

from patientportal.regions import region_label

from .. import request_flow
from ..models import ContactAnswers, RequestAnswers

register = template.Library()


@register.simple_tag
def answer_rows(answers: RequestAnswers) -> list[tuple[object, object]]:
    """``{% answer_rows case.intake as rows %}``: (label, value) for every answer given."""
    return [(label, value) for _step, label, value in request_flow.summary_rows(answers)]


@register.simple_tag
def contact_rows(preferences: ContactAnswers) -> list[tuple[object, object]]:
    """``{% contact_rows version as rows %}``: (label, value) for contact preferences."""
    return request_flow.contact_summary_rows(preferences)


@register.filter
def region_name(code: str) -> str:
    return region_label(code)
