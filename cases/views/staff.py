"""The staff side of cases: an advocate's caseload, and the case record."""

from __future__ import annotations

import functools
import uuid
from dataclasses import replace
from types import SimpleNamespace

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts import permissions
from patientportal.access import require
from patientportal.audit import record_access
from patientportal.errors import InvalidInput, InvalidState
from resources import selectors as resource_selectors
from resources.forms import SearchForm
from resources.selectors import SearchFilters

from .. import selectors, services
from ..choices import CaseAction
from ..models import FollowUp, Need, Note, Referral
from ..permissions import CASES
from ..services import StaleEdit
from ..staff_forms import (
    AssessmentForm,
    CaseloadFilterForm,
    ContactLogForm,
    FollowUpForm,
    NeedForm,
    NewNeedForm,
    NoteForm,
    ReferralForm,
    ReferralOutcomeForm,
    RescheduleForm,
    StaffMessageForm,
    StatusForm,
)


@require(permissions.can_view_caseload)
def caseload(request):
    """My cases: the advocate's open cases, what needs doing next first."""
    form = CaseloadFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()  # a filter with an error is left out, with its message; the others apply
    filters = form.to_filters()
    result = selectors.caseload_for_user(user=request.user, filters=filters, page_number=request.GET.get("page", 1))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "caseload": result,
        "query_string": query.urlencode(),
        "waiting_days": settings.CASE_WAITING_ON_CLIENT_ALERT_DAYS,
    }
    return render(request, "cases/staff/caseload.html", context)


@require(permissions.can_open_case_records)
def case_detail(request, case_id: uuid.UUID):
    """The case record: the client's summary, needs, follow-ups, referrals, messages, timeline."""
    try:
        record = selectors.case_record_for_user(
            user=request.user,
            case_id=case_id,
            timeline_filter=request.GET.get("show", ""),
            timeline_page=request.GET.get("page", 1),
            messages_page=request.GET.get("messages", 1),
            notes_page=request.GET.get("notes", 1),
        )
    except selectors.CaseMerged as merged:
        return _merged_case(request, merged.case)
    record_access(request=request, obj=record.case)
    unread = {m.pk for m in record.messages if m.read_at is None and m.sender_id == record.case.applicant_id}
    query = request.GET.copy()
    query.pop("messages", None)
    notes_query = request.GET.copy()
    notes_query.pop("notes", None)
    if unread and CASES.allows(request.user, CaseAction.RESPONSIBLE, record.case):
        services.messages_mark_read(case=record.case, reader=request.user)
    context = {
        "record": record,
        "case": record.case,
        "unread": unread,
        "has_caseload": permissions.can_view_caseload(request.user),
        "timeline_filters": TIMELINE_FILTER_LABELS,
        "timeline_query": f"show={record.timeline_filter}" if record.timeline_filter else "",
        "messages_query": query.urlencode(),
        "notes_query": notes_query.urlencode(),
        "moves": selectors.case_moves_for_user(user=request.user, case=record.case),
        "reply_fields": _reply_fields(translation.get_language()),
        "now": timezone.now(),
    }
    return render(request, "cases/staff/case_detail.html", context)


@functools.cache
def _reply_fields(language: str) -> str:
    """The case page's reply form, empty: the same on every case, so rendered once per language
    (and process). A reply with an error is shown on a page of its own (``case_message``)."""
    with translation.override(language):
        return StaffMessageForm().render()


def _merged_case(request, case):
    """A case joined into another: to the case that remains, where its history is now; or, for
    someone who may not open that one, a page saying what became of it."""
    record_access(request=request, obj=case)
    if CASES.filter(request.user, CaseAction.VIEW).filter(pk=case.merged_into_id).exists():
        return redirect(reverse("case_detail", kwargs={"case_id": case.merged_into_id}) + "#timeline")
    return render(request, "cases/staff/case_merged.html", {"case": case})


#: The timeline's filters, as the page offers them (``selectors.TIMELINE_FILTERS`` says what each shows).
TIMELINE_FILTER_LABELS = [
    ("contacts", _("Contacts and follow-ups")),
    ("messages", _("Messages")),
    ("status", _("Status and assignment")),
    ("needs", _("Needs and referrals")),
    ("notes", _("Notes")),
]


# --- the case record's actions ---------------------------------------------------------------


def _workable_case(request, case_id: uuid.UUID):
    """The case, if the user may see it (else 404) and work on it (else 403, or 409 when the
    case is in a state where it cannot be worked on)."""
    case = selectors.case_get_for_staff(user=request.user, case_id=case_id)
    CASES.check(request.user, CaseAction.WORK, case)
    return case


def _back_to(case, anchor: str) -> str:
    return reverse("case_detail", kwargs={"case_id": case.pk}) + f"#{anchor}"


def _action_page(request, case, form, *, title, button, anchor, status=200, now=None):
    context = {
        "case": case,
        "form": form,
        "title": title,
        "button": button,
        "back_url": _back_to(case, anchor),
        "now_values": now,
    }
    return render(request, "cases/staff/action_form.html", context, status=409 if now else status)


def _failed(form, exc) -> None:
    """A rule the service knows and the form does not: shown on the form, nothing saved."""
    form.add_error(None, exc.message if hasattr(exc, "message") else " ".join(exc.messages))


def _stale(request, form_class, exc: StaleEdit, **form_kwargs):
    """Someone changed the row meanwhile: the form again, with what the person typed, now based
    on the current version, the message, and what the row says now (``_now``)."""
    data = request.POST.copy()
    data["version"] = str(exc.current.version)
    form = form_class(data, **form_kwargs)
    form.is_valid()
    form.add_error(None, exc.message)
    return form, _now(exc.current)


def _now(row) -> list[tuple[str, str]]:
    """What a changed row says now, for the person whose change was refused."""
    if isinstance(row, Need):
        return [(_("Status"), row.get_status_display()), (_("Outcome"), row.outcome or _("None"))]
    if isinstance(row, FollowUp):
        due = date_format(timezone.localtime(row.due_at), "DATETIME_FORMAT")
        done = _("Yes") if row.completed_at else _("No")
        return [(_("What"), row.summary), (_("Due"), due), (_("Done"), done)]
    if isinstance(row, Note):
        return [(_("Note"), row.body), (_("Shared with the client"), _("Yes") if row.shared_with_client else _("No"))]
    if isinstance(row, Referral):
        return [(_("Outcome"), row.get_outcome_display() or _("Not recorded yet"))]
    return [(_("Status"), row.get_status_display())]


@require(permissions.can_work_on_cases)
def contact_log(request, case_id: uuid.UUID):
    case = _workable_case(request, case_id)
    form = ContactLogForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            interaction = services.interaction_log(
                case=case,
                actor=request.user,
                channel=data["channel"],
                occurred_at=form.occurred_at(),
                outcome=data["outcome"],
                duration_minutes=data["duration_minutes"],
                with_whom=data["with_whom"],
                summary=data["summary"],
            )
        except (InvalidInput, ValidationError) as exc:
            _failed(form, exc)
        else:
            if interaction.case.first_contact_at == interaction.occurred_at and not selectors.case_has_assessment(
                case=case
            ):
                messages.success(
                    request,
                    _(
                        "The contact is logged. This was the first contact: record the needs assessment now "
                        "if you went through it. The reassessment is planned for six weeks from it."
                    ),
                )
                return redirect(_back_to(case, "assessment"))
            messages.success(request, _("The contact is logged."))
            return redirect(_back_to(case, "timeline"))
    return _action_page(request, case, form, title=_("Log a contact"), button=_("Log the contact"), anchor="timeline")


@require(permissions.can_work_on_cases)
def follow_up_new(request, case_id: uuid.UUID):
    case = _workable_case(request, case_id)
    advocates = selectors.case_advocates(case=case)
    initial = {"owner": case.assigned_to_id or request.user.pk}
    form = FollowUpForm(request.POST or None, advocates=advocates, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.followup_schedule(
                case=case,
                actor=request.user,
                owner=data["owner"],
                due_at=form.due_at(),
                summary=data["summary"],
                is_client_contact=data["is_client_contact"],
            )
        except (InvalidInput, ValidationError) as exc:
            _failed(form, exc)
        else:
            messages.success(request, _("The follow-up is scheduled."))
            return redirect(_back_to(case, "follow-ups"))
    return _action_page(
        request, case, form, title=_("Schedule a follow-up"), button=_("Schedule it"), anchor="follow-ups"
    )


@require(permissions.can_work_on_cases)
def follow_up_reschedule(request, case_id: uuid.UUID, follow_up_id: int):
    case = _workable_case(request, case_id)
    follow_up = selectors.case_child_get(case=case, related="follow_ups", pk=follow_up_id)
    local = timezone.localtime(follow_up.due_at)
    initial = {"date": local.date(), "time": local.time(), "version": follow_up.version}
    form = RescheduleForm(request.POST or None, initial=initial)
    now = None
    if request.method == "POST" and form.is_valid():
        try:
            services.followup_reschedule(
                follow_up=follow_up, actor=request.user, due_at=form.due_at(), expected_version=form.seen_version
            )
        except StaleEdit as exc:
            form, now = _stale(request, RescheduleForm, exc)
        except (InvalidInput, InvalidState, ValidationError) as exc:
            _failed(form, exc)
        else:
            messages.success(request, _("The follow-up is moved."))
            return redirect(_back_to(case, "follow-ups"))
    title = _("Move “%(what)s”") % {"what": follow_up.summary}
    return _action_page(request, case, form, title=title, button=_("Move it"), anchor="follow-ups", now=now)


@require_POST
@require(permissions.can_work_on_cases)
def follow_up_done(request, case_id: uuid.UUID, follow_up_id: int):
    case = _workable_case(request, case_id)
    follow_up = selectors.case_child_get(case=case, related="follow_ups", pk=follow_up_id)
    seen = request.POST.get("version", "")
    services.followup_complete(
        follow_up=follow_up, actor=request.user, expected_version=int(seen) if seen.isdigit() else None
    )
    messages.success(request, _("Marked as done: %(what)s") % {"what": follow_up.summary})
    return redirect(_back_to(case, "follow-ups"))


@require(permissions.can_work_on_cases)
def case_status(request, case_id: uuid.UUID):
    case = selectors.case_get_for_staff(user=request.user, case_id=case_id)
    moves = selectors.case_moves_for_user(user=request.user, case=case)
    if not moves:
        raise InvalidState(_("You cannot change this case's status now."))
    form = StatusForm(request.POST or None, moves=moves, initial={"version": case.version})
    now = None
    seen = request.POST.get("version", "")
    if request.method == "POST" and seen.isdigit() and int(seen) != case.version:
        # The case moved on since the page was opened: the moves offered then may be gone now.
        form, now = _stale(request, StatusForm, StaleEdit(case), moves=moves)
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.case_transition(
                case=case,
                to=data["to"],
                actor=request.user,
                reason=data["reason"],
                outcome=data["outcome"],
                expected_version=form.seen_version,
            )
        except StaleEdit as exc:
            form, now = _stale(
                request, StatusForm, exc, moves=selectors.case_moves_for_user(user=request.user, case=exc.current)
            )
        except (InvalidInput, InvalidState) as exc:
            _failed(form, exc)
        else:
            messages.success(request, _("The case's status is changed."))
            return redirect(_back_to(case, "summary"))
    return _action_page(
        request, case, form, title=_("Change the status"), button=_("Change it"), anchor="summary", now=now
    )


@require(permissions.can_work_on_cases)
def need_new(request, case_id: uuid.UUID):
    case = _workable_case(request, case_id)
    form = NewNeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.need_add(
                case=case,
                actor=request.user,
                category=form.cleaned_data["category"],
                description=form.cleaned_data["description"],
            )
        except (InvalidInput, InvalidState, ValidationError) as exc:
            _failed(form, exc)
        else:
            messages.success(request, _("The need is added."))
            return redirect(_back_to(case, "needs"))
    return _action_page(request, case, form, title=_("Add a need"), button=_("Add it"), anchor="needs")


@require(permissions.can_work_on_cases)
def need_edit(request, case_id: uuid.UUID, need_id: int):
    case = _workable_case(request, case_id)
    need = selectors.case_child_get(case=case, related="needs", pk=need_id)
    initial = {"status": need.status, "outcome": need.outcome, "version": need.version}
    form = NeedForm(request.POST or None, initial=initial)
    now = None
    if request.method == "POST" and form.is_valid():
        try:
            services.need_update(
                need=need,
                actor=request.user,
                status=form.cleaned_data["status"],
                outcome=form.cleaned_data["outcome"],
                expected_version=form.seen_version,
            )
        except StaleEdit as exc:
            form, now = _stale(request, NeedForm, exc)
        except (InvalidInput, ValidationError) as exc:
            _failed(form, exc)
        else:
            messages.success(request, _("The need is updated."))
            return redirect(_back_to(case, "needs"))
    title = _("Update: %(need)s") % {"need": need.get_category_display()}
    return _action_page(request, case, form, title=title, button=_("Save"), anchor="needs", now=now)


@require_POST
@require(permissions.can_work_on_cases)
def case_message(request, case_id: uuid.UUID):
    case = _workable_case(request, case_id)
    form = StaffMessageForm(request.POST)
    if form.is_valid():
        try:
            services.message_send(case=case, sender=request.user, body=form.cleaned_data["body"])
        except (InvalidState, ValidationError) as exc:
            _failed(form, exc)
        else:
            messages.success(request, _("Your message is sent. The client is told by e-mail."))
            return redirect(_back_to(case, "messages"))
    return _action_page(
        request, case, form, title=_("Reply to the client"), button=_("Send message"), anchor="messages", status=400
    )


def _suggested_service(value: str):
    """The listed service a link names (``?service=<id>``), or None."""
    try:
        return resource_selectors.service_get_listed(service_id=uuid.UUID(value))
    except (ValueError, Http404):
        return None


@require(permissions.can_work_on_cases)
def referral_new(request, case_id: uuid.UUID):
    """Find a service in the directory (the same search as Find help, in the case's country),
    then refer the client to it for one of their needs."""
    case = _workable_case(request, case_id)
    search = SearchForm(request.GET or None)
    if search.is_bound:
        search.is_valid()  # a filter with an error is left out, with its message
    filters = search.to_filters() if search.is_bound else SearchFilters()
    filters = replace(filters, country=filters.country or case.country)
    found = resource_selectors.service_search(filters=filters, page_number=1) if filters.query else None
    suggested = _suggested_service(request.GET.get("service", ""))
    if suggested is not None and found is None:
        # A link from the case page (the organisation's service after a positive depression screen).
        found = SimpleNamespace(page=Paginator([suggested], 1).page(1), total=1)
    form = ReferralForm(request.POST or None, needs=list(case.needs.all()))
    if request.method == "POST" and form.is_valid():
        service = resource_selectors.service_get_listed(service_id=form.cleaned_data["service"])
        need_id = form.cleaned_data["need"]
        need = selectors.case_child_get(case=case, related="needs", pk=need_id) if need_id else None
        try:
            services.referral_create(case=case, actor=request.user, service=service, need=need)
        except (InvalidInput, InvalidState, ValidationError) as exc:
            _failed(form, exc)
        else:
            messages.success(request, _("%(service)s is suggested to the client.") % {"service": service.name})
            return redirect(_back_to(case, "referrals"))
    context = {
        "case": case,
        "search": search,
        "found": found,
        "form": form,
        "query_string": request.GET.urlencode(),
        "suggested": suggested is not None and not filters.query,
        "back_url": _back_to(case, "referrals"),
    }
    return render(request, "cases/staff/referral_form.html", context, status=400 if form.errors else 200)


@require(permissions.can_work_on_cases)
def note_new(request, case_id: uuid.UUID):
    case = _workable_case(request, case_id)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.note_add(
                case=case,
                actor=request.user,
                body=form.cleaned_data["body"],
                shared_with_client=form.cleaned_data["shared_with_client"],
            )
        except (InvalidInput, ValidationError) as exc:
            _failed(form, exc)
        else:
            shared = form.cleaned_data["shared_with_client"]
            messages.success(request, _("The note is shared with the client.") if shared else _("The note is saved."))
            return redirect(_back_to(case, "notes"))
    return _action_page(request, case, form, title=_("Add a note"), button=_("Save the note"), anchor="notes")


@require(permissions.can_work_on_cases)
def note_edit(request, case_id: uuid.UUID, note_id: int):
    case = _workable_case(request, case_id)
    note = selectors.case_child_get(case=case, related="notes", pk=note_id)
    initial = {"body": note.body, "shared_with_client": note.shared_with_client, "version": note.version}
    form = NoteForm(request.POST or None, initial=initial)
    now = None
    if request.method == "POST" and form.is_valid():
        try:
            services.note_edit(
                note=note,
                actor=request.user,
                body=form.cleaned_data["body"],
                shared_with_client=form.cleaned_data["shared_with_client"],
                expected_version=form.seen_version,
            )
        except StaleEdit as exc:
            form, now = _stale(request, NoteForm, exc)
        except (InvalidInput, ValidationError) as exc:
            _failed(form, exc)
        else:
            messages.success(request, _("The note is saved."))
            return redirect(_back_to(case, "notes"))
    return _action_page(
        request, case, form, title=_("Change the note"), button=_("Save the note"), anchor="notes", now=now
    )


@require(permissions.can_work_on_cases)
def referral_outcome(request, case_id: uuid.UUID, referral_id: uuid.UUID):
    case = _workable_case(request, case_id)
    referral = selectors.case_child_get(case=case, related="referrals", pk=referral_id)
    form = ReferralOutcomeForm(request.POST or None, initial={"outcome": referral.outcome, "version": referral.version})
    now = None
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_record_outcome(
                referral=referral,
                actor=request.user,
                outcome=form.cleaned_data["outcome"],
                expected_version=form.seen_version,
            )
        except StaleEdit as exc:
            form, now = _stale(request, ReferralOutcomeForm, exc)
        except (InvalidInput, ValidationError) as exc:
            _failed(form, exc)
        else:
            messages.success(request, _("The referral's outcome is recorded."))
            return redirect(_back_to(case, "referrals"))
    title = _("What came of %(service)s?") % {"service": referral.service.name}
    return _action_page(request, case, form, title=title, button=_("Save"), anchor="referrals", now=now)


@require(permissions.can_work_on_cases)
def assessment_new(request, case_id: uuid.UUID):
    """Record a needs assessment: every area rated, the depression screen, needs in one step."""
    case = _workable_case(request, case_id)
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recorded = services.assessment_record(
                case=case,
                actor=request.user,
                ratings=form.ratings(),
                add_needs=form.cleaned_data["add_needs"],
                **form.phq2(),
            )
        except (InvalidInput, ValidationError) as exc:
            _failed(form, exc)
        else:
            messages.success(request, _assessment_saved(recorded))
            return redirect(_back_to(case, "assessment"))
    context = {
        "case": case,
        "form": form,
        "is_reassessment": selectors.case_has_assessment(case=case),
        "back_url": _back_to(case, "assessment"),
    }
    return render(request, "cases/staff/assessment_form.html", context)


def _assessment_saved(recorded) -> str:
    added = len(recorded.needs_added) + len(recorded.needs_reopened)
    words = [str(_("The reassessment is saved.") if recorded.is_reassessment else _("The assessment is saved."))]
    if added:
        words.append(
            ngettext("%(count)d need is added to the case.", "%(count)d needs are added to the case.", added)
            % {"count": added}
        )
    if recorded.assessment.phq2_positive:
        words.append(str(_("The depression screen is positive: see what to do next, under the assessment.")))
    return " ".join(words)
