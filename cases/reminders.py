"""Reminders and escalations: what a case owes people at a time, kept in the outbox.

A reminder is a ``notifications.Notification`` row with a due time (``next_attempt_at``); the
database, not the broker, holds it. ``reminders_sync`` works out from a case's state everything
it owes now and makes the outbox match: it queues what is missing, moves what is now due at
another time, and cancels what is no longer owed. ``event_append`` calls it for every event
that can change what is owed, in the same transaction as the change (the case spine: every case
write appends an event). What a case owes:

- each open follow-up: a reminder to its owner when it falls due (the six-week reassessment has
  its own wording), and, when it is ``REMINDER_OVERDUE_WORKING_DAYS`` working days overdue, an
  escalation to the organisation's supervisors;
- a planned contact with the client: a reminder to the client the day before, by the channel
  they chose (e-mail or a text message), never by one they did not;
- a case without a first contact: a warning to its advocate at 75% of the first-contact target,
  and an escalation to the supervisors when the target is missed;
- a new case nobody has taken for ``REMINDER_UNASSIGNED_HOURS``: an escalation to the supervisors;
- a case waiting on the client for ``REMINDER_WAITING_ON_CLIENT_DAYS``: a reminder to its advocate.

An escalation repeats every ``REMINDER_ESCALATION_REPEAT_HOURS`` until what it is about is done:
each one sent queues the next (``_continue_chain``), and the first of a chain writes one event on
the case (``EventKind.ESCALATED``): one line in the timeline per chain, not one per e-mail.

When a reminder is sent, its kind re-reads the record and sends nothing if it is no longer owed
(done, moved, the case closed): the outbox can lag behind, never mislead. A reminder owed to an
advocate goes to whoever is responsible when it falls due: the owner, or the colleague covering
their absence that day, or the case's advocate if the owner can no longer work on it
(``_redirect``).

Idempotency keys: ``<kind>:<about id>:<due, UTC, compact>[:<n>]:<recipient id>``, where ``n``
numbers the repeats of an escalation. A reminder moved to another time is the same row with a
new due time and key; one already sent for a due time is never sent again for that time.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, Role, User
from accounts.working_days import MAX_SPAN, organisation_calendar
from notifications.kinds import register
from notifications.kinds import site_link as link
from notifications.models import Channel, Notification, NotificationState
from notifications.services import notification_queue

from . import permissions
from .choices import OPEN_STATUSES, CaseAction, CaseStatus, ContactMethod, EventKind
from .models import Case, FollowUp
from .selectors import contact_preferences_current

FOLLOW_UP_DUE = "follow_up_due"
REASSESSMENT_DUE = "reassessment_due"
FOLLOW_UP_OVERDUE = "follow_up_overdue"
FIRST_CONTACT_WARNING = "first_contact_warning"
FIRST_CONTACT_MISSED = "first_contact_missed"
CASE_UNASSIGNED = "case_unassigned"
PLANNED_CONTACT = "planned_contact"
WAITING_ON_CLIENT = "waiting_on_client"

#: Escalations: repeated until what they are about is done.
ESCALATIONS = frozenset({FOLLOW_UP_OVERDUE, FIRST_CONTACT_MISSED, CASE_UNASSIGNED})
#: Every kind ``reminders_sync`` keeps (it never touches the others).
CASE_REMINDERS = frozenset(
    {
        FOLLOW_UP_DUE,
        REASSESSMENT_DUE,
        FOLLOW_UP_OVERDUE,
        FIRST_CONTACT_WARNING,
        FIRST_CONTACT_MISSED,
        CASE_UNASSIGNED,
        PLANNED_CONTACT,
        WAITING_ON_CLIENT,
    }
)
#: The events after which what a case owes may have changed (``event_append`` syncs then).
SYNC_EVENTS = frozenset(
    {
        EventKind.SUBMITTED,
        EventKind.ASSIGNED,
        EventKind.REASSIGNED,
        EventKind.STATUS_CHANGED,
        EventKind.CLOSED,
        EventKind.REOPENED,
        EventKind.WITHDRAWN,
        EventKind.TRANSFERRED,
        EventKind.CONTACT_PREFERENCES_CHANGED,
        EventKind.CONTACT_LOGGED,
        EventKind.FOLLOW_UP_SCHEDULED,
        EventKind.FOLLOW_UP_RESCHEDULED,
        EventKind.FOLLOW_UP_COMPLETED,
        EventKind.ASSESSMENT_RECORDED,
        EventKind.PERSONAL_DATA_ERASED,
        EventKind.MERGED,
    }
)

#: When the client is reminded of a planned contact: the day before, at this local time.
PLANNED_CONTACT_REMINDER_TIME = datetime.time(10, 0)
#: A planned contact made too late for that: reminded at once if it is at least this far ahead.
PLANNED_CONTACT_SHORT_NOTICE = datetime.timedelta(hours=2)
#: The share of the first-contact target after which the advocate is warned.
FIRST_CONTACT_WARNING_SHARE = 0.75


@dataclass(frozen=True)
class Owed:
    """One reminder a case owes now: what, about which record, to whom, when, how."""

    kind: str
    about: Case | FollowUp
    recipient_id: Any
    due_at: datetime.datetime
    channel: str = Channel.EMAIL

    @property
    def prefix(self) -> str:
        """The start of the keys of this reminder and of its repeats (an escalation's)."""
        return f"{self.kind}:{self.about.pk}:{compact(self.due_at)}:"

    @property
    def slot(self) -> tuple[str, str, str, str]:
        return (self.kind, self.about._meta.label_lower, str(self.about.pk), str(self.recipient_id))


def compact(moment: datetime.datetime) -> str:
    """A moment in UTC as a key part (no colons: they separate the parts)."""
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%S%fZ")


# --- what a case owes ----------------------------------------------------------------------------


def first_contact_deadline(case: Case) -> datetime.datetime:
    """The end of the first-contact date in the organisation's time zone (the target is missed
    once that day is over)."""
    zone = zoneinfo.ZoneInfo(case.organisation.timezone)
    next_day = case.first_contact_due + datetime.timedelta(days=1)
    return datetime.datetime.combine(next_day, datetime.time(0, 0), tzinfo=zone)


def _working_days_later(case: Case, moments: list[datetime.datetime], days: int) -> list[datetime.datetime]:
    """``days`` working days after each of ``moments`` (the case's calendar), at the same local
    time. One calendar (one query) for them all, unless they span more than a calendar can."""
    zone = zoneinfo.ZoneInfo(case.organisation.timezone)
    local = [moment.astimezone(zone) for moment in moments]
    if not local:
        return []
    since = min(moment.date() for moment in local)
    # Room after the last for the working days to count (weekends, holidays): a month is plenty.
    until = max(moment.date() for moment in local) + datetime.timedelta(days=days * 7 + 31)
    if until - since > MAX_SPAN:
        return [_working_days_later(case, [moment], days)[0] for moment in moments]
    calendar = organisation_calendar(
        organisation=case.organisation, country=case.country, region=case.region, since=since, until=until
    )
    return [
        datetime.datetime.combine(
            calendar.add_working_days(moment.date(), days), moment.time().replace(tzinfo=None), tzinfo=zone
        ).astimezone(datetime.UTC)
        for moment in local
    ]


def client_channel(case: Case) -> str | None:
    """How the client asked to be contacted, of the channels reminders can use: e-mail, else a
    text message; None when they chose neither (then nothing is sent to them)."""
    preferences = contact_preferences_current(case=case)
    methods = set(preferences.contact_methods or []) if preferences else set()
    if ContactMethod.EMAIL in methods:
        return Channel.EMAIL
    if ContactMethod.TEXT in methods and preferences.phone:
        return Channel.SMS
    return None


def _day_before(case: Case, due_at: datetime.datetime) -> datetime.datetime:
    zone = zoneinfo.ZoneInfo(case.organisation.timezone)
    day = due_at.astimezone(zone).date() - datetime.timedelta(days=1)
    return datetime.datetime.combine(day, PLANNED_CONTACT_REMINDER_TIME, tzinfo=zone).astimezone(datetime.UTC)


def owed_by(case: Case, follow_ups: Iterable[FollowUp], *, now: datetime.datetime) -> list[Owed]:
    """Every reminder ``case`` owes now (``case.organisation`` loaded). Queries: the supervisors
    and the organisation's closures when needed, the client's contact preferences when a
    contact with them is planned."""
    if case.status not in OPEN_STATUSES:
        return []
    owed: list[Owed] = []
    supervisors: list[Any] | None = None

    def to_supervisors(kind: str, about: Case | FollowUp, due_at: datetime.datetime) -> list[Owed]:
        nonlocal supervisors
        if supervisors is None:
            supervisors = list(permissions.supervisors_of(case).values_list("pk", flat=True))
        return [Owed(kind, about, pk, due_at) for pk in supervisors]

    if case.assigned_to_id is None and case.status in (CaseStatus.NEW, CaseStatus.TRANSFERRED):
        waiting_since = case.submitted_at
        owed += to_supervisors(
            CASE_UNASSIGNED, case, waiting_since + datetime.timedelta(hours=settings.REMINDER_UNASSIGNED_HOURS)
        )
    if case.first_contact_at is None:
        deadline = first_contact_deadline(case)
        owed += to_supervisors(FIRST_CONTACT_MISSED, case, deadline)
        if case.assigned_to_id is not None and now < deadline:
            warning = case.submitted_at + (deadline - case.submitted_at) * FIRST_CONTACT_WARNING_SHARE
            owed.append(Owed(FIRST_CONTACT_WARNING, case, case.assigned_to_id, warning))
    if case.status == CaseStatus.WAITING_ON_CLIENT and case.waiting_since and case.assigned_to_id:
        due = case.waiting_since + datetime.timedelta(days=settings.REMINDER_WAITING_ON_CLIENT_DAYS)
        owed.append(Owed(WAITING_ON_CLIENT, case, case.assigned_to_id, due))
    channel: str | None = None
    channel_read = False
    open_follow_ups = [follow_up for follow_up in follow_ups if follow_up.completed_at is None]
    overdue_at = _working_days_later(
        case, [follow_up.due_at for follow_up in open_follow_ups], settings.REMINDER_OVERDUE_WORKING_DAYS
    )
    for follow_up, overdue in zip(open_follow_ups, overdue_at, strict=True):
        kind = REASSESSMENT_DUE if follow_up.is_reassessment else FOLLOW_UP_DUE
        owed.append(Owed(kind, follow_up, follow_up.owner_id, follow_up.due_at))
        owed += to_supervisors(FOLLOW_UP_OVERDUE, follow_up, overdue)
        if follow_up.is_client_contact and follow_up.due_at > now:
            if not channel_read:
                channel, channel_read = client_channel(case), True
            if channel is None:
                continue
            remind_at = _day_before(case, follow_up.due_at)
            if remind_at <= now:  # planned at short notice: now, if there is still time
                if follow_up.due_at - now < PLANNED_CONTACT_SHORT_NOTICE:
                    continue
                remind_at = now
            owed.append(Owed(PLANNED_CONTACT, follow_up, case.applicant_id, remind_at, channel))
    return owed


# --- keeping the outbox in step ------------------------------------------------------------------


@transaction.atomic(savepoint=False)  # the caller's transaction (a savepoint would cost two queries)
def reminders_sync(*, case_id: Any, now: datetime.datetime | None = None) -> None:
    """Make the outbox hold exactly the reminders the case owes now: queue, move, cancel.

    Call it inside the transaction of the change (``event_append`` does). Only rows still
    waiting (``pending``) are moved or cancelled: one being sent is left to finish (its kind
    re-checks that it is still owed), one sent stays sent.
    """
    now = now or timezone.now()
    case = Case.objects.select_related("organisation").get(pk=case_id)
    follow_ups = list(FollowUp.objects.filter(case_id=case.pk).order_by("due_at", "id"))
    owed = owed_by(case, follow_ups, now=now)
    about = Q(about_type=Case._meta.label_lower, about_id=str(case.pk))
    if follow_ups:
        about |= Q(about_type=FollowUp._meta.label_lower, about_id__in=[str(f.pk) for f in follow_ups])
    waiting: dict[tuple[str, str, str, str], list[Notification]] = {}
    for row in Notification.objects.select_for_update().filter(
        about, kind__in=CASE_REMINDERS, state=NotificationState.PENDING
    ):
        waiting.setdefault((row.kind, row.about_type, row.about_id, str(row.recipient_id)), []).append(row)
    cancel: list[int] = []
    for item in owed:
        rows = waiting.pop(item.slot, [])
        kept = [row for row in rows if row.idempotency_key.startswith(item.prefix)]
        others = [row for row in rows if row not in kept]
        if not kept and others and _move(others[0], item):
            kept, others = [others[0]], others[1:]
        cancel += [row.pk for row in others]
        if not kept:
            _queue(case, item)
    # A reminder redirected when it fell due (to the colleague covering the owner, say) is kept:
    # it is the same occasion as one owed, to someone else.
    occasions = {(item.kind, str(item.about.pk)): item.prefix for item in owed}
    cancel += [
        row.pk
        for rows in waiting.values()
        for row in rows
        if not row.idempotency_key.startswith(occasions.get((row.kind, row.about_id), "\0"))
    ]
    if cancel:
        Notification.objects.filter(pk__in=cancel, state=NotificationState.PENDING).update(
            state=NotificationState.CANCELLED
        )


def _key(item: Owed, repeat: int = 0) -> str:
    """The occasion part of the key (``notification_queue`` adds the kind and the recipient)."""
    return f"{item.about.pk}:{compact(item.due_at)}" + (f":{repeat}" if repeat else "")


def _move(row: Notification, item: Owed) -> bool:
    """Move a waiting reminder to the new due time (False if one for that time exists already:
    sent before the last move, say; then the waiting one is cancelled instead)."""
    key = f"{item.kind}:{_key(item)}:{item.recipient_id}"
    if Notification.objects.filter(idempotency_key=key).exists():
        return False
    row.next_attempt_at = item.due_at
    row.idempotency_key = key
    row.channel = item.channel
    row.save(update_fields=["next_attempt_at", "idempotency_key", "channel"])
    return True


def _queue(case: Case, item: Owed) -> None:
    """Queue one owed reminder, in its recipient's language: the client's is the one they chose
    for contact; staff's, the first they speak (``notification_queue``'s default)."""
    if item.kind == PLANNED_CONTACT:
        preferences = contact_preferences_current(case=case)
        recipient, language = case.applicant, (preferences.language if preferences else "") or None
    else:
        recipient, language = User.objects.get(pk=item.recipient_id), None
    notification_queue(
        kind=item.kind,
        recipients=[recipient],
        key=_key(item),
        about=item.about,
        organisation_id=case.organisation_id,
        language=language,
        due_at=item.due_at,
        channel=item.channel,
    )


def reminders_sync_all(*, batch: int = 500) -> int:
    """Sync every open case (after an upgrade, or to repair): returns how many."""
    count = 0
    ids = list(Case.objects.filter(status__in=OPEN_STATUSES).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        with transaction.atomic():
            for case_id in ids[start : start + batch]:
                reminders_sync(case_id=case_id)
                count += 1
    return count


# --- when a reminder is sent ---------------------------------------------------------------------


def _parts(notification: Notification) -> tuple[datetime.datetime, int]:
    """The due time and the repeat number a reminder's key holds."""
    pieces = notification.idempotency_key.split(":")
    due = datetime.datetime.strptime(pieces[2], "%Y%m%dT%H%M%S%fZ").replace(tzinfo=datetime.UTC)
    repeat = int(pieces[3]) if len(pieces) == 5 else 0
    return due, repeat


def _still_owed(notification: Notification, case: Case, about: Case | FollowUp) -> Owed | None:
    """The reminder, if the case still owes it as it was queued (the same record, due time,
    channel; an escalation to someone still a supervisor of the case); None when it does not.
    ``reminders_sync`` cancels and moves rows with every change: this is the check at the last
    moment, in case the outbox lags behind."""
    due, _repeat = _parts(notification)
    now = timezone.now()
    kind = notification.kind
    item = Owed(kind, about, notification.recipient_id, due, notification.channel)
    if case.status not in OPEN_STATUSES:
        return None
    if isinstance(about, FollowUp):
        if about.completed_at is not None:
            return None
        if kind in (FOLLOW_UP_DUE, REASSESSMENT_DUE):
            owed = compact(about.due_at) == compact(due)
        elif kind == FOLLOW_UP_OVERDUE:
            [overdue] = _working_days_later(case, [about.due_at], settings.REMINDER_OVERDUE_WORKING_DAYS)
            owed = compact(overdue) == compact(due)
        elif kind == PLANNED_CONTACT:
            owed = (
                about.is_client_contact
                and about.due_at > now
                and due >= _day_before(case, about.due_at)
                and client_channel(case) == notification.channel
            )
        else:
            owed = False
    elif kind == FIRST_CONTACT_WARNING:
        owed = case.first_contact_at is None and case.assigned_to_id is not None and now < first_contact_deadline(case)
    elif kind == FIRST_CONTACT_MISSED:
        owed = case.first_contact_at is None and compact(first_contact_deadline(case)) == compact(due)
    elif kind == CASE_UNASSIGNED:
        owed = case.assigned_to_id is None and case.status in (CaseStatus.NEW, CaseStatus.TRANSFERRED)
    elif kind == WAITING_ON_CLIENT:
        owed = (
            case.status == CaseStatus.WAITING_ON_CLIENT
            and case.waiting_since is not None
            and compact(case.waiting_since + datetime.timedelta(days=settings.REMINDER_WAITING_ON_CLIENT_DAYS))
            == compact(due)
        )
    else:
        owed = False
    if owed and kind in ESCALATIONS:
        owed = permissions.supervisors_of(case).filter(pk=notification.recipient_id).exists()
    return item if owed else None


def _responsible(case: Case, owner_id: Any) -> Any:
    """Who should act on a case's reminder today: the owner if they can still work on the case,
    else the case's advocate; and for either, whoever covers their absence today."""
    with timezone.override(zoneinfo.ZoneInfo(case.organisation.timezone)):
        owner = User.objects.filter(pk=owner_id, is_active=True).first()
        if owner is None or owner.role != Role.ADVOCATE or not _works_on(owner, case):
            owner_id = case.assigned_to_id
        if owner_id is None:
            return None
        cover = permissions.COVERING._absences().filter(advocate_id=owner_id).values_list("covered_by_id", flat=True)
        return next(iter(cover), owner_id)


def _works_on(user: User, case: Case) -> bool:
    if case.assigned_to_id == user.pk:
        return True
    return permissions.CASES.allows(user, CaseAction.WORK, case)


def _redirect(notification: Notification, case: Case, item: Owed) -> bool:
    """An advocate's reminder owed to someone else today (covering, reassigned): queue it for
    them at once and send nothing to this recipient. True if redirected."""
    responsible = _responsible(case, item.recipient_id)
    if responsible is None or str(responsible) == str(notification.recipient_id):
        return False
    due, repeat = _parts(notification)
    notification_queue(
        kind=notification.kind,
        recipients=User.objects.filter(pk=responsible),
        key=_key(Owed(item.kind, item.about, responsible, due), repeat),
        about=item.about,
        organisation_id=case.organisation_id,
    )
    return True


def _continue_chain(notification: Notification, case: Case, item: Owed) -> None:
    """An escalation being sent: queue its next repeat, and tell the case's timeline once."""
    _due, repeat = _parts(notification)
    again = timezone.now() + datetime.timedelta(hours=settings.REMINDER_ESCALATION_REPEAT_HOURS)
    notification_queue(
        kind=notification.kind,
        recipients=[notification.recipient],
        key=_key(item, repeat + 1),
        about=item.about,
        organisation_id=case.organisation_id,
        language=notification.language,
        due_at=again,
    )
    chain = item.prefix.rstrip(":")
    if repeat == 0 and not case.events.filter(kind=EventKind.ESCALATED, payload__chain=chain).exists():
        from .services.events import event_append  # services import this module

        payload: dict[str, Any] = {"chain": chain, "about": notification.kind}
        if isinstance(item.about, FollowUp):
            payload["follow_up"] = item.about.pk
        event_append(case=case, kind=EventKind.ESCALATED, actor=None, payload=payload)


def _context(notification: Notification) -> tuple[Case, Case | FollowUp, Owed] | None:
    """The record a reminder is about, and the reminder as still owed; None if it is not."""
    if notification.about_type == FollowUp._meta.label_lower:
        about = FollowUp.objects.select_related("case__organisation").filter(pk=notification.about_id).first()
        case = about.case if about is not None else None
    else:
        case = Case.objects.select_related("organisation").filter(pk=notification.about_id).first()
        about = case
    if case is None or about is None:
        return None
    item = _still_owed(notification, case, about)
    if item is None:
        return None
    return case, about, item


def _staff_reminder(notification: Notification) -> tuple[Case, Case | FollowUp, Owed] | None:
    found = _context(notification)
    if found is None:
        return None
    case, _about, item = found
    if notification.kind not in ESCALATIONS and _redirect(notification, case, item):
        return None
    if notification.kind in ESCALATIONS:
        _continue_chain(notification, case, item)
    return found


def _case_link(case: Case) -> str:
    return link("case_detail", case_id=case.pk)


def _register_staff_reminder(
    code: str, *, label: Any, roles: list[str], words: Callable[[Case, Case | FollowUp], dict[str, Any]]
) -> None:
    """A reminder to staff: still owed (else nothing), to whoever is responsible today, worded
    from the case's reference, a link to it, and ``words(case, what it is about)``."""

    @register(code, template=f"cases/email/{code}", label=label, digestible=True, roles=roles)
    def build(notification: Notification) -> dict | None:
        found = _staff_reminder(notification)
        if found is None:
            return None
        case, about, _item = found
        return {"reference": case.reference, "link": _case_link(case), **words(case, about)}


_register_staff_reminder(
    FOLLOW_UP_DUE, label=_("A follow-up is due"), roles=[Role.ADVOCATE], words=lambda case, f: {"due_at": f.due_at}
)
_register_staff_reminder(
    REASSESSMENT_DUE,
    label=_("A needs reassessment is due"),
    roles=[Role.ADVOCATE],
    words=lambda case, f: {"due_at": f.due_at},
)
_register_staff_reminder(
    FOLLOW_UP_OVERDUE,
    label=_("A follow-up is overdue"),
    roles=[Role.SUPERVISOR],
    words=lambda case, f: {"due_at": f.due_at, "days": settings.REMINDER_OVERDUE_WORKING_DAYS},
)
_register_staff_reminder(
    FIRST_CONTACT_WARNING,
    label=_("A first contact is due soon"),
    roles=[Role.ADVOCATE],
    words=lambda case, _about: {"due": case.first_contact_due},
)
_register_staff_reminder(
    FIRST_CONTACT_MISSED,
    label=_("A first contact is late"),
    roles=[Role.SUPERVISOR],
    words=lambda case, _about: {"due": case.first_contact_due},
)
_register_staff_reminder(
    CASE_UNASSIGNED,
    label=_("A request has been waiting for an advocate"),
    roles=[Role.SUPERVISOR],
    # To the queue, where it can be assigned.
    words=lambda case, _about: {"hours": settings.REMINDER_UNASSIGNED_HOURS, "link": link("queue")},
)
_register_staff_reminder(
    WAITING_ON_CLIENT,
    label=_("A case has been waiting on the client"),
    roles=[Role.ADVOCATE],
    words=lambda case, _about: {"days": settings.REMINDER_WAITING_ON_CLIENT_DAYS},
)


@register(
    PLANNED_CONTACT,
    template="cases/email/planned_contact",
    label=_("We will contact you tomorrow"),
    digestible=False,
    roles=[Role.CLIENT],
)
def _planned_contact(notification: Notification) -> dict | None:
    found = _context(notification)
    if found is None:
        return None
    case, follow_up, _item = found
    context = {
        "reference": case.reference,
        "due_at": follow_up.due_at,
        "organisation": case.organisation.short_name or case.organisation.name,
        "link": link("my_request_detail", case_id=case.pk),
    }
    if notification.channel == Channel.SMS:  # the number they gave, read when it is sent
        preferences = contact_preferences_current(case=case)
        context["sms_to"] = preferences.phone if preferences else ""
    return context


# --- at a time of day: the advocates' digest and the supervisors' weekly summary ----------------

FOLLOW_UP_DIGEST = "follow_up_digest"
WEEKLY_SUMMARY = "weekly_summary"


def local_day_started(zone_name: str, now: datetime.datetime) -> datetime.date | None:
    """The local date in ``zone_name`` if it is at least ``REMINDER_DIGEST_HOUR`` there now, else
    None. A day's message is keyed by this date: a planner running every few minutes sends it once
    a day at that hour, whatever the daylight-saving change (a repeated hour sends nothing twice,
    a skipped one loses nothing), and late rather than never after an outage."""
    local = now.astimezone(zoneinfo.ZoneInfo(zone_name))
    return local.date() if local.hour >= settings.REMINDER_DIGEST_HOUR else None


def _end_of(day: datetime.date, zone_name: str) -> datetime.datetime:
    return datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time(0, 0), tzinfo=zoneinfo.ZoneInfo(zone_name)
    )


def reminders_plan_daily(*, now: datetime.datetime | None = None) -> int:
    """Queue what is owed at the start of each organisation's day: each advocate with follow-ups
    due today (or overdue) their digest, and on Mondays each supervisor the weekly summary.
    Safe to run any number of times, from any number of schedulers: keyed by the local date.
    Queries: two per organisation, and one per organisation queueing on Mondays."""
    now = now or timezone.now()
    queued = 0
    for organisation_id, zone_name in Organisation.objects.values_list("pk", "timezone"):
        day = local_day_started(zone_name, now)
        if day is None:
            continue
        advocates = User.objects.filter(
            pk__in=FollowUp.objects.filter(
                case__organisation_id=organisation_id,
                case__status__in=OPEN_STATUSES,
                completed_at__isnull=True,
                due_at__lt=_end_of(day, zone_name),
            ).values("owner_id"),
            role=Role.ADVOCATE,
            is_active=True,
        )
        queued += len(
            notification_queue(
                kind=FOLLOW_UP_DIGEST, recipients=advocates, key=day.isoformat(), organisation_id=organisation_id
            )
        )
        if day.weekday() == 0:
            year, week, _weekday = day.isocalendar()
            supervisors = User.objects.filter(organisation_id=organisation_id, role=Role.SUPERVISOR, is_active=True)
            queued += len(
                notification_queue(
                    kind=WEEKLY_SUMMARY,
                    recipients=supervisors,
                    key=f"{year}-W{week:02d}",
                    organisation_id=organisation_id,
                )
            )
    return queued


def _day_of(notification: Notification) -> datetime.date:
    return datetime.date.fromisoformat(notification.idempotency_key.split(":")[1][:10])


@register(
    FOLLOW_UP_DIGEST,
    template="cases/email/follow_up_digest",
    label=_("Your follow-ups for today"),
    digestible=False,
    roles=[Role.ADVOCATE],
)
def _follow_up_digest(notification: Notification) -> dict | None:
    day = _day_of(notification)
    zone_name = notification.organisation.timezone
    mine = FollowUp.objects.filter(
        owner_id=notification.recipient_id, case__status__in=OPEN_STATUSES, completed_at__isnull=True
    )
    start = datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=zoneinfo.ZoneInfo(zone_name))
    today = mine.filter(due_at__gte=start, due_at__lt=_end_of(day, zone_name)).count()
    overdue = mine.filter(due_at__lt=start).count()
    if not today and not overdue:
        return None
    return {"today": today, "overdue": overdue, "day": day, "link": link("caseload")}


@register(
    WEEKLY_SUMMARY,
    template="cases/email/weekly_summary",
    label=_("The week ahead for your team"),
    digestible=False,
    roles=[Role.SUPERVISOR],
)
def _weekly_summary(notification: Notification) -> dict | None:
    cases = Case.objects.filter(organisation_id=notification.organisation_id)
    week_ago = timezone.now() - datetime.timedelta(days=7)
    return {
        "new": cases.filter(submitted_at__gte=week_ago).count(),
        "waiting": cases.filter(status__in=[CaseStatus.NEW, CaseStatus.TRANSFERRED], assigned_to__isnull=True).count(),
        "overdue": FollowUp.objects.filter(
            case__organisation_id=notification.organisation_id,
            case__status__in=OPEN_STATUSES,
            completed_at__isnull=True,
            due_at__lt=timezone.now(),
        ).count(),
        "late": cases.filter(
            status__in=OPEN_STATUSES, first_contact_at__isnull=True, first_contact_due__lt=timezone.localdate()
        ).count(),
        "link": link("metrics"),
    }
