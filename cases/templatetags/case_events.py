"""Template helpers for the case timeline: labels for the codes an event's payload holds."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

from resources.taxonomy import category_name

from ..choices import (
    CaseOutcome,
    CaseStatus,
    EventKind,
    InteractionChannel,
    InteractionOutcome,
    NeedLevel,
    NeedStatus,
    ReferralFeedback,
    ReferralOutcome,
)
from ..permissions import CASES

register = template.Library()

#: Stored code -> label, per kind. Faster than a model's ``get_FOO_display()`` in a loop, which
#: builds a dictionary of every choice (hashing each lazily translated label) at each call.
_LABELS = {
    "case_status": dict(CaseStatus.choices),
    "need_level": dict(NeedLevel.choices),
    "need_status": dict(NeedStatus.choices),
    "channel": dict(InteractionChannel.choices),
    "contact_outcome": dict(InteractionOutcome.choices),
    "case_outcome": dict(CaseOutcome.choices),
    "feedback": dict(ReferralFeedback.choices),
    "referral_outcome": dict(ReferralOutcome.choices),
}


@register.filter
def category_label(code: str) -> str:
    return category_name(code)


@register.filter
def label(code: str, choices: str) -> str:
    """``{{ event.payload.to|label:"need_status" }}``: the translated label of a stored code."""
    return str(_LABELS[choices].get(code, code))


def partial_name(event) -> str:
    """The partial for an event is named after its kind; a status change after the status it
    moved to, a logged contact after whether someone was reached."""
    if event.kind == EventKind.STATUS_CHANGED:
        return f"{event.kind}_{event.to_status}"
    if event.kind == EventKind.CONTACT_LOGGED:
        reached = event.payload.get("outcome") == InteractionOutcome.REACHED
        return f"{event.kind}_{'reached' if reached else 'tried'}"
    return event.kind


@register.simple_tag
def event_template(audience: str, event) -> str:
    """The template and partial that word ``event`` for ``audience`` ("client" or "staff")."""
    return f"cases/events/{audience}.html#{partial_name(event)}"


@register.simple_tag(takes_context=True)
def may(context, action: str, case) -> bool:
    """``{% may "client_change" case as can_change %}``: the access policy, asked by a template."""
    return CASES.allows(context["request"].user, action, case)


@register.simple_tag
def caseload_words() -> dict[str, str]:
    """``{% caseload_words as words %}``: the words every row of My cases repeats, translated
    once for the page rather than once per row (``cases/staff/caseload_row.html``)."""
    return {
        "next_action": gettext("Next action"),
        "needs": gettext("Needs"),
        "status": gettext("Status"),
        "last_contact": gettext("Last contact"),
        "none_recorded": gettext("None recorded"),
        "nothing_planned": gettext("Nothing planned"),
        "none_yet": gettext("None yet"),
        "urgent": gettext("Urgent"),
        "overdue": gettext("Follow-up overdue"),
        "at_risk": gettext("First-contact target at risk"),
        "unread": gettext("Unread message"),
    }
