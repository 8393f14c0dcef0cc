"""Each advocate's open follow-ups as a private iCalendar feed (RFC 5545), for their calendar app.

``GET /calendar/<token>.ics`` needs no session: calendar apps do not sign in, the token in the
URL is the key. The links are made and stopped by the advocate on their account page
(``accounts.views``; the token's model is ``accounts.models.CalendarFeed``), and this module
answers them. Anyone who has a link can read it, so an event says only when a follow-up is due
and "<case reference>: <kind>" (``cases.choices.FollowUpKind``): never the follow-up's own text,
a name, or anything about health.

The follow-up read (``followup_list_for_calendar``) is here rather than in ``cases.selectors``
because it serves this feed alone; like every read of the cases app, it goes through the
access policy ``CASES``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts import selectors as account_selectors
from accounts.models import CalendarFeed, User
from notifications.kinds import site_link

from .choices import CaseAction, FollowUpKind
from .models import FollowUp
from .permissions import CASES

#: The follow-ups in the feed: due from PAST ago (overdue ones stay visible for a while) to
#: FUTURE ahead, the soonest first, at most MAX_EVENTS of them.
PAST = datetime.timedelta(days=30)
FUTURE = datetime.timedelta(days=365)
MAX_EVENTS = 500
#: How long each follow-up's event lasts in the calendar (a follow-up has a due time only).
EVENT_LENGTH = datetime.timedelta(minutes=30)
#: How often calendar apps are asked to fetch the feed again.
REFRESH = datetime.timedelta(hours=1)


def followup_list_for_calendar(*, user: User, now: datetime.datetime) -> list[FollowUp]:
    """The open follow-ups ``user`` owns on cases the policy lets them see (a follow-up left on
    a case now assigned to someone else is not shown), due within the window around ``now``,
    the soonest first, at most ``MAX_EVENTS``. One query, whatever their number; the
    follow-up's own text is not even read."""
    return list(
        FollowUp.objects.filter(
            CASES.q(user, CaseAction.VIEW, prefix="case__"),
            owner=user,
            completed_at__isnull=True,
            due_at__gte=now - PAST,
            due_at__lt=now + FUTURE,
        )
        .select_related("case")
        .only("id", "due_at", "is_client_contact", "is_reassessment", "case", "case__reference")
        .order_by("due_at", "id")[:MAX_EVENTS]
    )


def _site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def followup_event_summary(follow_up: FollowUp) -> str:
    """The event's title: the case's reference and the kind of follow-up, nothing else."""
    return f"{follow_up.case.reference}: {FollowUpKind.of(follow_up).label}"


def followup_calendar(
    *, feed: CalendarFeed, follow_ups: Iterable[FollowUp], now: datetime.datetime
) -> icalendar.Calendar:
    """The feed: one event per follow-up, at its due time in UTC (stored so; the calendar app
    shows it in the advocate's own time zone), for ``EVENT_LENGTH``. Each event's UID is
    stable (``followup-<id>@<host>``), so an app updates it when the due time moves."""
    host = _site_host()
    calendar = icalendar.Calendar.new(
        prodid=f"-//{settings.SITE_NAME}//Follow-ups//EN",
        name=_("%(site)s: my follow-ups") % {"site": settings.SITE_NAME},
        uid=f"calendar-feed-{feed.pk}@{host}",
    )
    calendar.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})  # RFC 7986
    calendar.add("X-PUBLISHED-TTL", icalendar.vDuration(REFRESH))  # the same, for Outlook and older apps
    stamp = now.astimezone(datetime.UTC)
    for follow_up in follow_ups:
        start = follow_up.due_at.astimezone(datetime.UTC)
        calendar.add_component(
            icalendar.Event.new(
                uid=f"followup-{follow_up.pk}@{host}",
                start=start,
                end=start + EVENT_LENGTH,
                stamp=stamp,
                summary=followup_event_summary(follow_up),
                # A link to the case page (ids only): the details are behind sign-in.
                description=site_link("case_detail", case_id=follow_up.case_id),
                # Shared calendars (Exchange, Google) hide the details of a private event from
                # the colleagues the calendar is shared with.
                classification=icalendar.CLASS.PRIVATE,
            )
        )
    return calendar


@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed behind a private link: 2 queries (the link with its owner, the follow-ups)
    whatever the number of follow-ups. A link that does not work now is a 404."""
    feed = account_selectors.calendar_feed_get_by_token(token=token)
    now = timezone.now()
    follow_ups = followup_list_for_calendar(user=feed.user, now=now)
    # A calendar app asks in no one's language: the feed's words are in its owner's.
    with translation.override(feed.user.writing_language):
        body = followup_calendar(feed=feed, follow_ups=follow_ups, now=now).to_ical()
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    # The answer to a secret URL: kept by no cache between here and the calendar app.
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
