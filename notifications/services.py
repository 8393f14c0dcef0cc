"""Writing notifications into the outbox, and delivering them.

``notification_queue`` is called by other services inside their transaction: the rows commit
(or roll back) with the change that owes them, and a nudge after the commit asks a worker to
send them now. If the broker is down at that moment nothing is lost: the rows wait, and the
dispatcher that Celery beat runs every minute picks them up once it is back.

Delivery is at most once per row in practice: the worker locks the row while it sends and marks
it sent in the same transaction, and a second task for the same row waits for the lock and
then finds it sent. (Only a crash between the mail server accepting the message and the commit
can repeat it; the Message-ID stays the same, so a receiving server can drop the repeat.)
"""

from __future__ import annotations

import datetime
import logging
import random
import smtplib
from collections.abc import Iterable
from typing import Any

from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import InterfaceError, OperationalError, models, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from patientportal.errors import InvalidState

from . import kinds
from .models import DUE_STATES, Notification, NotificationState

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
) -> list[Notification]:
    """Owe ``kind`` to each of ``recipients``; call it inside the transaction of the change.

    ``key`` identifies the occasion (e.g. the message's id): with the kind and the recipient it
    makes the idempotency key, so queueing the same thing twice queues it once. ``language``
    is the recipient's language for this message (default: the first they speak, else the
    site's). Returns the rows written now (not those that already existed).
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
            language=language or _language_of(recipient),
            idempotency_key=f"{kind}:{key}:{recipient.pk}",
            next_attempt_at=due_at or now,
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


def _language_of(user: Any) -> str:
    languages = getattr(user, "languages", None) or []
    available = {code for code, _name in settings.LANGUAGES}
    return next((code for code in languages if code in available), settings.LANGUAGE_CODE)


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


# --- dispatching -----------------------------------------------------------------------------


def notification_claim_due(*, limit: int = 200) -> list[int]:
    """Claim up to ``limit`` due notifications for sending and return their ids.

    ``FOR UPDATE SKIP LOCKED``: two dispatchers (or one and a worker sending a row) never take
    the same row. A claim older than ``NOTIFICATION_CLAIM_TIMEOUT`` seconds is taken again: its
    task was lost (a restarted broker, a killed worker).
    """
    now = timezone.now()
    stale = now - datetime.timedelta(seconds=settings.NOTIFICATION_CLAIM_TIMEOUT)
    with transaction.atomic():
        ids = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(Q(state=State.PENDING, next_attempt_at__lte=now) | Q(state=State.SENDING, claimed_at__lt=stale))
            .order_by("next_attempt_at", "id")
            .values_list("pk", flat=True)[:limit]
        )
        Notification.objects.filter(pk__in=ids).update(state=State.SENDING, claimed_at=now)
    return ids


class PermanentFailure(Exception):
    """Trying again will not help: a broken template, an invalid address, an unknown kind."""


#: Errors that may pass: the connection to the database or the mail server.
_TRANSIENT_DB = (OperationalError, InterfaceError)


def _render(notification: Notification) -> EmailMessage | None:
    try:
        kind = kinds.get(notification.kind)
    except KeyError:
        raise PermanentFailure(f"unknown kind {notification.kind}") from None
    recipient = notification.recipient
    if not recipient.is_active:
        return None
    try:
        validate_email(recipient.email)
    except ValidationError:
        raise PermanentFailure("the recipient's e-mail address is not valid") from None
    try:
        with transaction.atomic():  # a savepoint: a failed query here does not spoil the row's update
            context = kind.context(notification)
            if context is None:
                return None
            with translation.override(notification.language):
                context = {"site_name": settings.SITE_NAME, "first_name": recipient.first_name, **context}
                subject = render_to_string(f"{kind.template}_subject.txt", context).strip()
                body = render_to_string(f"{kind.template}.txt", context)
    except _TRANSIENT_DB:
        raise
    except Exception as exc:  # a template or a link that cannot be built: it will not mend itself
        raise PermanentFailure(f"{type(exc).__name__}: {exc}"[:400]) from exc
    return EmailMessage(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body=body,
        to=[recipient.email],
        headers={"Message-ID": notification.message_id},
    )


def _is_permanent_smtp(exc: BaseException) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return True
    code = getattr(exc, "smtp_code", None)
    return isinstance(exc, smtplib.SMTPResponseException) and code is not None and 500 <= code < 600


def backoff(attempts: int) -> datetime.timedelta:
    """Exponential backoff with jitter: about BASE, 2 BASE, 4 BASE ... up to MAX, each ±50%."""
    base = settings.NOTIFICATION_RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1)
    seconds = min(base, settings.NOTIFICATION_RETRY_MAX_SECONDS) * random.uniform(0.5, 1.5)  # noqa: S311 - jitter
    return datetime.timedelta(seconds=seconds)


def notification_deliver(*, notification_id: int) -> str:
    """Send one notification if it is still owed; returns what happened.

    The row is locked for the whole attempt and its state re-checked first, so running this
    twice for the same id sends once.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().select_related("recipient").filter(pk=notification_id).first()
        )
        if notification is None or notification.state not in DUE_STATES:
            return "skipped"
        now = timezone.now()
        if notification.state == State.PENDING and notification.next_attempt_at > now:
            return "not due"
        notification.attempts += 1
        notification.claimed_at = None
        try:
            message = _render(notification)
            if message is not None:
                message.send()
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
            else:
                notification.state = State.SENT
                notification.sent_at = timezone.now()
        notification.save(update_fields=["state", "attempts", "claimed_at", "next_attempt_at", "last_error", "sent_at"])
        if notification.state == State.FAILED:
            # The reason stays on the row for the admins' page: it may name an address.
            logger.warning("notification %s (%s) failed", notification.pk, notification.kind)
        return notification.state


def _fail(notification: Notification, reason: str) -> None:
    notification.state = State.FAILED
    notification.last_error = reason[:500]
