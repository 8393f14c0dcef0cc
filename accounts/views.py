from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from patientportal.access import require, signed_in
from patientportal.audit import record_access
from patientportal.errors import InvalidInput

from . import permissions, selectors, services
from .forms import AbsenceForm, AdvocateWorkForm, HolidayForm, OrganisationSettingsForm
from .models import Role
from .working_days import public_holiday_list_for_organisation


@require(signed_in)
def account_overview(request):
    has_mfa = selectors.user_has_second_factor(user=request.user)
    calendar = permissions.can_subscribe_to_follow_ups(request.user)
    return render(
        request,
        "accounts/overview.html",
        {
            "has_mfa": has_mfa,
            "can_subscribe_to_follow_ups": calendar,
            "calendar_feed": selectors.calendar_feed_active_for_user(user=request.user) if calendar else None,
        },
    )


@require(permissions.can_view_team)
def team_list(request):
    members = list(selectors.team_for_user(user=request.user))
    return render(request, "accounts/team_list.html", {"members": members})


def _advocate_for_manager(request, member_id: uuid.UUID):
    """An advocate of the user's team whose work the user may change (else 404, or 400 for
    someone who is not an advocate)."""
    member = selectors.member_get_for_user(user=request.user, member_id=member_id)
    permissions.MEMBERS.check(request.user, permissions.Action.MANAGE, member, visible_action=permissions.Action.VIEW)
    if member.role != Role.ADVOCATE:
        raise Http404
    return member


@require(permissions.can_view_team)
def team_member_detail(request, member_id: uuid.UUID):
    member = selectors.member_get_for_user(user=request.user, member_id=member_id)
    record_access(request=request, obj=member)
    context = {"member": member, "is_advocate": member.role == Role.ADVOCATE}
    if member.role == Role.ADVOCATE:
        context["absences"] = list(selectors.absences_of(member=member))
        context["can_manage"] = permissions.MEMBERS.allows(request.user, permissions.Action.MANAGE, member)
    return render(request, "accounts/team_member_detail.html", context)


@require(permissions.can_view_team)
def team_member_work(request, member_id: uuid.UUID):
    """Change an advocate's capacity, languages, regions and expertise."""
    member = _advocate_for_manager(request, member_id)
    countries = list(selectors.organisation_for_user(user=request.user).countries)
    initial = {
        "capacity": member.capacity,
        "languages": member.languages,
        "regions": member.regions,
        "expertise": member.expertise,
    }
    form = AdvocateWorkForm(request.POST if request.method == "POST" else None, initial=initial, countries=countries)
    if request.method == "POST" and form.is_valid():
        services.advocate_update_work(member=member, acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("%(name)s's working details are saved.") % {"name": member.get_full_name()})
        return redirect("team_member_detail", member_id=member.pk)
    status = 400 if form.is_bound else 200
    return render(request, "accounts/team_member_work.html", {"member": member, "form": form}, status=status)


@require(permissions.can_view_team)
def team_member_absence_new(request, member_id: uuid.UUID):
    """Record an absence of an advocate and who covers them."""
    member = _advocate_for_manager(request, member_id)
    colleagues = selectors.organisation_advocates(organisation_id=member.organisation_id).exclude(pk=member.pk)
    form = AbsenceForm(request.POST if request.method == "POST" else None, colleagues=colleagues)
    if request.method == "POST" and form.is_valid():
        try:
            services.absence_add(advocate=member, acting_user=request.user, **form.cleaned_data)
        except InvalidInput as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("%(name)s's absence is recorded. %(colleague)s covers their cases while they are away.")
                % {"name": member.get_full_name(), "colleague": form.cleaned_data["covered_by"].get_full_name()},
            )
            return redirect("team_member_detail", member_id=member.pk)
    status = 400 if form.is_bound else 200
    context = {"member": member, "form": form, "colleagues": len(form.fields["covered_by"].choices) > 1}
    return render(request, "accounts/team_member_absence.html", context, status=status)


@require(permissions.can_view_team)
@require_POST
def team_member_absence_end(request, member_id: uuid.UUID, absence_id: int):
    member = _advocate_for_manager(request, member_id)
    absence = selectors.absence_get_for_user(user=request.user, member=member, absence_id=absence_id)
    kept = services.absence_end(absence=absence, acting_user=request.user)
    if kept is None:
        messages.success(request, _("The absence is removed."))
    else:
        messages.success(
            request, _("%(name)s is back: the absence is ended and the cover stops.") % {"name": member.get_full_name()}
        )
    return redirect("team_member_detail", member_id=member.pk)


@require(permissions.can_manage_organisation)
def organisation_settings(request):
    organisation = selectors.organisation_for_user(user=request.user)
    form = OrganisationSettingsForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.organisation_update_settings(organisation=organisation, acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("Your organisation's settings are saved."))
        return redirect("organisation_settings")
    return render(
        request,
        "accounts/organisation_settings.html",
        {
            "organisation": organisation,
            "form": form,
            "closures": selectors.holiday_list_for_organisation(organisation=organisation),
            "public_holidays": public_holiday_list_for_organisation(organisation=organisation),
        },
    )


@require(permissions.can_manage_organisation)
def holiday_add(request):
    organisation = selectors.organisation_for_user(user=request.user)
    form = HolidayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.holiday_add(organisation=organisation, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Closure added."))
            return redirect("organisation_settings")
    return render(request, "accounts/holiday_add.html", {"form": form, "organisation": organisation})


@require_POST
@require(permissions.can_manage_organisation)
def holiday_remove(request, holiday_id: int):
    holiday = selectors.holiday_get_for_user(user=request.user, holiday_id=holiday_id)
    services.holiday_remove(holiday=holiday, acting_user=request.user)
    messages.success(request, _("Closure removed."))
    return redirect("organisation_settings")


# --- the calendar feed of one's follow-ups ------------------------------------------------


def _calendar_feed_page(request, *, new_link: str = ""):
    """The page about the feed. ``new_link``: the link just made, shown this once (it is
    stored nowhere, so the page can never show it again)."""
    return render(
        request,
        "accounts/calendar_feed.html",
        {"feed": selectors.calendar_feed_active_for_user(user=request.user), "new_link": new_link},
    )


@require(permissions.can_subscribe_to_follow_ups)
def calendar_feed_settings(request):
    return _calendar_feed_page(request)


@require_POST
@require(permissions.can_subscribe_to_follow_ups)
def calendar_feed_create(request):
    """Make a new link and answer with the page showing it (not a redirect: the token would
    have to be kept somewhere until the next request). The response is never stored by the
    browser (``NoStoreMiddleware``)."""
    _feed, token = services.calendar_feed_create(user=request.user)
    messages.success(request, _("Your new calendar link is ready. Copy it now: it is shown only this once."))
    return _calendar_feed_page(request, new_link=settings.SITE_URL + reverse("calendar_feed", kwargs={"token": token}))


@require_POST
@require(permissions.can_subscribe_to_follow_ups)
def calendar_feed_stop(request):
    services.calendar_feed_revoke(user=request.user)  # (already stopped: the same answer)
    messages.success(request, _("Your calendar feed is stopped. The old link no longer works."))
    return redirect("calendar_feed_settings")
