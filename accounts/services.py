"""Every write to accounts data. Each is atomic, validated, and leaves an audit trail
(django-pghistory triggers record the row, the middleware attaches user and URL)."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patientportal.errors import InvalidInput, NotAllowed

from . import permissions
from .models import CalendarFeed, Holiday, Organisation, User


def _require_org_admin(acting_user: User, organisation: Organisation) -> None:
    permissions.ORGANISATIONS.check(acting_user, permissions.Action.MANAGE, organisation)


_UNCHANGED: Any = object()


@transaction.atomic
def organisation_update_settings(
    *,
    organisation: Organisation,
    acting_user: User,
    first_contact_target_days: int,
    timezone: str,
    languages: list[str],
    wellbeing_guidance: str | None = None,
    wellbeing_service: Any = _UNCHANGED,
    auto_assign: bool | None = None,
) -> Organisation:
    """The organisation's settings. ``wellbeing_guidance`` and ``wellbeing_service``: what advocates
    are shown after a positive depression screen; ``auto_assign``: new requests go straight to an
    advocate (``cases.services.case_auto_assign``). Each is left as it is when not given."""
    _require_org_admin(acting_user, organisation)
    organisation.first_contact_target_days = first_contact_target_days
    organisation.timezone = timezone
    organisation.languages = list(languages)
    fields = ["first_contact_target_days", "timezone", "languages"]
    if auto_assign is not None:
        organisation.auto_assign = bool(auto_assign)
        fields.append("auto_assign")
    if wellbeing_guidance is not None:
        organisation.wellbeing_guidance = wellbeing_guidance.strip()
        fields.append("wellbeing_guidance")
    if wellbeing_service is not _UNCHANGED:
        if wellbeing_service is not None and wellbeing_service.country not in organisation.countries:
            raise InvalidInput(_("Choose a service in one of your countries."), code="wellbeing_service")
        organisation.wellbeing_service = wellbeing_service
        fields.append("wellbeing_service")
    organisation.full_clean()
    organisation.save(update_fields=fields)
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


# --- calendar feeds -----------------------------------------------------------------------


@transaction.atomic
def calendar_feed_create(*, user: User) -> tuple[CalendarFeed, str]:
    """A new private calendar link for ``user``; their previous link, if any, stops working.

    Returns the feed and its token. The token is stored nowhere (only its hash is): show it to
    the user in the response and forget it.
    """
    if not permissions.can_subscribe_to_follow_ups(user):
        raise NotAllowed
    # Two clicks at once: the second waits here, then replaces the first's link.
    User.objects.select_for_update().only("pk").get(pk=user.pk)
    _calendar_feed_stop(user)
    token = secrets.token_urlsafe(CalendarFeed.TOKEN_BYTES)
    feed = CalendarFeed(user=user, token_hash=CalendarFeed.digest(token))
    feed.full_clean()
    feed.save()
    return feed, token


@transaction.atomic
def calendar_feed_revoke(*, user: User) -> bool:
    """Stop ``user``'s calendar link: it answers 404 from now on. Anyone may stop their own
    (also after they stopped being an advocate). False when there was none."""
    return _calendar_feed_stop(user) > 0


def _calendar_feed_stop(user: User) -> int:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
