"""The queue's repeated markup (``templates/cases/supervisor/queue.html``), written in Python.

A page of the queue is twenty requests, each with some forty values, words and conditions, and a
choice of the team's advocates (a hundred, in a large society): as templates, a row included per
request and an option per advocate, that was a third of the page's time. Here each is one string
with the markup the templates wrote (the accessibility checks and the URL walker read it), every
value from the database escaped, the words translated once a page: the same messages to translate
as the templates had. Why a request looks like a duplicate is still the template that the joining
page shows too (``duplicate_reason.html``).
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django.forms import BoundField
from django.template.loader import get_template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from patientportal.reference import COUNTRY_CHOICES
from patientportal.regions import region_label
from patientportal.templatetags.dates import date
from resources.taxonomy import category_name

from .selectors.duplicates import PossibleDuplicate
from .selectors.supervisor import QueueRow

#: One request: a checkbox to assign it with others, what it is, how long it has waited, its
#: deadline. ``{w[...]}``: the words (``_words``); every other value is escaped or HTML made here.
_ROW = (
    '\n<li class="pp-result">\n'
    '  <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">\n'
    '    <div class="govuk-checkboxes__item">\n'
    '      <input class="govuk-checkboxes__input" id="id_cases_{index}" name="cases" type="checkbox"'
    ' value="{pk}"{checked}>\n'
    '      <label class="govuk-label govuk-checkboxes__label" for="id_cases_{index}">'
    '<span class="govuk-visually-hidden">{w[select]} </span>{reference}</label>\n'
    "    </div>\n"
    "  </div>\n"
    '  <h3 class="govuk-heading-m pp-result__title"><a class="govuk-link" href="{assign_url}">{reference}'
    '<span class="govuk-visually-hidden">,</span> {client_name}'
    '<span class="govuk-visually-hidden">: {w[choose]}</span></a></h3>\n'
    "  \n"
    "  {flags}\n"
    "  {why}\n"
    "  \n"
    '  <dl class="govuk-summary-list govuk-summary-list--no-border">\n'
    '    <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{w[needs]}</dt>'
    '<dd class="govuk-summary-list__value">{needs}</dd></div>\n'
    '    <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{w[where]}</dt>'
    '<dd class="govuk-summary-list__value">{where}</dd></div>\n'
    '    <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{w[language]}</dt>'
    '<dd class="govuk-summary-list__value">{language}</dd></div>\n'
    '    <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{w[waiting]}</dt>'
    '<dd class="govuk-summary-list__value">{waiting} (<time datetime="{submitted_iso}">{submitted}</time>)</dd></div>\n'
    '    <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{w[first_contact]}</dt>'
    '<dd class="govuk-summary-list__value">{deadline}</dd></div>\n'
    "  </dl>\n"
    "</li>\n"
)
#: Its flags, when it has any: urgent, the deadline past or near, a possible duplicate.
_FLAGS = '\n  <ul class="govuk-list pp-tags">\n    {urgent}\n    {deadline}\n    {duplicate}\n  </ul>\n  '
_TAG = '<li><strong class="govuk-tag govuk-tag--{colour}">{text}</strong></li>'
#: Why it looks like a duplicate, with the way to compare and join them.
_WHY = (
    '<p class="govuk-body">{reason}. <a class="govuk-link" href="{merge_url}">{w[compare]}'
    '<span class="govuk-visually-hidden"> ({reference})</span></a></p>'
)

#: A stand-in for a case's id in the links each row has, reversed once a page.
_ID = "00000000-0000-0000-0000-000000000000"


def _words() -> dict[str, str]:
    """The words every row has, translated once a page (trusted, as a template's own words are)."""
    return {
        "select": _("Select"),
        "choose": _("choose an advocate"),
        "urgent": _("Urgent"),
        "overdue": _("Past the first-contact target"),
        "at_risk": _("First contact due by the next working day"),
        "duplicate": _("Possible duplicate"),
        "compare": _("Compare and join them"),
        "needs": _("Needs"),
        "none_given": _("None given"),
        "where": _("Where"),
        "language": _("Language"),
        "not_given": _("Not given"),
        "waiting": _("Waiting"),
        "first_contact": _("First contact"),
    }


def _deadline(row: QueueRow) -> str:
    """When first contact is due, and how much of the target is left (or past): one sentence each,
    so that a translation may order it as its language does."""
    due = escape(date(row.first_contact_due, "WEEKDAY_DATE_FORMAT"))
    if row.days_left is None:
        return _("Due by %(date)s") % {"date": due}
    if row.days_left > 0:
        left = ngettext(
            "Due by %(date)s: %(counter)s working day left",
            "Due by %(date)s: %(counter)s working days left",
            row.days_left,
        )
        return left % {"date": due, "counter": row.days_left}
    if row.days_left == 0:
        return _("Due by %(date)s: due today") % {"date": due}
    past = ngettext(
        "Due by %(date)s: %(counter)s working day past", "Due by %(date)s: %(counter)s working days past", row.days_past
    )
    return past % {"date": due, "counter": row.days_past}


def _flags(row: QueueRow, duplicate: PossibleDuplicate | None, w: dict[str, str]) -> str:
    if not (row.is_urgent or row.overdue or row.at_risk or duplicate):
        return ""
    if row.overdue:
        deadline = _TAG.format(colour="red", text=w["overdue"])
    elif row.at_risk:
        deadline = _TAG.format(colour="orange", text=w["at_risk"])
    else:
        deadline = ""
    return _FLAGS.format(
        urgent=_TAG.format(colour="red", text=w["urgent"]) if row.is_urgent else "",
        deadline=deadline,
        duplicate=_TAG.format(colour="purple", text=w["duplicate"]) if duplicate else "",
    )


def queue_rows_html(rows: Iterable[QueueRow], *, chosen: set[str]) -> SafeString:
    """The list items of a page of the queue: each request with a checkbox (ticked if its id is
    in ``chosen``), a link to choose its advocate, its flags, and what it is."""
    w = _words()
    countries = dict(COUNTRY_CHOICES)
    reason = get_template("cases/supervisor/duplicate_reason.html")
    assign_url = reverse("queue_assign", args=[_ID])
    merge_url = reverse("case_merge", args=[_ID])
    html = []
    for index, row in enumerate(rows):
        case_id = str(row.pk)
        pk = escape(case_id)
        reference = escape(row.reference)
        duplicate = row.duplicate
        submitted_at = template_localtime(row.submitted_at)
        html.append(
            _ROW.format(
                w=w,
                index=index,
                pk=pk,
                checked=" checked" if case_id in chosen else "",
                reference=reference,
                assign_url=assign_url.replace(_ID, pk),
                client_name=escape(str(row.client_name)),
                flags=_flags(row, duplicate, w),
                why=_WHY.format(
                    w=w,
                    reason=reason.render({"duplicate": duplicate}),
                    merge_url=merge_url.replace(_ID, pk),
                    reference=reference,
                )
                if duplicate
                else "",
                needs=", ".join(escape(category_name(code)) for code in row.need_categories) or w["none_given"],
                where=escape(str(region_label(row.region) if row.region else countries.get(row.country, row.country))),
                language=escape(row.language_name) or w["not_given"],
                waiting=escape(timesince(row.submitted_at)),
                submitted_iso=escape(date(submitted_at, "c")),
                submitted=escape(date(submitted_at, "DATETIME_FORMAT")),
                deadline=_deadline(row),
            )
        )
    return mark_safe("".join(html))  # every value from the database is escaped above


def advocate_options_html(field: BoundField) -> SafeString:
    """The options of the advocate to give the ticked requests to (``AssignManyForm``), the one
    chosen selected."""
    picked = str(field.value())
    options = []
    for value, label in field.field.choices:
        value = str(value)
        selected = " selected" if value == picked else ""
        options.append(f'<option value="{escape(value)}"{selected}>{escape(str(label))}</option>')
    return mark_safe("".join(options))  # every value and name is escaped
