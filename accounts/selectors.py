"""Reads of accounts data, always scoped to the user asking."""

from __future__ import annotations

import uuid

from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.db.models import OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from patientportal.errors import NotFound

from . import permissions
from .models import Absence, CalendarFeed, Holiday, Organisation, Role, User


def member_list_for_user(*, user: User) -> QuerySet[User]:
    """The staff of the user's own organisation, for those who may see the team; else nothing."""
    return permissions.MEMBERS.filter(user, permissions.Action.VIEW).order_by("role", "first_name", "last_name")


def organisation_advocates(*, organisation_id) -> QuerySet[User]:
    """The active advocates of an organisation, by name: who may be given cases, own follow-ups
    and cover a colleague."""
    return User.objects.filter(organisation_id=organisation_id, role=Role.ADVOCATE, is_active=True).order_by(
        "first_name", "last_name"
    )


def team_for_user(*, user: User) -> QuerySet[User]:
    """The team page: each member with, for advocates, their open cases and whether they are
    away today (until when, and who covers them). One query whatever the size of the team."""
    from cases.selectors.supervisor import open_cases_count

    today = timezone.localdate()
    away = Absence.objects.filter(advocate=OuterRef("pk"), starts_on__lte=today, ends_on__gte=today)
    covering = Absence.objects.filter(covered_by=OuterRef("pk"), starts_on__lte=today, ends_on__gte=today)
    return member_list_for_user(user=user).annotate(
        open_cases=open_cases_count(),
        away_until=Subquery(away.order_by("-ends_on").values("ends_on")[:1]),
        covered_by_first=Subquery(away.order_by("-ends_on").values("covered_by__first_name")[:1]),
        covered_by_last=Subquery(away.order_by("-ends_on").values("covered_by__last_name")[:1]),
        covering_first=Subquery(covering.order_by("ends_on").values("advocate__first_name")[:1]),
        covering_last=Subquery(covering.order_by("ends_on").values("advocate__last_name")[:1]),
    )


def absences_of(*, member: User) -> QuerySet[Absence]:
    """A member's absences that are not over, soonest first, with who covers them."""
    return (
        Absence.objects.filter(advocate=member, ends_on__gte=timezone.localdate())
        .select_related("covered_by")
        .order_by("starts_on", "id")
    )


def absence_get_for_user(*, user: User, member: User, absence_id: int) -> Absence:
    """One absence of a member the user may manage; anything else is a 404."""
    permissions.MEMBERS.check(user, permissions.Action.MANAGE, member, visible_action=permissions.Action.VIEW)
    absence = Absence.objects.filter(pk=absence_id, advocate=member).first()
    if absence is None:
        raise Http404
    return absence


def member_get_for_user(*, user: User, member_id: uuid.UUID) -> User:
    """One member of the user's team. Missing and "not yours" are the same 404."""
    return permissions.MEMBERS.get(user, permissions.Action.VIEW, member_id, member_list_for_user(user=user))


def organisation_for_user(*, user: User) -> Organisation:
    if user.organisation_id is None:
        raise Http404
    return Organisation.objects.get(pk=user.organisation_id)


def holiday_list_for_organisation(*, organisation: Organisation) -> QuerySet[Holiday]:
    return organisation.holidays.order_by("date")


def holiday_get_for_user(*, user: User, holiday_id: int) -> Holiday:
    return permissions.HOLIDAYS.get(user, permissions.Action.MANAGE, holiday_id)


def _basics_key(organisation_id) -> str:
    return f"organisation-basics:{organisation_id}"


def organisation_basics(*, organisation_id) -> dict[str, str]:
    """What every page for the organisation's staff shows of it: ``timezone`` (its name),
    ``name`` (as the header shows it: the short name if it has one) and ``full_name``. Cached, so
    most pages ask no query for them; saving an organisation, through a service or the admin,
    forgets them (``organisation_forget_basics``)."""
    key = _basics_key(organisation_id)
    basics = cache.get(key)
    if basics is None:
        row = Organisation.objects.filter(pk=organisation_id).values("timezone", "name", "short_name").first()
        basics = (
            {"timezone": row["timezone"] or "UTC", "name": row["short_name"] or row["name"], "full_name": row["name"]}
            if row
            else {"timezone": "UTC", "name": "", "full_name": ""}
        )
        cache.set(key, basics, 24 * 60 * 60)
    return basics


def organisation_forget_basics(*, organisation_id) -> None:
    cache.delete(_basics_key(organisation_id))


def _second_factor_key(user_id) -> str:
    return f"second-factor:{user_id}"


#: Only "has one" is cached, and for a few minutes at most: a new second factor counts at once,
#: and a removed one is forgotten when it is removed (``accounts.signals``).
SECOND_FACTOR_CACHE_SECONDS = 5 * 60


def user_has_second_factor(*, user: User) -> bool:
    """Whether the user has an authenticator app or a passkey (staff need one for every staff
    page, ``StaffMFAMiddleware``): one query, or none while a "yes" is in the cache."""
    key = _second_factor_key(user.pk)
    if cache.get(key):
        return True
    has_one = Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()
    if has_one:
        cache.set(key, True, SECOND_FACTOR_CACHE_SECONDS)
    return has_one


def user_forget_second_factor(*, user_id) -> None:
    cache.delete(_second_factor_key(user_id))


def organisation_timezone(*, organisation_id) -> str:
    """The organisation's time zone name, cached (``organisation_basics``)."""
    return organisation_basics(organisation_id=organisation_id)["timezone"]


def organisation_serving_country(*, country: str) -> Organisation | None:
    """The member society that takes requests from this country (one per country)."""
    return Organisation.objects.filter(countries__contains=[country]).order_by("name").first()


def countries_served() -> list[str]:
    """The countries some member society serves: the only ones a request can come from."""
    codes: set[str] = set()
    for countries in Organisation.objects.values_list("countries", flat=True):
        codes.update(countries)
    return sorted(codes)


def calendar_feed_active_for_user(*, user: User) -> CalendarFeed | None:
    """The user's calendar link that works now, if any."""
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def calendar_feed_get_by_token(*, token: str) -> CalendarFeed:
    """The working calendar link ``token`` opens, with its owner: one query (none for a token
    we could not have made).

    Found by the token's SHA-256 through a unique index, never by comparing tokens, so the
    time taken tells nothing about how close a guess was. Unknown, malformed, stopped, and an
    owner who may no longer have a feed (no longer an active advocate) are the same NotFound.
    """
    if not CalendarFeed.is_well_formed(token):
        raise NotFound
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=CalendarFeed.digest(token), revoked_at__isnull=True)
        .first()
    )
    if feed is None or not permissions.can_subscribe_to_follow_ups(feed.user):
        raise NotFound
    return feed


def user_country(*, user) -> str:
    """The member country a signed-in person is in, as far as the site knows; "" when it does
    not know (or for a visitor).

    A client: the country of their latest request (where it was routed), else of the request
    they are writing. Staff: their organisation's country when it serves only one. One query
    (for a client, on the ``case_applicant_recent`` index).
    """
    if not getattr(user, "is_authenticated", False):
        return ""
    if not user.is_client:
        countries = user.organisation.countries if user.organisation_id else []
        return countries[0] if len(countries) == 1 else ""
    latest_request = user.cases.order_by("-submitted_at").values("country")[:1]
    draft = user.request_drafts.filter(case__isnull=True).exclude(country="").values("country")[:1]
    found = (
        User.objects.filter(pk=user.pk)
        .annotate(country=Coalesce(Subquery(latest_request), Subquery(draft), Value("")))
        .values_list("country", flat=True)
        .first()
    )
    return found or ""
