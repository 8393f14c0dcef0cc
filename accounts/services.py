"""Every write to accounts data. Each is atomic, validated, and leaves an audit trail
(django-pghistory triggers record the row, the middleware attaches user and URL)."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patientportal.errors import InvalidInput, InvalidState, NotAllowed

from . import permissions
from .models import Absence, CalendarFeed, Holiday, Organisation, Role, User, is_site_language


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


def user_language_set(*, user: User, language: str) -> User:
    """Keep the language of the site ``user`` chose: their pages, e-mails and reminders are in
    it from now on. A language the site is not written in is refused."""
    if not is_site_language(language):
        raise InvalidInput(_("Choose one of the languages the site is written in."), code="language")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
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


# --- the team: advocates' working details and absences ------------------------------------------


def _require_manager(acting_user: User, member: User) -> None:
    permissions.MEMBERS.check(acting_user, permissions.Action.MANAGE, member, visible_action=permissions.Action.VIEW)
    if member.role != Role.ADVOCATE:
        raise InvalidInput(_("Only advocates have a caseload, languages, regions and absences here."), code="role")


@transaction.atomic
def advocate_update_work(
    *, member: User, acting_user: User, capacity: int, languages: list[str], regions: list[str], expertise: list[str]
) -> User:
    """What the assignment suggestions weigh about an advocate: how many open cases they can
    carry, the languages they speak, the regions they cover, the needs they know best."""
    member = User.objects.select_for_update().get(pk=member.pk)
    _require_manager(acting_user, member)
    member.capacity = capacity
    member.languages = sorted(set(languages))
    member.regions = sorted(set(regions))
    member.expertise = sorted(set(expertise))
    member.full_clean(exclude=["password"])
    member.save(update_fields=["capacity", "languages", "regions", "expertise"])
    return member


@transaction.atomic
def absence_add(
    *, advocate: User, acting_user: User, starts_on: datetime.date, ends_on: datetime.date, covered_by: User
) -> Absence:
    """Record that ``advocate`` is away from ``starts_on`` to ``ends_on`` (both included) and
    that ``covered_by`` covers them: while it lasts, the colleague sees and acts on the absent
    advocate's cases (``cases.permissions.COVERING``)."""
    advocate = User.objects.select_for_update().get(pk=advocate.pk)  # one change to their absences at a time
    _require_manager(acting_user, advocate)
    if ends_on < starts_on:
        raise InvalidInput(_("The last day must be the same as the first day or after it."), code="dates")
    if ends_on < timezone.localdate():
        raise InvalidInput(_("The absence must not be over already: enter today or a later last day."), code="past")
    if covered_by.pk == advocate.pk:
        raise InvalidInput(_("Choose a colleague to cover: not the advocate who is away."), code="self")
    if not (
        covered_by.is_active
        and covered_by.role == Role.ADVOCATE
        and covered_by.organisation_id == advocate.organisation_id
    ):
        raise InvalidInput(_("Choose an advocate of your organisation to cover."), code="covered_by")
    overlapping = Absence.objects.filter(advocate=advocate, starts_on__lte=ends_on, ends_on__gte=starts_on)
    if overlapping.exists():
        raise InvalidInput(
            _("%(name)s is already recorded as away for some of those days.") % {"name": advocate.get_full_name()},
            code="overlap",
        )
    away_too = Absence.objects.filter(advocate=covered_by, starts_on__lte=ends_on, ends_on__gte=starts_on)
    if away_too.exists():
        raise InvalidInput(
            _("%(name)s is away for some of those days too: choose someone else to cover.")
            % {"name": covered_by.get_full_name()},
            code="covered_by_away",
        )
    absence = Absence(advocate=advocate, covered_by=covered_by, starts_on=starts_on, ends_on=ends_on)
    absence.full_clean()
    absence.save()
    return absence


@transaction.atomic
def absence_end(*, absence: Absence, acting_user: User) -> Absence | None:
    """End an absence now: one under way ends yesterday (the advocate is back today, and the
    cover ends); one not started yet is removed. Returns the absence if it was kept."""
    absence = Absence.objects.select_for_update().select_related("advocate").get(pk=absence.pk)
    _require_manager(acting_user, absence.advocate)
    today = timezone.localdate()
    if absence.ends_on < today:
        raise InvalidState(_("This absence is already over."), code="over")
    if absence.starts_on >= today:
        absence.delete()
        return None
    absence.ends_on = today - datetime.timedelta(days=1)
    absence.save(update_fields=["ends_on"])
    return absence
