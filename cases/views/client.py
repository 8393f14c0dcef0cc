"""My requests (what is happening with each request) and My data (download, ask for deletion)."""

from __future__ import annotations

import json
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import permissions
from patientportal import personal_data
from patientportal.access import require
from patientportal.audit import record_access
from patientportal.errors import InvalidState

from .. import selectors, services
from ..choices import CaseAction
from ..forms import (
    AccessForm,
    AddToCaseForm,
    ContactDetailsForm,
    ContactForm,
    DeletionRequestForm,
    FeedbackForm,
    LanguageForm,
    MessageForm,
    TimesForm,
    WithdrawForm,
)
from ..permissions import CASES


@require(permissions.is_client)
def my_requests(request):
    cases = list(selectors.case_list_for_client(user=request.user))
    draft = selectors.draft_for_user(user=request.user)
    return render(request, "cases/my_requests/list.html", {"cases": cases, "draft": draft})


def _detail_context(request, case_id: uuid.UUID, message_form=None) -> dict:
    view = selectors.case_view_for_client(user=request.user, case_id=case_id)
    return {
        "view": view,
        "case": view.case,
        "message_form": message_form or MessageForm(),
        "feedback_form": FeedbackForm(),
    }


@require(permissions.is_client)
def my_request_detail(request, case_id: uuid.UUID):
    context = _detail_context(request, case_id)
    if context["view"].case.unread_count:
        services.messages_mark_read(case=context["case"], reader=request.user)
    return render(request, "cases/my_requests/detail.html", context)


@require(permissions.is_client)
def my_request_sent(request, case_id: uuid.UUID):
    """The confirmation page after submitting: reference number and what happens next."""
    case = selectors.case_get_for_client(user=request.user, case_id=case_id)
    return render(request, "cases/request/sent.html", {"case": case})


@require_POST
@require(permissions.is_client)
def my_request_message(request, case_id: uuid.UUID):
    case = selectors.case_get_for_client(user=request.user, case_id=case_id)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.message_send(case=case, sender=request.user, body=form.cleaned_data["body"])
        except ValidationError as exc:
            form.add_error(None, exc)
        except InvalidState as exc:  # closed since the page was loaded
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your message has been sent. Your advocate will be told by e-mail."))
            return redirect(f"{case_url(case)}#messages")
    return render(request, "cases/my_requests/detail.html", _detail_context(request, case_id, form), status=400)


@require_POST
@require(permissions.is_client)
def my_request_feedback(request, case_id: uuid.UUID, referral_id: uuid.UUID):
    case = selectors.case_get_for_client(user=request.user, case_id=case_id)
    referral = selectors.case_child_get(case=case, related="referrals", pk=referral_id)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        services.referral_record_feedback(
            referral=referral, acting_user=request.user, feedback=form.cleaned_data["feedback"]
        )
        messages.success(request, _("Thank you for telling us whether it helped."))
    else:
        messages.error(request, _("Select whether it helped, then send your answer."))
    return redirect(f"{case_url(case)}#referrals")


def case_url(case) -> str:
    return reverse("my_request_detail", kwargs={"case_id": case.pk})


@require(permissions.is_client)
def my_request_withdraw(request, case_id: uuid.UUID):
    case = selectors.case_get_for_client(user=request.user, case_id=case_id)
    if not CASES.allows(request.user, CaseAction.WITHDRAW, case):
        messages.info(request, _("This request is already closed."))
        return redirect(case_url(case))
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.case_withdraw(case=case, acting_user=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("You have withdrawn your request %(reference)s.") % {"reference": case.reference})
        return redirect(case_url(case))
    return render(request, "cases/my_requests/withdraw.html", {"case": case, "form": form})


@require(permissions.is_client)
def my_request_add(request, case_id: uuid.UUID):
    """Add to an open request instead of starting another (the duplicate guard sends people here)."""
    case = selectors.case_get_for_client(user=request.user, case_id=case_id)
    if not CASES.allows(request.user, CaseAction.CLIENT_CHANGE, case):
        messages.info(request, _("This request is closed. You can start a new one."))
        return redirect(case_url(case))
    form = AddToCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.case_add_to(
            case=case,
            acting_user=request.user,
            categories=form.cleaned_data["categories"],
            description=form.cleaned_data["description"],
        )
        messages.success(
            request, _("We have added this to your request %(reference)s.") % {"reference": case.reference}
        )
        return redirect(case_url(case))
    return render(request, "cases/my_requests/add.html", {"case": case, "form": form})


CONTACT_FORMS = (("methods", ContactForm), ("times", TimesForm), ("language", LanguageForm), ("access", AccessForm))


@require(permissions.is_client)
def my_request_contact(request, case_id: uuid.UUID):
    """Change how and when we contact you, on an open request (all on one page: a settings page)."""
    case = selectors.case_get_for_client(user=request.user, case_id=case_id)
    if not CASES.allows(request.user, CaseAction.CLIENT_CHANGE, case):
        messages.info(request, _("This request is closed."))
        return redirect(case_url(case))
    current = selectors.contact_preferences_current(case=case)
    data = request.POST if request.method == "POST" else None
    forms = {prefix: form(data, prefix=prefix, initial=form.initial_from(current)) for prefix, form in CONTACT_FORMS}
    methods = forms["methods"]
    chosen = methods.cleaned_data["contact_methods"] if data and methods.is_valid() else list(current.contact_methods)
    details = ContactDetailsForm(
        data, prefix="details", initial=ContactDetailsForm.initial_from(current), methods=chosen
    )
    forms["details"] = details
    if data is not None and all(form.is_valid() for form in forms.values()):
        preferences = {}
        for form in forms.values():
            preferences.update(form.answers())
        services.contact_preferences_update(case=case, acting_user=request.user, preferences=preferences)
        messages.success(request, _("We have saved how to contact you."))
        return redirect(case_url(case))
    return render(
        request, "cases/my_requests/contact.html", {"case": case, "forms": forms}, status=400 if data else 200
    )


# --- my data ---------------------------------------------------------------------------------


@require(permissions.is_client)
def my_data(request):
    """Everything held about the person, as every app declares it (``patientportal.personal_data``),
    with times in the time zone of the MS society looking after them."""
    context = {
        "export": personal_data.export_for(user=request.user),
        "pending_deletion": selectors.deletion_request_pending_for_user(user=request.user),
        "retention_years": settings.CASE_RETENTION_YEARS,
    }
    with timezone.override(selectors.time_zone_for_client(user=request.user)):
        return render(request, "cases/my_data/index.html", context)


@require(permissions.is_client)
def my_data_download(request):
    data = personal_data.export_for(user=request.user).as_data()
    record_access(request=request, obj=request.user, action="export")
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False, cls=DjangoJSONEncoder),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@require(permissions.is_client)
def my_data_delete(request):
    pending = selectors.deletion_request_pending_for_user(user=request.user)
    form = DeletionRequestForm(request.POST or None)
    if pending is None and request.method == "POST" and form.is_valid():
        services.deletion_request_create(user=request.user, reason=form.cleaned_data["reason"])
        messages.success(
            request,
            _(
                "We have your request to delete your information. Your MS society will carry it out; "
                "after that you will not be able to sign in."
            ),
        )
        return redirect("my_data")
    context = {"form": form, "pending": pending, "retention_years": settings.CASE_RETENTION_YEARS}
    return render(request, "cases/my_data/delete.html", context)


# --- organisation admins: carrying out deletion requests ------------------------------------


@require(permissions.can_handle_deletion_requests)
def deletion_request_list(request):
    requests = selectors.deletion_request_list_for_user(user=request.user)
    return render(request, "cases/deletion/list.html", {"requests": requests})


@require(permissions.can_handle_deletion_requests)
def deletion_request_detail(request, request_id: uuid.UUID):
    deletion_request = selectors.deletion_request_get_for_user(user=request.user, request_id=request_id)
    if request.method == "POST" and deletion_request.status == "pending":
        record_access(request=request, obj=deletion_request.user, action="erase")
        services.deletion_request_carry_out(deletion_request=deletion_request, acting_user=request.user)
        messages.success(request, _("Done. Their personal information has been erased."))
        return redirect("deletion_request_list")
    record_access(request=request, obj=deletion_request.user)
    summary = selectors.deletion_request_summary(deletion_request=deletion_request)
    return render(
        request,
        "cases/deletion/detail.html",
        {"deletion_request": deletion_request, "summary": summary, "retention_years": settings.CASE_RETENTION_YEARS},
    )
