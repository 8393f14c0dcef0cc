"""Reads of accounts data, always scoped to the user asking."""

from __future__ import annotations

import datetime
import uuid

from django.db.models import QuerySet
from django.http import Http404

from . import permissions, working_days
from .models import ORGANISATION_ROLES, Holiday, Organisation, User


def member_list_for_user(*, user: User) -> QuerySet[User]:
    """The staff of the user's own organisation, for those who may see the team; else nothing."""
    if not permissions.can_view_team(user):
        return User.objects.none()
    return User.objects.filter(
        organisation_id=user.organisation_id, role__in=[r.value for r in ORGANISATION_ROLES]
    ).order_by("role", "first_name", "last_name")


def member_get_for_user(*, user: User, member_id: uuid.UUID) -> User:
    """One member of the user's team. Missing and "not yours" are the same 404."""
    member = member_list_for_user(user=user).filter(pk=member_id).first()
    if member is None:
        raise Http404
    return member


def organisation_for_user(*, user: User) -> Organisation:
    if user.organisation_id is None:
        raise Http404
    return Organisation.objects.get(pk=user.organisation_id)


def holiday_list_for_organisation(*, organisation: Organisation) -> QuerySet[Holiday]:
    return organisation.holidays.order_by("date")


def holiday_get_for_user(*, user: User, holiday_id: int) -> Holiday:
    if not permissions.can_manage_organisation(user):
        raise Http404
    holiday = Holiday.objects.filter(pk=holiday_id, organisation_id=user.organisation_id).first()
    if holiday is None:
        raise Http404
    return holiday


def organisation_serving_country(*, country: str) -> Organisation | None:
    """The member society that takes requests from this country (one per country)."""
    return Organisation.objects.filter(countries__contains=[country]).order_by("name").first()


def countries_served() -> list[str]:
    """The countries some member society serves: the only ones a request can come from."""
    codes: set[str] = set()
    for countries in Organisation.objects.values_list("countries", flat=True):
        codes.update(countries)
    return sorted(codes)


def organisation_working_days_after(
    *, organisation: Organisation, start: datetime.date, days: int, country: str = "", region: str = ""
) -> datetime.date:
    """The date ``days`` working days after ``start`` on the organisation's calendar (weekends,
    public holidays, its closures: see ``accounts.working_days``). Without ``country``, the first
    country the organisation serves; without ``region``, that country's national public holidays.
    One query. New code should call ``working_days`` directly (``first_contact_due``)."""
    calendar = working_days.organisation_calendar(
        organisation=organisation, country=country or organisation.countries[0], region=region, since=start
    )
    return calendar.add_working_days(start, days)
