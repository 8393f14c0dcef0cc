"""The request journey: one question per page, saved as it goes, checked before it is sent."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.selectors import organisation_serving_country
from patientportal.access import require
from patientportal.errors import InvalidInput

from .. import request_flow as flow
from .. import selectors, services
from ..consent import consent_paragraphs
from ..emergency import guidance_for

#: Answers posted after the session ended, kept until the person signs in again.
PENDING_KEY = "request_pending_answers"


def _client_step(view):
    """``require(can_request_advocate)``, and an answer posted after the session ended is kept
    for after sign-in, so that nothing typed is lost to a timeout."""
    guarded = require(permissions.can_request_advocate)(view)

    @wraps(guarded)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated and request.method == "POST" and kwargs.get("step") in flow.BY_NAME:
            data = {key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"}
            request.session[PENDING_KEY] = {"step": kwargs["step"], "data": data}
        return guarded(request, *args, **kwargs)

    return wrapped


def request_start(request):
    """The start page: open to everyone; what happens, how long it takes, and "Start now"."""
    draft = selectors.draft_for_user(user=request.user) if request.user.is_authenticated else None
    return render(request, "cases/request/start.html", {"draft": draft})


@require(permissions.can_request_advocate)
def request_continue(request):
    draft = services.draft_get_or_create(applicant=request.user)
    return redirect(_step_url(flow.first_incomplete(draft)))


def _step_url(name: str) -> str:
    if name == flow.CHECK:
        return reverse("request_check")
    return reverse("request_step", kwargs={"step": name})


@_client_step
def request_step(request, step: str):
    if step not in flow.BY_NAME:
        raise Http404
    current = flow.BY_NAME[step]
    draft = services.draft_get_or_create(applicant=request.user)
    if not current.applies(draft):
        return redirect(_step_url(flow.first_incomplete(draft)))
    # No jumping ahead of an unanswered question (a bookmark, a typed address).
    first_open = flow.first_incomplete(draft)
    if flow.step_index(step) > flow.step_index(first_open) and not current.complete(draft):
        return redirect(_step_url(first_open))

    changing = request.GET.get("change") == "1" or request.POST.get("change") == "1"
    pending = request.session.get(PENDING_KEY)
    if pending is not None and pending.get("step") != step:
        pending = None  # kept for the question it was typed on
    elif pending is not None:
        del request.session[PENDING_KEY]
    data = None
    if request.method == "POST":
        data = request.POST
    elif pending:
        data = QueryDict(mutable=True)
        for key, values in pending["data"].items():
            data.setlist(key, values)
    form = current.form(data, initial=current.form.initial_from(draft), **current.form_kwargs(draft))
    # Restored answers are shown for the person to check, not saved behind their back.
    if request.method == "POST" and form.is_valid():
        next_name = flow.next_after(_with_answers(draft, form.answers()), step)
        try:
            services.draft_save_answers(draft=draft, answers=form.answers(), step=flow.furthest(draft.step, next_name))
        except ValidationError as exc:  # a rule the form did not know (should not happen): say so, save nothing
            form.add_error(None, exc.messages)
        else:
            return redirect(_after_answer(request, draft, step, next_name, changing))
    context = {
        "form": form,
        "step": step,
        "first_field": next(iter(form.visible_fields()), None),
        "other_fields": list(form.visible_fields())[1:],
        "back_url": _back_url(draft, step, changing),
        "changing": changing,
        "consent_paragraphs": consent_paragraphs() if step == "consent" else None,
        "restored": pending is not None and data is not None and request.method == "GET",
    }
    return render(request, "cases/request/question.html", context)


def _with_answers(draft, answers: dict):
    """The draft as it will be once these answers are saved (to decide which question is next)."""
    for name, value in answers.items():
        setattr(draft, name, value)
    return draft


def _after_answer(request, draft, step: str, next_name: str, changing: bool) -> str:
    if step in ("who", "person"):
        duplicate = selectors.case_open_for_same_person(applicant=request.user, answers=draft)
        if duplicate is not None:
            return reverse("request_duplicate")
    if step == "urgent" and draft.is_urgent:
        return reverse("request_urgent_help")
    if changing:
        # Back to check your answers, by way of any question the change opened (their name,
        # when the request is now for someone else), which then returns there too.
        following = flow.first_incomplete(draft)
        return _step_url(following) + ("?change=1" if following != flow.CHECK else "")
    return _step_url(next_name)


def _back_url(draft, step: str, changing: bool) -> str:
    if changing:
        return reverse("request_check")
    earlier = [s.name for s in flow.applicable(draft) if flow.step_index(s.name) < flow.step_index(step)]
    return _step_url(earlier[-1]) if earlier else reverse("request_start")


@require(permissions.can_request_advocate)
def request_urgent_help(request):
    """Shown straight after someone says it is urgent: their country's emergency numbers."""
    draft = selectors.draft_for_user(user=request.user)
    if draft is None:
        return redirect("request_start")
    context = {"guidance": guidance_for(draft.country), "next_url": _step_url(flow.first_incomplete(draft))}
    return render(request, "cases/request/urgent_help.html", context)


@require(permissions.can_request_advocate)
def request_duplicate(request):
    """The duplicate guard: an open request for the same person already exists."""
    draft = selectors.draft_for_user(user=request.user)
    case = selectors.case_open_for_same_person(applicant=request.user, answers=draft) if draft else None
    if case is None:
        return redirect("request_continue")
    return render(request, "cases/request/duplicate.html", {"case": case, "draft": draft})


@require(permissions.can_request_advocate)
def request_check(request):
    draft = selectors.draft_for_user(user=request.user)
    if draft is None:
        return redirect("my_requests")
    first_open = flow.first_incomplete(draft)
    if first_open != flow.CHECK:
        return redirect(_step_url(first_open))
    if request.method == "POST":
        try:
            case = services.case_submit(draft_id=draft.pk, applicant=request.user)
        except services.DuplicateRequest:
            return redirect("request_duplicate")
        except services.IncompleteRequest as exc:
            messages.error(request, exc.message)
            return redirect(_step_url(exc.step))
        except (InvalidInput, ValidationError) as exc:
            messages.error(request, exc.message if isinstance(exc, InvalidInput) else " ".join(exc.messages))
            return redirect(_step_url(flow.first_incomplete(draft)))
        return redirect("my_request_sent", case_id=case.pk)
    organisation = organisation_serving_country(country=draft.country)
    context = {"draft": draft, "rows": flow.summary_rows(draft), "organisation": organisation}
    return render(request, "cases/request/check.html", context)


@require(permissions.can_request_advocate)
def request_discard(request):
    draft = selectors.draft_for_user(user=request.user)
    if draft is None:
        return redirect("request_start")
    if request.method == "POST":
        services.draft_discard(draft=draft)
        messages.success(request, _("Your unsent request has been deleted."))
        return redirect("home")
    return render(request, "cases/request/discard.html", {"draft": draft})
