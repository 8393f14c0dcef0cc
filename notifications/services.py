"""Writing notifications into the outbox, and delivering them.

``notification_queue`` is called by other services inside their transaction: the rows commit
(or roll back) with the change that owes them, and a nudge after the commit asks a worker to
send them now. If the broker is down at that moment nothing is lost: the rows wait, and the
dispatcher that Celery beat runs (every ``NOTIFICATION_DISPATCH_INTERVAL`` seconds) picks them up
once it is back.

Delivery is at most once per row in practice: the dispatcher hands the due ids to send tasks in
batches, and a worker delivers each row of a batch in its own transaction: it locks the row
while it sends and marks it sent in the same transaction, and a second task for the same row
waits for the lock and then finds it sent. (Only a crash between the mail server accepting the
message and the commit can repeat it, one message per worker process at most; the Message-ID
stays the same, so a receiving server can drop the repeat.)
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import logging
import random
import smtplib
import time
import zoneinfo
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import DatabaseError, InterfaceError, OperationalError, connection, models, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import User
from accounts.selectors import organisation_timezone
from patientportal.errors import InvalidInput, InvalidState

from . import kinds
from .models import DUE_STATES, Channel, Delivery, Notification, NotificationPreference, NotificationState
from .sms import PermanentSmsFailure, SmsMessage

logger = logging.getLogger(__name__)

State = NotificationState


# --- writing ---------------------------------------------------------------------------------


def notification_queue(
    *,
    kind: str,
    recipients: Iterable[Any],
    key: str,
    about: models.Model | None = None,
    organisation_id: Any = None,
    language: str | None = None,
    due_at: datetime.datetime | None = None,
    channel: str = Channel.EMAIL,
) -> list[Notification]:
    """Owe ``kind`` to each of ``recipients``; call it inside the transaction of the change.

    ``key`` identifies the occasion (e.g. the message's id): with the kind and the recipient it
    makes the idempotency key, so queueing the same thing twice queues it once. ``language``
    is the recipient's language for this message (default: the first they speak, else the
    site's). ``due_at``: when it is owed (a reminder), default now; ``channel``: e-mail, or a
    text message. Returns the rows written now (not those that already existed).
    """
    kinds.get(kind)  # an unknown kind is a programming error: fail the transaction now
    now = timezone.now()
    rows = [
        Notification(
            kind=kind,
            recipient_id=recipient.pk,
            organisation_id=organisation_id,
            about_type=about._meta.label_lower if about is not None else "",
            about_id=str(about.pk) if about is not None else "",
            language=language or recipient.writing_language,
            idempotency_key=f"{kind}:{key}:{recipient.pk}",
            next_attempt_at=due_at or now,
            channel=channel,
        )
        for recipient in recipients
    ]
    if not rows:
        return []
    keys = [row.idempotency_key for row in rows]
    existing = set(Notification.objects.filter(idempotency_key__in=keys).values_list("idempotency_key", flat=True))
    new = [row for row in rows if row.idempotency_key not in existing]
    # A row another transaction writes meanwhile is skipped (ON CONFLICT DO NOTHING), so the
    # rows come back from the database rather than from bulk_create (which gives no ids then).
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    created = list(Notification.objects.filter(idempotency_key__in=[row.idempotency_key for row in new]))
    if created and (due_at is None or due_at <= now):
        _nudge_on_commit()
    return created


def _nudge_on_commit() -> None:
    """One nudge per transaction, however many notifications it owes."""
    connection = transaction.get_connection()
    if not any(callback is _nudge for _savepoints, callback, _robust in connection.run_on_commit):
        transaction.on_commit(_nudge)


def _nudge() -> None:
    """Ask a worker to dispatch now. Failing fast is fine: beat's dispatcher will do it anyway."""
    from .tasks import dispatch_notifications

    try:
        # One quick try at the broker, so that a request never waits for it.
        with current_app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
            dispatch_notifications.apply_async(retry=False, connection=connection)
    except Exception as exc:  # the broker is unreachable: the rows wait in the database
        logger.warning("notification nudge not sent (%s); the next dispatch will send them", type(exc).__name__)


@transaction.atomic
def notification_retry(*, notification: Notification, acting_user: Any) -> Notification:
    """Send a failed notification again ("try again" on the admin's page)."""
    from .permissions import NOTIFICATIONS, Action

    notification = Notification.objects.select_for_update().get(pk=notification.pk)
    NOTIFICATIONS.check(acting_user, Action.RETRY, notification)
    if notification.state != State.FAILED:
        raise InvalidState(translation.gettext("This notification is not waiting to be tried again."))
    notification.state = State.PENDING
    notification.attempts = 0  # a fresh set of tries: the admin has fixed what was wrong
    notification.next_attempt_at = timezone.now()
    notification.claimed_at = None
    notification.save(update_fields=["state", "attempts", "next_attempt_at", "claimed_at"])
    _nudge_on_commit()
    return notification


# --- on the site: the list of notifications, and how each person wants them -----------------


def _refresh_unread(user_id: Any) -> None:
    """Count the person's unread notifications again (the header shows the number). Their row is
    locked first: a delivery adding one meanwhile waits, and is counted, or adds after the count."""
    User.objects.select_for_update().filter(pk=user_id).values_list("pk", flat=True).first()
    unread = (
        Notification.objects.filter(recipient_id=OuterRef("pk"), shown_at__isnull=False, read_at__isnull=True)
        .order_by()
        .values("recipient_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    User.objects.filter(pk=user_id).update(unread_notifications=Coalesce(Subquery(unread), 0))


@transaction.atomic
def notification_mark_read(*, user: Any, notification: Notification | None = None) -> int:
    """Mark one of the person's notifications as read, or all of them (``notification`` None).
    Returns how many were unread."""
    rows = Notification.objects.filter(recipient_id=user.pk, shown_at__isnull=False, read_at__isnull=True)
    if notification is not None:
        rows = rows.filter(pk=notification.pk)
    count = rows.update(read_at=timezone.now())
    if count:
        _refresh_unread(user.pk)
    return count


@transaction.atomic
def notification_preferences_set(*, user: Any, choices: dict[str, str]) -> None:
    """Record how the person wants each kind they may choose for (``kinds.digestible_for``):
    straight away (no row: the default) or in a daily digest. Anything else is refused whole."""
    allowed = {kind.code for kind in kinds.digestible_for(user.role)}
    unknown = set(choices) - allowed
    if unknown or not set(choices.values()) <= set(Delivery.values):
        raise InvalidInput(translation.gettext("Choose how you want each kind of notification."), code="choices")
    NotificationPreference.objects.filter(user_id=user.pk, kind__in=list(choices)).delete()
    NotificationPreference.objects.bulk_create(
        NotificationPreference(user_id=user.pk, kind=kind, delivery=Delivery.DIGEST)
        for kind, delivery in sorted(choices.items())
        if delivery == Delivery.DIGEST
    )


def _prefers_digest(notification: Notification) -> bool:
    """Whether the recipient chose a daily digest for this kind (e-mails only: a text reminder
    of a planned contact, say, is never held back)."""
    kind = kinds.REGISTRY.get(notification.kind)
    if kind is None or not kind.digestible or notification.channel != Channel.EMAIL:
        return False
    known = getattr(notification.recipient, "digest_kinds", None)  # read for a whole batch
    if known is not None:
        return notification.kind in known
    return NotificationPreference.objects.filter(
        user_id=notification.recipient_id, kind=notification.kind, delivery=Delivery.DIGEST
    ).exists()


class HeldForDigest:
    """What ``_render`` gives for a notification its recipient wants in their daily digest: it
    is shown on the site now, and waits (``digest``) for the next digest instead of being sent."""

    def send(self) -> int:
        return 0


# --- dispatching -----------------------------------------------------------------------------


def notification_claim_due(*, limit: int = 500) -> list[int]:
    """Claim up to ``limit`` due notifications for sending and return their ids.

    ``FOR UPDATE SKIP LOCKED``: two dispatchers (or one and a worker sending a row) never take
    the same row. A claim older than ``NOTIFICATION_CLAIM_TIMEOUT`` seconds is taken again: its
    task was lost (a restarted broker, a killed worker). Those come first, then the rows due
    longest.

    Two queries, each one scan of a partial index (``notification_claimed``, ``notification_due``)
    that stops at the first row not due, whatever the statistics say. One query with an OR of
    the two was planned as a walk of ``notification_due`` in order, filtering, as soon as the
    statistics expected many rows due (during a backlog, and after it until the next ANALYZE):
    with 1,000,000 reminders due later, 250 ms per claim instead of 3.
    """
    now = timezone.now()
    stale = now - datetime.timedelta(seconds=settings.NOTIFICATION_CLAIM_TIMEOUT)
    claimable = Notification.objects.select_for_update(skip_locked=True)
    with transaction.atomic():
        ids = list(
            claimable.filter(state=State.SENDING, claimed_at__lt=stale)
            .order_by("claimed_at")
            .values_list("pk", flat=True)[:limit]
        )
        if len(ids) < limit:
            ids += (
                claimable.filter(state=State.PENDING, next_attempt_at__lte=now)
                .order_by("next_attempt_at")
                .values_list("pk", flat=True)[: limit - len(ids)]
            )
        if ids:
            Notification.objects.filter(pk__in=ids).update(state=State.SENDING, claimed_at=now)
    return ids


class PermanentFailure(Exception):
    """Trying again will not help: a broken template, an invalid address, an unknown kind."""


class BrokenQuery(PermanentFailure):
    """A query of the kind's failed (not the connection): permanent, and the transaction it ran
    in can no longer write, so the failure is recorded in a new one."""


#: Errors that may pass: the connection to the database or the mail server.
_TRANSIENT_DB = (OperationalError, InterfaceError)


#: Organisations' time zones as a worker last read them: (zone, until when, monotonic seconds).
_ZONES: dict[Any, tuple[str, float]] = {}
_ZONE_SECONDS = 60


def _organisation_zone(organisation_id: Any) -> str:
    """The organisation's time zone, for the dates in its messages: kept a minute in the worker
    (hundreds of messages a second would otherwise each ask the cache), so a change of time
    zone reaches messages within a minute."""
    now = time.monotonic()
    zone, until = _ZONES.get(organisation_id, ("", 0.0))
    if now >= until:
        zone = organisation_timezone(organisation_id=organisation_id)
        _ZONES[organisation_id] = (zone, now + _ZONE_SECONDS)
    return zone


def _render(notification: Notification) -> EmailMessage | SmsMessage | None:
    """The message a notification is, in its recipient's language and time zone: an e-mail, or
    a text for the SMS channel; None when it is no longer owed (the kind says) or its recipient
    has left. Sets ``notification.link``: where it takes them on the site (the in-app list)."""
    try:
        kind = kinds.get(notification.kind)
    except KeyError:
        raise PermanentFailure(f"unknown kind {notification.kind}") from None
    recipient = notification.recipient
    if not recipient.is_active:
        return None
    if notification.channel == Channel.EMAIL:
        try:
            validate_email(recipient.email)
        except ValidationError:
            raise PermanentFailure("the recipient's e-mail address is not valid") from None
    # No savepoint around the kind's reads (two more round trips per message): a query that
    # fails here spoils the transaction, and ``notification_deliver`` records the failure in a
    # new one (``BrokenQuery``).
    try:
        context = kind.context(notification)
        if context is None:
            return None
        held = _prefers_digest(notification)
        zone = _organisation_zone(notification.organisation_id) if notification.organisation_id else settings.TIME_ZONE
        # The language they chose for the site when it goes (they may have changed it since the
        # reminder was planned), else the one it was written for.
        language = recipient.language or notification.language
        with translation.override(language), timezone.override(zoneinfo.ZoneInfo(zone)):
            context = {"site_name": settings.SITE_NAME, "first_name": recipient.first_name, **context}
            subject = render_to_string(f"{kind.template}_subject.txt", context).strip()
            body = render_to_string(
                f"{kind.template}_sms.txt" if notification.channel == Channel.SMS else f"{kind.template}.txt",
                context,
            )
    except _TRANSIENT_DB:
        raise
    except DatabaseError as exc:  # a query the kind cannot run: it will not mend itself either
        raise BrokenQuery(f"{type(exc).__name__}: {exc}"[:400]) from exc
    except Exception as exc:  # a template or a link that cannot be built: it will not mend itself
        raise PermanentFailure(f"{type(exc).__name__}: {exc}"[:400]) from exc
    notification.link = urlsplit(context.get("link", "")).path[:300]
    if held:
        return HeldForDigest()
    if notification.channel == Channel.SMS:
        if not context.get("sms_to"):
            raise PermanentFailure("no phone number to send the text to")
        return SmsMessage(to=context["sms_to"], body=body.strip(), message_id=notification.message_id)
    return EmailMessage(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body=body,
        to=[recipient.email],
        headers={"Message-ID": notification.message_id},
    )


def _is_permanent_smtp(exc: BaseException) -> bool:
    if isinstance(exc, (smtplib.SMTPRecipientsRefused, PermanentSmsFailure)):
        return True
    code = getattr(exc, "smtp_code", None)
    return isinstance(exc, smtplib.SMTPResponseException) and code is not None and 500 <= code < 600


def backoff(attempts: int) -> datetime.timedelta:
    """Exponential backoff with jitter: about BASE, 2 BASE, 4 BASE ... up to MAX, each ±50%."""
    base = settings.NOTIFICATION_RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1)
    seconds = min(base, settings.NOTIFICATION_RETRY_MAX_SECONDS) * random.uniform(0.5, 1.5)  # noqa: S311 - jitter
    return datetime.timedelta(seconds=seconds)


def notification_deliver(*, notification_id: int, recipients: dict[Any, User] | None = None) -> str:
    """Send one notification if it is still owed; returns what happened.

    The row is locked for the whole attempt and its state re-checked first, so running this
    twice for the same id sends once. ``recipients``: people already read by a batch, by id.
    """
    try:
        with transaction.atomic():
            return _deliver_locked(notification_id, recipients)
    except BrokenQuery as exc:  # rolled back, nothing sent: recorded on the row in a transaction of its own
        with transaction.atomic():
            notification = _locked(notification_id, None)
            if notification is None or notification.state not in DUE_STATES:
                return "skipped"
            notification.attempts += 1
            notification.claimed_at = None
            _fail(notification, str(exc))
            _mark(notification, newly_shown=False)
            logger.warning("notification %s (%s) failed", notification.pk, notification.kind)
            return notification.state


def _deliver_locked(notification_id: int, recipients: dict[Any, User] | None) -> str:
    notification = _locked(notification_id, recipients)
    if notification is None or notification.state not in DUE_STATES:
        return "skipped"
    now = timezone.now()
    if notification.state == State.PENDING and notification.next_attempt_at > now:
        return "not due"
    notification.attempts += 1
    notification.claimed_at = None
    message = None
    try:
        message = _render(notification)
        if message is not None:
            message.send()
    except BrokenQuery:
        raise
    except PermanentFailure as exc:
        _fail(notification, str(exc))
    except Exception as exc:
        if _is_permanent_smtp(exc):
            _fail(notification, f"{type(exc).__name__}: {exc}")
        elif notification.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
            _fail(notification, f"{type(exc).__name__}: {exc} (after {notification.attempts} attempts)")
        else:
            notification.state = State.PENDING
            notification.next_attempt_at = now + backoff(notification.attempts)
            notification.last_error = f"{type(exc).__name__}: {exc}"[:500]
    else:
        if message is None:
            notification.state = State.CANCELLED
        elif isinstance(message, HeldForDigest):
            notification.state = State.DIGEST
        else:
            notification.state = State.SENT
            notification.sent_at = timezone.now()
    # Still owed: in the recipient's list on the site from now on, whatever became of the send.
    newly_shown = message is not None and notification.shown_at is None
    if newly_shown:
        notification.shown_at = now
    _mark(notification, newly_shown=newly_shown)
    if notification.state == State.FAILED:
        # The reason stays on the row for the admins' page: it may name an address.
        logger.warning("notification %s (%s) failed", notification.pk, notification.kind)
    return notification.state


#: What an attempt changes on the row (``_mark``).
_MARKED = ("state", "attempts", "claimed_at", "next_attempt_at", "last_error", "sent_at", "shown_at", "link")


def _mark(notification: Notification, *, newly_shown: bool) -> None:
    """Write the attempt's outcome on the row and, when it was just put in its recipient's list
    on the site (``shown_at`` set, once per row), one more unread on theirs, in one statement.
    (A count would grow with the number of unread; marking as read counts again.)

    Written out, as ``_locked`` is: the ORM's ``save`` and ``update`` took longer to build
    than the statement takes to run, at hundreds of messages a second.
    """
    fields = [Notification._meta.get_field(name) for name in _MARKED]
    values = [field.get_db_prep_save(getattr(notification, field.attname), connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(_mark_sql(), [*values, notification.pk, newly_shown])


@functools.cache
def _mark_sql() -> str:
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(Notification._meta.get_field(name).column)} = %s" for name in _MARKED)
    users, unread = quote(User._meta.db_table), quote(User._meta.get_field("unread_notifications").column)
    return (
        f"WITH marked AS (UPDATE {quote(Notification._meta.db_table)} SET {assignments} WHERE id = %s"  # noqa: S608
        f" RETURNING {quote(Notification._meta.get_field('recipient').column)} AS recipient_id)"
        f" UPDATE {users} SET {unread} = {unread} + 1 WHERE %s AND id = (SELECT recipient_id FROM marked)"
    )


def notification_deliver_batch(*, notification_ids: Iterable[int]) -> dict[str, int]:
    """Deliver each of ``notification_ids`` in turn; returns how many had each outcome.

    Each is its own short transaction (``notification_deliver``: lock, re-check, send, mark),
    so at any moment a worker process holds at most one message sent and not yet marked sent:
    a crash repeats at most that one (with the same Message-ID). One that fails unexpectedly is
    logged and stays claimed, to be taken again after ``NOTIFICATION_CLAIM_TIMEOUT``; the others
    still go. A lost database connection ends the batch (the task is tried again, and skips
    what was sent).
    """
    notification_ids = list(notification_ids)
    # Their recipients, read once when the batch starts (each notification's own row is read
    # again, under its lock): at hundreds a second, the join on every row cost a millisecond each.
    owed_to = Notification.objects.filter(pk__in=notification_ids).values("recipient_id")
    recipients = {user.pk: user for user in User.objects.filter(pk__in=owed_to)}
    # And which kinds each of them wants in a daily digest (``_prefers_digest``), in one query.
    chosen: dict[Any, set[str]] = {pk: set() for pk in recipients}
    for user_id, kind in NotificationPreference.objects.filter(
        user_id__in=list(recipients), delivery=Delivery.DIGEST
    ).values_list("user_id", "kind"):
        chosen[user_id].add(kind)
    for pk, user in recipients.items():
        user.digest_kinds = frozenset(chosen[pk])
    outcomes: Counter[str] = Counter()
    with _commits_not_waiting_for_disk():
        for notification_id in notification_ids:
            try:
                outcomes[notification_deliver(notification_id=notification_id, recipients=recipients)] += 1
            except _TRANSIENT_DB:
                raise
            except Exception:
                logger.exception("notification %s could not be delivered", notification_id)
                outcomes["error"] += 1
    return dict(outcomes)


@contextlib.contextmanager
def _commits_not_waiting_for_disk() -> Iterator[None]:
    """The batch's commits return before PostgreSQL has flushed them to disk
    (``synchronous_commit`` off, for this connection until the batch ends).

    What they write is only that a message went, never that one is owed: if the database server
    itself crashed, the last fraction of a second of "sent" marks could be lost, and those
    messages would be sent again after ``NOTIFICATION_CLAIM_TIMEOUT``, with the same Message-ID.
    A repeat, never a loss; and the flush no longer holds up every message (a third of a
    millisecond each, more on a busy disk). A worker that crashes loses nothing: PostgreSQL has
    the commits. The rows owed are written with the change that owes them, as before, and wait
    for the disk.
    """
    if not connection.get_autocommit():  # inside someone's transaction (a test's): leave it be
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        with contextlib.suppress(*_TRANSIENT_DB), connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def _locked(notification_id: int, recipients: dict[Any, User] | None) -> Notification | None:
    """The notification, its row locked until the transaction ends (its row only: not its
    recipient's, whom others may be writing to), with its recipient if ``recipients`` has them
    (else read when first used)."""
    # Written out: building the ORM's query took twice as long as running it.
    fields = Notification._meta.concrete_fields
    with connection.cursor() as cursor:
        cursor.execute(_lock_sql(), [notification_id])
        row = cursor.fetchone()
    if row is None:
        return None
    notification = Notification.from_db(connection.alias, [field.attname for field in fields], row)
    if recipients and notification.recipient_id in recipients:
        notification.recipient = recipients[notification.recipient_id]
    return notification


@functools.cache
def _lock_sql() -> str:
    columns = ", ".join(connection.ops.quote_name(field.column) for field in Notification._meta.concrete_fields)
    table = connection.ops.quote_name(Notification._meta.db_table)
    return f"SELECT {columns} FROM {table} WHERE id = %s FOR UPDATE"  # noqa: S608


def _fail(notification: Notification, reason: str) -> None:
    notification.state = State.FAILED
    notification.last_error = reason[:500]
