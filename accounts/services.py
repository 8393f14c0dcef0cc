"""Every write to accounts data. Each is atomic, validated, and leaves an audit trail
(django-pghistory triggers record the row, the middleware attaches user and URL)."""

from __future__ import annotations

import datetime

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from . import permissions
from .models import Holiday, Organisation, User


def _require_org_admin(acting_user: User, organisation: Organisation) -> None:
    permissions.ORGANISATIONS.check(acting_user, permissions.Action.MANAGE, organisation)


@transaction.atomic
def organisation_update_settings(
    *,
    organisation: Organisation,
    acting_user: User,
    first_contact_target_days: int,
    timezone: str,
    languages: list[str],
) -> Organisation:
    _require_org_admin(acting_user, organisation)
    organisation.first_contact_target_days = first_contact_target_days
    organisation.timezone = timezone
    organisation.languages = list(languages)
    organisation.full_clean()
    organisation.save(update_fields=["first_contact_target_days", "timezone", "languages"])
    transaction.on_commit(lambda: cache.delete(f"organisation-timezone:{organisation.pk}"))
    return organisation


@transaction.atomic
def holiday_add(*, organisation: Organisation, acting_user: User, date: datetime.date, name: str) -> Holiday:
    _require_org_admin(acting_user, organisation)
    holiday = Holiday(organisation=organisation, date=date, name=name.strip())
    try:
        holiday.full_clean()
        with transaction.atomic():
            holiday.save()
    except (ValidationError, IntegrityError):
        raise ValidationError({"date": _("There is already a closure on this date")}) from None
    return holiday


@transaction.atomic
def holiday_remove(*, holiday: Holiday, acting_user: User) -> None:
    _require_org_admin(acting_user, holiday.organisation)
    holiday.delete()


@transaction.atomic
def user_set_signup_details(*, user: User, first_name: str, is_carer: bool) -> User:
    user.first_name = first_name.strip()
    user.is_carer = is_carer
    user.full_clean(exclude=["password"])
    user.save(update_fields=["first_name", "is_carer"])
    return user
