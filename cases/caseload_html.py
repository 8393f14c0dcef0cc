"""The rows of My cases (``templates/cases/staff/caseload.html`` and the advocate's start page),
written in Python.

A page of My cases is twenty cases, each with some thirty values, words and conditions: as a
template included per case, that was a third of the page's time. Here each case is one string with
the same markup (the accessibility checks and the URL walker read it), every value from the
database escaped, the words translated once a page, with the same messages to translate as the
template had. ``cases/queue_html.py`` does the same for the queue.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from patientportal.templatetags.dates import date
from resources.taxonomy import category_name

from .choices import choice_label
from .selectors.staff import FIRST_CONTACT, OVERDUE, CaseloadRow

#: One case: what it is, its flags, what to do next and where it stands. ``{w[...]}``: the words
#: (``_words``); every other value is escaped or HTML made here.
_ROW = (
    '\n<li class="pp-result">\n'
    '  <h3 class="govuk-heading-m pp-result__title"><a class="govuk-link" href="{url}">{reference}'
    '<span class="govuk-visually-hidden">,</span> {client_name}</a></h3>\n'
    "  {flags}\n"
    '  <dl class="govuk-summary-list govuk-summary-list--no-border">\n'
    '    <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{w[next_action]}</dt>'
    '<dd class="govuk-summary-list__value">{next_action}</dd></div>\n'
    '    <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{w[needs]}</dt>'
    '<dd class="govuk-summary-list__value">{needs}</dd></div>\n'
    '    <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{w[status]}</dt>'
    '<dd class="govuk-summary-list__value">{status}</dd></div>\n'
    '    <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{w[last_contact]}</dt>'
    '<dd class="govuk-summary-list__value">{last_contact}</dd></div>\n'
    "  </dl>\n"
    "</li>\n"
)
_TAG = '<li><strong class="govuk-tag govuk-tag--{colour}">{text}</strong></li>'

#: A stand-in for a case's id in the link each row has, reversed once a page.
_ID = "00000000-0000-0000-0000-000000000000"


def _words(waiting_days: int) -> dict[str, str]:
    return {
        "next_action": _("Next action"),
        "needs": _("Needs"),
        "status": _("Status"),
        "last_contact": _("Last contact"),
        "none_recorded": _("None recorded"),
        "nothing_planned": _("Nothing planned"),
        "none_yet": _("None yet"),
        "urgent": _("Urgent"),
        "overdue": _("Follow-up overdue"),
        "at_risk": _("First-contact target at risk"),
        "unread": _("Unread message"),
        "waiting_too_long": ngettext(
            "Waiting on the client more than %(days)s day",
            "Waiting on the client more than %(days)s days",
            waiting_days,
        )
        % {"days": waiting_days},
    }


def _flags(case: CaseloadRow, w: dict[str, str]) -> str:
    tags = [
        _TAG.format(colour=colour, text=w[word])
        for shown, colour, word in (
            (case.is_urgent, "red", "urgent"),
            (case.urgency == OVERDUE, "red", "overdue"),
            (case.at_risk, "orange", "at_risk"),
            (case.waiting_too_long, "yellow", "waiting_too_long"),
            (case.has_unread, "blue", "unread"),
        )
        if shown
    ]
    return f'<ul class="govuk-list pp-tags">{"".join(tags)}</ul>' if tags else ""


def _next_action(case: CaseloadRow, w: dict[str, str]) -> str:
    if case.urgency == FIRST_CONTACT:
        return escape(_("First contact by %(date)s") % {"date": date(case.first_contact_due, "WEEKDAY_DATE_FORMAT")})
    if case.next_follow_up_at:
        when = date(template_localtime(case.next_follow_up_at), "WEEKDAY_DATETIME_FORMAT")
        return f"{escape(case.next_follow_up_summary or '')}, {escape(when)}"
    return w["nothing_planned"]


def caseload_rows_html(cases: Iterable[CaseloadRow], *, waiting_days: int) -> SafeString:
    """The list items of a page of My cases (``selectors.caseload_for_user``), in its order."""
    w = {key: escape(value) for key, value in _words(waiting_days).items()}
    url = reverse("case_detail", args=[_ID])
    html = []
    for case in cases:
        last_contact = w["none_yet"]
        if case.last_contact_at:
            at = template_localtime(case.last_contact_at)
            last_contact = f'<time datetime="{escape(date(at, "c"))}">{escape(date(at, "DATE_FORMAT"))}</time>'
        html.append(
            _ROW.format(
                w=w,
                url=url.replace(_ID, escape(str(case.pk))),
                reference=escape(case.reference),
                client_name=escape(str(case.client_name or "")),
                flags=_flags(case, w),
                next_action=_next_action(case, w),
                needs=", ".join(escape(category_name(code)) for code in case.need_categories) or w["none_recorded"],
                status=escape(choice_label(case.status, "case_status")),
                last_contact=last_contact,
            )
        )
    return mark_safe("".join(html))  # every value from the database is escaped above
