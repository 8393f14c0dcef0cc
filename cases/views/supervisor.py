"""The supervisor's side of cases: the queue of new requests, and giving them to advocates."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts import permissions
from accounts.models import User
from accounts.selectors import organisation_advocates
from patientportal.access import require
from patientportal.audit import record_access
from patientportal.errors import InvalidInput, InvalidState, NotFound

from .. import selectors, services
from ..choices import CaseAction, CaseStatus
from ..permissions import CASES
from ..queue_html import advocate_options_html, queue_rows_html
from ..staff_forms import AssignForm, AssignManyForm, MergeForm, QueueFilterForm, ReassignForm, TransferForm

#: The advocates listed for a request, best placed first; the rest a link away.
SUGGESTIONS_SHOWN = 10


def _advocates(user: User):
    """The active advocates of the supervisor's organisation, by name."""
    return organisation_advocates(organisation_id=user.organisation_id)


def _queue_page(request, *, assign_form: AssignManyForm | None = None, status: int = 200):
    countries = list(request.user.organisation.countries) if request.user.organisation_id else []
    form = QueueFilterForm(request.GET or None, countries=countries)
    if form.is_bound:
        form.is_valid()
    queue = selectors.queue_for_user(
        user=request.user, filters=form.to_filters(), page_number=request.GET.get("page", 1)
    )
    query = request.GET.copy()
    query.pop("page", None)
    chosen = (
        {str(case_id) for case_id in (assign_form.cleaned_data.get("cases") or [])}
        if assign_form is not None and hasattr(assign_form, "cleaned_data")
        else set()
    )
    if assign_form is None:  # the advocates' names, for their options
        assign_form = AssignManyForm(advocates=_advocates(request.user).only("pk", "first_name", "last_name"))
    context = {
        "form": form,
        "queue": queue,
        "rows": queue_rows_html(queue.page.object_list, chosen=chosen),
        "assign_form": assign_form,
        "advocate_options": advocate_options_html(assign_form["advocate"]),
        "query_string": query.urlencode(),
    }
    return render(request, "cases/supervisor/queue.html", context, status=status)


@require(permissions.can_view_queue)
def queue(request):
    """The organisation's new requests waiting for an advocate: urgent first, then the longest waiting."""
    return _queue_page(request)


@require(permissions.can_view_queue)
@require_POST
def queue_assign_many(request):
    """Give the requests ticked on the queue to one advocate."""
    form = AssignManyForm(request.POST, advocates=_advocates(request.user))
    if not form.is_valid():
        return _queue_page(request, assign_form=form, status=400)
    advocate = form.cleaned_data["advocate"]
    result = services.cases_assign_from_queue(
        case_ids=form.cleaned_data["cases"], advocate=advocate, actor=request.user
    )
    if result.assigned:
        messages.success(
            request,
            ngettext(
                "%(count)s request given to %(name)s: %(references)s. They have been told.",
                "%(count)s requests given to %(name)s: %(references)s. They have been told.",
                len(result.assigned),
            )
            % {
                "count": len(result.assigned),
                "name": advocate.get_full_name(),
                "references": ", ".join(case.reference for case in result.assigned),
            },
        )
    for case, why in result.refused:
        messages.warning(
            request, _("%(reference)s was not assigned: %(why)s") % {"reference": case.reference, "why": why}
        )
    if not result.assigned and not result.refused:
        messages.warning(request, _("None of the selected requests is waiting in your queue any more."))
    return redirect("queue")


@require(permissions.can_view_queue)
def queue_assign(request, case_id: uuid.UUID):
    """One waiting request: the advocates best placed to take it, with why; choose one."""
    case = CASES.get(
        request.user,
        CaseAction.VIEW,
        case_id,
        CASES.filter(request.user, CaseAction.ASSIGN).select_related("applicant", "intake", "assigned_to"),
    )
    record_access(request=request, obj=case)
    intake = getattr(case, "intake", None)
    language = intake.language if intake is not None else ""
    suggestions = selectors.assignment_suggestions(case=case, language=language)
    advocates = User.objects.filter(pk__in=[s.advocate.pk for s in suggestions])
    form = AssignForm(request.POST if request.method == "POST" else None, advocates=advocates)
    waiting = case.status == CaseStatus.NEW and case.assigned_to_id is None
    status = 200
    problem = ""
    if request.method == "POST":
        if form.is_valid():
            advocate = form.cleaned_data["advocate"]
            try:
                services.case_assign(case=case, advocate=advocate, actor=request.user, only_if_waiting=True)
            except services.AlreadyAssigned as error:
                problem, status = error.message, 409
                case.refresh_from_db()
                waiting = False
            else:
                messages.success(
                    request,
                    _("%(reference)s given to %(name)s. They have been told.")
                    % {"reference": case.reference, "name": advocate.get_full_name()},
                )
                return redirect("queue")
        else:
            status = 400
    show_all = request.GET.get("all") == "1" or len(suggestions) <= SUGGESTIONS_SHOWN + 2
    if (
        not show_all
        and form.is_bound
        and str(form.data.get("advocate", "")) not in {str(s.advocate.pk) for s in suggestions[:SUGGESTIONS_SHOWN]}
    ):
        show_all = True  # what was chosen stays on the page
    context = {
        "case": case,
        "intake": intake,
        "language": language,
        "suggestions": suggestions if show_all else suggestions[:SUGGESTIONS_SHOWN],
        "more": 0 if show_all else len(suggestions) - SUGGESTIONS_SHOWN,
        "form": form,
        "waiting": waiting,
        "problem": problem,
        "chosen": str(form.data.get("advocate", "")) if form.is_bound else "",
    }
    return render(request, "cases/supervisor/assign.html", context, status=status)


@require(permissions.can_view_queue)
def case_reassign(request, case_id: uuid.UUID):
    """Give a case that has an advocate to another one, with the reason (on the timeline)."""
    case = selectors.case_get_for_staff(user=request.user, case_id=case_id)
    CASES.check(request.user, CaseAction.ASSIGN, case)
    if case.assigned_to_id is None:
        return redirect("queue_assign", case_id=case.pk)
    advocates = _advocates(request.user).exclude(pk=case.assigned_to_id)
    form = ReassignForm(
        request.POST if request.method == "POST" else None, advocates=advocates, initial={"version": case.version}
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.case_assign(
                    case=case,
                    advocate=form.cleaned_data["advocate"],
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    expected_version=form.seen_version,
                )
            except services.StaleEdit as stale:
                holder = stale.current.assigned_to
                form.add_error(
                    None,
                    _("This case changed since you opened it: it is now with %(name)s. Check, then choose again.")
                    % {"name": holder.get_full_name() if holder else _("nobody")},
                )
                status = 409
            except (InvalidInput, InvalidState) as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("The case is now with %(name)s. They have been told.")
                    % {"name": form.cleaned_data["advocate"].get_full_name()},
                )
                return redirect(reverse("case_detail", kwargs={"case_id": case.pk}) + "#summary")
    context = {
        "case": case,
        "form": form,
        "title": _("Give the case to another advocate"),
        "button": _("Reassign"),
        "back_url": reverse("case_detail", kwargs={"case_id": case.pk}) + "#summary",
        "now_values": None,
    }
    return render(request, "cases/staff/action_form.html", context, status=status)


def _other_societies_countries(user: User) -> list[tuple[str, str]]:
    """The countries other member societies serve, by name (where a client may have moved)."""
    from accounts.models import Organisation
    from patientportal.reference import COUNTRY_CHOICES

    names = dict(COUNTRY_CHOICES)
    served = Organisation.objects.exclude(pk=user.organisation_id).values_list("countries", flat=True)
    codes = sorted({code for countries in served for code in countries}, key=lambda code: str(names.get(code, code)))
    return [(code, names.get(code, code)) for code in codes]


@require(permissions.can_view_queue)
def case_transfer(request, case_id: uuid.UUID):
    """Pass a case to the member society of the country the client lives in now."""
    case = selectors.case_get_for_staff(user=request.user, case_id=case_id)
    CASES.check(request.user, CaseAction.ASSIGN, case)
    form = TransferForm(
        request.POST if request.method == "POST" else None, countries=_other_societies_countries(request.user)
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.case_transfer(case=case, actor=request.user, **form.cleaned_data)
            except (InvalidInput, InvalidState) as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("%(reference)s is passed to the other society, with its history. It is no longer yours to see.")
                    % {"reference": case.reference},
                )
                return redirect("queue")
    context = {
        "case": case,
        "form": form,
        "title": _("Pass the case to another MS society"),
        "button": _("Pass it on"),
        "back_url": reverse("case_detail", kwargs={"case_id": case.pk}) + "#summary",
        "now_values": None,
    }
    return render(request, "cases/staff/action_form.html", context, status=status)


# --- two requests of the same person ----------------------------------------------------------


def _merge_candidate(request, case):
    """The other case to compare ``case`` with: the one asked for (``?with=``, or the form's), else
    the first possible duplicate; with why it looks like the same person (None if not flagged)."""
    found = selectors.case_possible_duplicates(user=request.user, case=case)
    wanted = request.POST.get("other") or request.GET.get("with")
    if not wanted:
        return found[0] if found else (None, None)
    try:
        wanted = uuid.UUID(str(wanted))
    except ValueError:
        raise NotFound from None
    if wanted == case.pk:
        raise NotFound
    why = next((why for other, why in found if other.pk == wanted), None)
    return selectors.case_get_for_staff(user=request.user, case_id=wanted), why


def _merge_choices(sides) -> tuple[list[tuple[str, str]], str]:
    """The two requests as choices of which goes on, and the one suggested: the one with an
    advocate, else the older."""
    choices = [
        (
            str(side.case.pk),
            _("%(reference)s, received on %(date)s")
            % {"reference": side.case.reference, "date": date_format(side.case.submitted_at, "DATE_FORMAT")},
        )
        for side in sides
    ]
    suggested = min(sides, key=lambda side: (side.case.assigned_to_id is None, side.case.submitted_at)).case
    return choices, str(suggested.pk)


@require(permissions.can_view_queue)
def case_merge(request, case_id: uuid.UUID):
    """Join two requests of the same person: both side by side, which goes on, and why."""
    case = selectors.case_get_for_staff(user=request.user, case_id=case_id)
    CASES.check(request.user, CaseAction.ASSIGN, case)
    other, why = _merge_candidate(request, case)
    if other is None:
        return render(request, "cases/supervisor/merge.html", {"case": case, "sides": None})
    sides = selectors.cases_side_by_side(user=request.user, case_ids=[case.pk, other.pk])
    choices, suggested = _merge_choices(sides)
    versions = {"case_version": sides[0].case.version, "other_version": sides[1].case.version}
    form = MergeForm(request.POST or None, choices=choices, initial={"keep": suggested, **versions})
    status = 200
    if form.is_bound:
        status, done = _merge_submit(request, form, sides)
        if done is not None:
            return done
    context = {"case": case, "sides": sides, "why": why, "form": form, "other": sides[1].case}
    return render(request, "cases/supervisor/merge.html", context, status=status)


def _merge_submit(request, form: MergeForm, sides) -> tuple[int, HttpResponse | None]:
    """Join the two cases as the form says: (status, None) with the problem on the form, or
    (302, the redirect to the case that goes on)."""
    if not form.is_valid():
        return 400, None
    first, second = (side.case for side in sides)
    keep, remove = (first, second) if form.cleaned_data["keep"] == str(first.pk) else (second, first)
    seen = {first.pk: form.cleaned_data["case_version"], second.pk: form.cleaned_data["other_version"]}
    try:
        services.case_merge(
            keep=keep,
            remove=remove,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            keep_version=seen[keep.pk],
            remove_version=seen[remove.pk],
        )
    except services.StaleEdit:
        form.add_error(
            None, _("One of the requests changed since you opened this page. Check them again, then confirm.")
        )
        form.data = form.data.copy()  # confirming again sends the versions shown now
        form.data["case_version"], form.data["other_version"] = str(first.version), str(second.version)
        return 409, None
    except InvalidInput as error:
        form.add_error(None, error.message)
        return 400, None
    except InvalidState as error:
        form.add_error(None, error.message)
        return 409, None
    messages.success(
        request,
        _("%(remove)s is joined into %(keep)s: its history is on the timeline below.")
        % {"remove": remove.reference, "keep": keep.reference},
    )
    return 302, redirect(reverse("case_detail", kwargs={"case_id": keep.pk}) + "#timeline")
