"""The case page's repeated markup (``templates/cases/staff/case_detail.html``), written in Python:
its timeline, notes, messages and the rows of its needs assessment.

Each is a list of items with a handful of values, dates and words; as template loops with includes
they were half of the page's time. What each event says stays in its template partial
(``templates/cases/events/staff.html``), rendered here. Here each item is one string with the markup the template
wrote (the accessibility checks read it), every value from the database escaped, the words
translated once a page with the same messages to translate. ``cases/queue_html.py`` and
``cases/caseload_html.py`` do the same for the queue and My cases.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from django.template.loader import get_template
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from patientportal.templatetags.dates import date

from .choices import EventKind, InteractionOutcome, NeedLevel, choice_label
from .models import AssessmentRating, Case, CaseEvent, Message, Note
from .selectors.staff import AssessmentComparison

#: A stand-in for an id in the links items have, reversed once a page.
_ID = "00000000-0000-0000-0000-000000000000"
_NOTE_ID = "999999999"

_NOTE = (
    '<li class="pp-result">\n'
    '      <p class="govuk-body-s pp-message__meta"><strong>{author}</strong>, <time datetime="{iso}">{when}</time>'
    " \N{EN DASH} {shared}</p>\n"
    '      <p class="govuk-body pp-preserve-lines">{body}</p>\n'
    "      {change}\n"
    "    </li>"
)
_CHANGE_NOTE = (
    '<p class="govuk-body"><a class="govuk-link" href="{url}">{change}'
    '<span class="govuk-visually-hidden"> {the_note}</span></a></p>'
)
_MESSAGE = (
    '\n          <li class="pp-message{mine}{unread}">\n'
    '            <p class="govuk-body-s pp-message__meta"><strong>{sender}</strong>, '
    '<time datetime="{iso}">{when}</time>{new}</p>\n'
    '            <p class="govuk-body pp-preserve-lines">{body}</p>\n'
    "          </li>\n"
)
_EVENT = (
    '\n        <li class="pp-timeline__item">\n'
    '          <h3 class="govuk-heading-s pp-timeline__title">{title}</h3>\n'
    '          <p class="govuk-body-s pp-timeline__date"><time datetime="{iso}">{when}</time>{merged}{seen}</p>\n'
    "          {reason}\n"
    "        </li>\n"
)
_RATING_ROW = (
    '\n      <tr class="govuk-table__row">\n'
    '        <th scope="row" class="govuk-table__header">{area}</th>\n'
    "        {first}\n"
    '        <td class="govuk-table__cell" data-label="{latest_label}">{latest}</td>\n'
    "      </tr>\n"
)
_NOTE_CLASS = ' class="govuk-body-s pp-preserve-lines govuk-!-margin-top-1 govuk-!-margin-bottom-0"'
_RATING_COLOURS = {NeedLevel.URGENT: " govuk-tag--red", NeedLevel.SOME: " govuk-tag--yellow"}


def _when(moment) -> tuple[str, str]:
    """A moment as the ``datetime`` attribute and as people read it, in the current time zone."""
    local = template_localtime(moment)
    return escape(date(local, "c")), escape(date(local, "DATETIME_FORMAT"))


def notes_html(notes: Iterable[Note], *, case: Case, can_work: bool) -> SafeString:
    """The list items of a page of notes: who wrote each and when, whether the client sees it,
    what it says, and (for who may work on the case) the link to change it."""
    # The words outside the f-strings below: makemessages does not look inside an f-string.
    shared_words, staff_only_words = escape(_("Shared with the client")), escape(_("Staff only"))
    shared = f'<strong class="govuk-tag govuk-tag--blue">{shared_words}</strong>'
    staff_only = f'<strong class="govuk-tag govuk-tag--grey">{staff_only_words}</strong>'
    change, the_note_of = escape(_("Change")), escape(_("the note of %(when)s"))
    edit_url = reverse("case_note_edit", args=[case.pk, _NOTE_ID])
    html = []
    for note in notes:
        iso, when = _when(note.created_at)
        html.append(
            _NOTE.format(
                author=escape(note.author.get_full_name()),
                iso=iso,
                when=when,
                shared=shared if note.shared_with_client else staff_only,
                body=escape(note.body),
                change=_CHANGE_NOTE.format(
                    url=edit_url.replace(_NOTE_ID, str(note.pk)), change=change, the_note=the_note_of % {"when": when}
                )
                if can_work
                else "",
            )
        )
    return mark_safe("".join(html))  # every value from the database is escaped above


def messages_html(messages: Iterable[Message], *, case: Case, unread: set) -> SafeString:
    """The list items of a page of the conversation: the client's messages, and staff's marked as
    "mine"; the unread ones marked new."""
    new_words = escape(pgettext("an unread message", "new"))
    new = f" \N{EN DASH} <strong>{new_words}</strong>"
    html = []
    for message in messages:
        iso, when = _when(message.created_at)
        is_unread = message.pk in unread
        html.append(
            _MESSAGE.format(
                mine=" pp-message--mine" if message.sender_id != case.applicant_id else "",
                unread=" pp-message--unread" if is_unread else "",
                sender=escape(message.sender.get_full_name()),
                iso=iso,
                when=when,
                new=new if is_unread else "",
                body=escape(message.body),
            )
        )
    return mark_safe("".join(html))  # every value from the database is escaped above


def _rating(rating: AssessmentRating | None, not_talked_about: str) -> str:
    if rating is None:
        return f'<span class="govuk-body-s">{not_talked_about}</span>'
    colour = _RATING_COLOURS.get(rating.level, " govuk-tag--grey")
    note = f"<p{_NOTE_CLASS}>{escape(rating.note)}</p>" if rating.note else ""
    return f'<strong class="govuk-tag{colour}">{escape(choice_label(rating.level, "need_level"))}</strong>{note}'


def assessment_rows_html(comparison: AssessmentComparison, *, first_label: str, latest_label: str) -> SafeString:
    """The table rows of the needs assessment: each area with its rating in the first assessment
    (when there are two to compare) and in the latest. ``first_label`` and ``latest_label`` are
    the columns' names, as the template words them, which label each rating on a narrow screen
    (``data-label``: the table stacks)."""
    not_talked_about = escape(_("Not talked about"))
    first_label, latest_label = conditional_escape(first_label), conditional_escape(latest_label)
    first_cell = '<td class="govuk-table__cell" data-label="{label}">{rating}</td>'
    html = []
    for domain, first, latest in comparison.rows:
        html.append(
            _RATING_ROW.format(
                area=escape(str(domain.label)),
                first=first_cell.format(label=first_label, rating=_rating(first, not_talked_about))
                if comparison.compared
                else "",
                latest_label=latest_label,
                latest=_rating(latest, not_talked_about),
            )
        )
    return mark_safe("".join(html))  # every value from the database is escaped above


def partial_name(event: CaseEvent) -> str:
    """The partial for an event is named after its kind; a status change after the status it
    moved to, a logged contact after whether someone was reached."""
    if event.kind == EventKind.STATUS_CHANGED:
        return f"{event.kind}_{event.to_status}"
    if event.kind == EventKind.CONTACT_LOGGED:
        reached = event.payload.get("outcome") == InteractionOutcome.REACHED
        return f"{event.kind}_{'reached' if reached else 'tried'}"
    return event.kind


def timeline_html(events: Iterable[CaseEvent]) -> SafeString:
    """The list items of a page of the timeline, for staff: what happened (the event's partial),
    when, from which joined case, whether the client sees it, and the reason given."""
    partials: dict[str, Any] = {}
    sees_too = " \N{EN DASH} " + escape(_("the client sees this too"))
    sees_there = " \N{EN DASH} " + escape(_("the client sees this on that request"))
    html = []
    for event in events:
        name = partial_name(event)
        if name not in partials:
            partials[name] = get_template(f"cases/events/staff.html#{name}")
        iso, when = _when(event.at)
        merged = ""
        if event.merged_from:
            joined = event.merged_from.merged_at
            words = _("from %(reference)s, joined on %(date)s") % {
                "reference": event.merged_from.reference,
                "date": date(template_localtime(joined), "DATE_FORMAT") if joined else "",
            }
            merged = f" \N{EN DASH} <strong>{escape(words)}</strong>"
        reason = event.payload.get("reason") if isinstance(event.payload, dict) else None
        html.append(
            _EVENT.format(
                title=partials[name].render({"event": event}),
                iso=iso,
                when=when,
                merged=merged,
                seen=(sees_there if event.merged_from else sees_too) if event.visible_to_client else "",
                reason=f'<p class="govuk-body pp-preserve-lines">{escape(str(reason))}</p>' if reason else "",
            )
        )
    return mark_safe("".join(html))  # partials escape as templates do; every other value is escaped here
