"""Notification writes — the public API other apps call.

Flow: `notify()` renders the newest active template of each channel and writes
one outbox row per channel inside the caller's transaction. Inbox rows are
delivered at once; SMS and e-mail rows are handed to `deliver_notification_task`
after commit, which calls `notification_deliver()`: it claims the row with a
conditional UPDATE that also takes a short lease (so no second worker sends
while an attempt may still be running), calls the provider outside any
transaction, and records the outcome under that lease. A retry first asks the
provider about the message by our client id, because an earlier attempt may
have reached the gateway and died before recording it; a message past its
`expires_at` (a sign-in code) is marked expired instead of sent. A gateway that
accepted an SMS leaves the row "sending" until `delivery_receipt_record()`
hears the receipt. `notifications_requeue_stuck()` (the beat sweepers) picks up
rows whose task was lost or whose attempt's lease ran out, and marks expired the
rows whose expiry came before any attempt (no worker ran meanwhile).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, TextField, Value, When
from django.template import Context, engines
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import (
    CLAIMABLE_STATUSES,
    FINAL_STATUSES,
    Channel,
    Notification,
    NotificationPreference,
    NotificationTemplate,
    Priority,
    Status,
)
from notifications.selectors import notification_get_for_user, preference_get_for_user
from tamin.core.exceptions import ApplicationError
from tamin.core.identifiers import normalize_mobile
from tamin.core.services import audit_record

logger = logging.getLogger(__name__)

# Sign-in codes go to their own queue so a backlog of ordinary messages never delays them,
# and messages sent to many at once to theirs, so they never delay anyone's one message
# (docs/operations.md, "Celery queues and workers").
QUEUE_FOR_PRIORITY = {Priority.HIGH: "otp", Priority.NORMAL: "default", Priority.BULK: "bulk"}
SWEEP_BATCH_SIZE = 500
SECRET_REDACTED = "[کد یک‌بارمصرف پس از ارسال پاک شد]"  # noqa: S105 - placeholder text, not a secret


@dataclass(frozen=True)
class Recipient:
    """Who a message goes to. A user alone is enough; addresses override the user's own."""

    user: Any = None
    mobile: str = ""
    email: str = ""


def _recipient_resolve(recipient: Any) -> Recipient:
    if isinstance(recipient, Recipient):
        user = recipient.user
        mobile = recipient.mobile or getattr(user, "mobile", "") or ""
        email = recipient.email or getattr(user, "email", "") or ""
    else:
        user = recipient
        mobile = getattr(user, "mobile", "") or ""
        email = getattr(user, "email", "") or ""
    if user is not None and getattr(user, "pk", None) is None:
        raise ApplicationError(
            _("گیرنده پیام باید کاربری ذخیره‌شده باشد."), code="recipient_unsaved"
        )
    return Recipient(
        user=user, mobile=normalize_mobile(mobile) if mobile else "", email=email.strip()
    )


def _templates_newest_active(
    *, template_key: str, channels: Sequence[str]
) -> list[NotificationTemplate]:
    templates = NotificationTemplate.objects.filter(
        key=template_key, channel__in=channels, is_active=True
    ).order_by("channel", "-version")
    newest: dict[str, NotificationTemplate] = {}
    for template in templates:
        newest.setdefault(template.channel, template)
    return [newest[channel] for channel in channels if channel in newest]


def template_render(*, source: str, context: dict[str, Any]) -> str:
    """Render template text with the project's engine, so its builtins (jdate, fa, rial) apply.

    Autoescape is off: SMS and e-mail are plain text, and the inbox page escapes on display.
    """
    engine = engines["django"].engine
    return engine.from_string(source).render(Context(context, autoescape=False)).strip()


def _address_for(*, channel: str, recipient: Recipient) -> str:
    if channel == Channel.SMS:
        return recipient.mobile
    if channel == Channel.EMAIL:
        return recipient.email
    return ""


def notify(
    *,
    recipient: Any,
    template_key: str,
    context: dict[str, Any],
    channels: Sequence[str] | None = None,
    idempotency_key: str,
    priority: str = Priority.NORMAL,
    expires_at: datetime | None = None,
) -> list[Notification]:
    """Write the outbox rows for one message; delivery starts after the caller commits.

    `recipient` is a user (with .pk, .mobile, .email) or a `Recipient`. Channels
    without an active template or without an address are skipped; optional
    notices honour the person's preferences. Calling again with the same
    `idempotency_key` returns the rows written the first time and sends nothing.
    `expires_at` (one-time codes: the code's own end of validity) is the moment
    after which the message is worthless: it is then marked expired, never sent.
    `priority` picks the delivery queue: "high" for sign-in codes, "bulk" for a message
    one job sends to many people (a served batch, a reminder sweep), "normal" otherwise.
    """
    if not idempotency_key:
        raise ApplicationError(_("کلید یکتایی پیام الزامی است."), code="idempotency_key_required")
    if priority not in Priority.values:
        raise ApplicationError(_("اولویت پیام نامعتبر است."), code="invalid_priority")
    if expires_at is not None and timezone.is_naive(expires_at):
        raise ApplicationError(_("مهلت پیام باید با منطقه زمانی باشد."), code="invalid_expiry")
    wanted = list(channels) if channels is not None else list(Channel.values)
    unknown = [channel for channel in wanted if channel not in Channel.values]
    if unknown:
        raise ApplicationError(
            _("کانال پیام نامعتبر است."), code="invalid_channel", extra={"channels": unknown}
        )
    target = _recipient_resolve(recipient)

    with transaction.atomic():
        existing = list(Notification.objects.filter(idempotency_key=idempotency_key).order_by("id"))
        if existing:
            return existing
        if not NotificationTemplate.objects.filter(key=template_key, is_active=True).exists():
            raise ApplicationError(
                _("قالب پیام «%(key)s» تعریف نشده است.") % {"key": template_key},
                code="template_missing",
            )
        preference = preference_get_for_user(user=target.user)
        now = timezone.now()
        rows: list[Notification] = []
        for template in _templates_newest_active(template_key=template_key, channels=wanted):
            channel = template.channel
            address = _address_for(channel=channel, recipient=target)
            if channel == Channel.INBOX and target.user is None:
                continue
            if channel != Channel.INBOX and not address:
                continue
            if not template.is_legal and not preference.allows(channel):
                continue
            is_inbox = channel == Channel.INBOX
            rows.append(
                Notification(
                    user=target.user,
                    channel=channel,
                    to_address=address,
                    template_key=template.key,
                    template_version=template.version,
                    contains_secret=template.contains_secret,
                    subject=template_render(source=template.subject, context=context),
                    body=template_render(source=template.body, context=context),
                    priority=priority,
                    idempotency_key=idempotency_key,
                    expires_at=expires_at,
                    # The inbox is our own page: writing the row is the delivery.
                    status=Status.DELIVERED if is_inbox else Status.CREATED,
                    sent_at=now if is_inbox else None,
                    delivered_at=now if is_inbox else None,
                )
            )
        try:
            # A savepoint: a concurrent same-key call must not spoil the caller's transaction.
            with transaction.atomic():
                for row in rows:
                    row.save(force_insert=True)
        except IntegrityError:
            return list(Notification.objects.filter(idempotency_key=idempotency_key).order_by("id"))

        for row in rows:
            if row.status == Status.CREATED:
                _delivery_queue_on_commit(notification=row)
    return rows


def _delivery_queue_on_commit(*, notification: Notification) -> None:
    notification_id, queue = notification.pk, QUEUE_FOR_PRIORITY[notification.priority]

    def enqueue() -> None:
        from notifications.tasks import deliver_notification_task  # tasks import this module

        deliver_notification_task.apply_async(args=[notification_id], queue=queue)

    # robust: a broker hiccup must not turn the caller's committed request into an error;
    # the sweeper re-queues the row later.
    transaction.on_commit(enqueue, robust=True)


def notification_deliver(*, notification_id: int) -> Notification | None:
    """Send one outbox row through its provider; None when the row is not ours to send.

    Deliberately not atomic: the provider call must not hold a transaction open,
    and each step commits on its own so a crash leaves a row the sweeper can see.
    The claim takes a lease of SMS_SEND_LEASE_SECONDS under a fresh owner id; only
    that owner may record the outcome, and nobody else claims the row meanwhile.
    Re-raises `TemporaryFailure` so the task retries with backoff.
    """
    from notifications import providers

    max_attempts = settings.NOTIFICATION_MAX_ATTEMPTS
    owner = _lease_take(notification_id=notification_id, max_attempts=max_attempts)
    if owner is None:
        _give_up_if_exhausted(notification_id=notification_id, max_attempts=max_attempts)
        return None  # someone else holds it, or it is done

    notification = Notification.objects.get(pk=notification_id)
    try:
        recorded = _attempt(notification=notification, owner=owner)
    except providers.TemporaryFailure as exc:
        _outcome_record(
            notification=notification, owner=owner, status=Status.TEMPORARY_FAILURE, error=str(exc)
        )
        raise
    except providers.PermanentFailure as exc:
        _outcome_record(
            notification=notification, owner=owner, status=Status.PERMANENT_FAILURE, error=str(exc)
        )
        return notification
    except Exception as exc:
        logger.exception("Technical failure delivering notification %s", notification_id)
        _outcome_record(
            notification=notification,
            owner=owner,
            status=Status.TECHNICAL_FAILURE,
            error=f"{type(exc).__name__}: {exc}",
        )
        return notification
    return notification if recorded else None


def _attempt(*, notification: Notification, owner: uuid.UUID) -> bool:
    """One attempt under our lease; False when the lease was lost and nothing was sent."""
    from notifications import providers

    client_id = str(notification.client_message_id)
    sms = providers.sms_provider() if notification.channel == Channel.SMS else None
    if sms is not None and notification.attempts > 1:
        # An earlier attempt may have reached the gateway and died before recording it:
        # ask by our id, and never send a second copy of what the gateway already has.
        earlier = sms.status(client_id=client_id)
        if earlier is not None:
            logger.info("Notification %s was already at the gateway", notification.pk)
            return _outcome_record(
                notification=notification,
                owner=owner,
                status=earlier.status,
                provider_message_id=earlier.provider_message_id,
                sent=True,
            )
    if _too_late_to_send(notification=notification):
        return _outcome_record(
            notification=notification,
            owner=owner,
            status=Status.EXPIRED,
            error="expired before it could be sent",
        )
    if not _lease_renew(notification_id=notification.pk, owner=owner):
        return False  # our lease ran out (a paused worker): another attempt owns the row
    if sms is not None:
        result = sms.send(to=notification.to_address, body=notification.body, client_id=client_id)
    elif notification.channel == Channel.EMAIL:
        result = providers.EmailProvider().send(
            to=notification.to_address, subject=notification.subject, body=notification.body
        )
    else:
        result = providers.SendResult(provider_message_id="", status=Status.DELIVERED)
    return _outcome_record(
        notification=notification,
        owner=owner,
        status=result.status,
        provider_message_id=result.provider_message_id,
        sent=True,
    )


def _lease_length() -> timedelta:
    return timedelta(seconds=settings.SMS_SEND_LEASE_SECONDS)


def _lease_take(*, notification_id: int, max_attempts: int) -> uuid.UUID | None:
    """Claim a claimable row for a new attempt with a conditional UPDATE; its owner id or None."""
    now, owner = timezone.now(), uuid.uuid4()
    claimed = Notification.objects.filter(
        pk=notification_id, status__in=CLAIMABLE_STATUSES, attempts__lt=max_attempts
    ).update(
        status=Status.SENDING,
        claimed_at=now,
        lease_owner=owner,
        lease_until=now + _lease_length(),
        attempts=F("attempts") + 1,
        updated_at=now,
    )
    return owner if claimed else None


def _lease_renew(*, notification_id: int, owner: uuid.UUID) -> bool:
    """Restart our still-live lease just before the provider call, so the call runs inside it."""
    now = timezone.now()
    return bool(
        Notification.objects.filter(
            pk=notification_id, status=Status.SENDING, lease_owner=owner, lease_until__gt=now
        ).update(lease_until=now + _lease_length())
    )


def _too_late_to_send(*, notification: Notification) -> bool:
    # A message that could still be on its way when it expires is already too late:
    # the gateway may take up to its timeout to accept it.
    if notification.expires_at is None:
        return False
    return timezone.now() + _gateway_margin() >= notification.expires_at


def _gateway_margin() -> timedelta:
    return timedelta(seconds=settings.SMS_GATEWAY_TIMEOUT)


def notification_give_up(*, notification_id: int) -> None:
    """Its delivery task died unfinished too often (tamin.core.task_deliveries): end the row
    as the attempts limit does, so no sweeper queues it again."""
    Notification.objects.filter(pk=notification_id).exclude(status__in=FINAL_STATUSES).update(
        status=Status.TECHNICAL_FAILURE,
        last_error="too many unfinished deliveries",
        updated_at=timezone.now(),
    )


def _give_up_if_exhausted(*, notification_id: int, max_attempts: int) -> None:
    # A row that keeps coming back (a worker dying on it) must stop somewhere.
    Notification.objects.filter(
        pk=notification_id, status__in=CLAIMABLE_STATUSES, attempts__gte=max_attempts
    ).update(
        status=Status.TECHNICAL_FAILURE,
        last_error="too many attempts",
        updated_at=timezone.now(),
    )


def _outcome_record(
    *,
    notification: Notification,
    owner: uuid.UUID,
    status: str,
    error: str = "",
    provider_message_id: str = "",
    sent: bool = False,
) -> bool:
    """Write an attempt's outcome if the attempt still owns the row; whether it did."""
    now = timezone.now()
    notification.status = status
    notification.last_error = error[:2000]
    notification.updated_at = now
    fields = ["status", "last_error", "updated_at"]
    if sent:
        notification.sent_at = now
        notification.provider_message_id = provider_message_id
        fields += ["sent_at", "provider_message_id"]
    if notification.contains_secret and (sent or status == Status.EXPIRED):
        # Once the code has left (or can no longer be used), nobody reading the outbox
        # (admins, backups) should see it.
        notification.body = SECRET_REDACTED
        fields.append("body")
    if status == Status.DELIVERED:
        notification.delivered_at = now
        fields.append("delivered_at")
    # Only the attempt holding the row (still "sending" under its owner id) may write.
    return bool(
        Notification.objects.filter(
            pk=notification.pk, status=Status.SENDING, lease_owner=owner
        ).update(**{field: getattr(notification, field) for field in fields})
    )


@transaction.atomic
def delivery_receipt_record(*, provider_message_id: str, status: str) -> Notification:
    """Apply a delivery receipt (our status vocabulary) to the row the gateway accepted.

    Only a row still "sending" changes; a repeated or late receipt for a
    finished row is accepted and ignored.
    """
    # "expired" is our own decision not to send; no receipt can say it.
    if status not in Status.values or status in (
        Status.CREATED,
        Status.TECHNICAL_FAILURE,
        Status.EXPIRED,
    ):
        raise ApplicationError(_("وضعیت رسید تحویل نامعتبر است."), code="invalid_status")
    notification = (
        Notification.objects.filter(provider_message_id=provider_message_id)
        .exclude(provider_message_id="")
        .first()
    )
    if notification is None:
        raise ApplicationError(_("پیامی با این شناسه یافت نشد."), code="not_found")
    if status == Status.SENDING or notification.status in FINAL_STATUSES:
        return notification
    now = timezone.now()
    changes: dict[str, Any] = {"status": status, "updated_at": now}
    if status == Status.DELIVERED:
        changes["delivered_at"] = now
    else:
        changes["last_error"] = f"receipt: {status}"
    updated = Notification.objects.filter(pk=notification.pk, status=Status.SENDING).update(
        **changes
    )
    if updated:
        notification.refresh_from_db()
    return notification


@transaction.atomic
def notification_mark_read(*, user: Any, notification_id: int) -> Notification:
    """Mark one of the person's inbox messages read (again is harmless); 404 for others'."""
    notification = notification_get_for_user(user=user, notification_id=notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])
    return notification


@transaction.atomic
def preference_update(*, user: Any, sms: bool, email: bool) -> NotificationPreference:
    if user is None or not getattr(user, "is_authenticated", False):
        raise ApplicationError(_("برای تغییر ترجیحات باید وارد شوید."), code="not_authenticated")
    if email and not getattr(user, "email", ""):
        raise ApplicationError(
            _("برای دریافت ایمیل، ابتدا نشانی ایمیل خود را در نمایه ثبت کنید."),
            code="email_missing",
        )
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(
        user=user
    )
    before = {"sms": preference.sms, "email": preference.email}
    after = {"sms": bool(sms), "email": bool(email)}
    if before != after:
        preference.sms, preference.email = after["sms"], after["email"]
        preference.full_clean()
        preference.save(update_fields=["sms", "email", "updated_at"])
        audit_record(
            action="notifications.preference_update",
            actor=user,
            target=preference,
            before=before,
            after=after,
        )
    return preference


def notifications_requeue_stuck(*, priority: str | None = None) -> int:
    """Queue again the rows whose delivery task was lost; returns how many.

    One priority class (every one when None), each with its own patience, so beat
    can sweep sign-in codes every few seconds and bulk messages every minute:
    `high` rows count as stuck after NOTIFICATION_OTP_STUCK_AFTER_SECONDS (by
    default one send lease), the others after NOTIFICATION_STUCK_AFTER_SECONDS.
    """
    if priority is not None and priority not in Priority.values:
        raise ApplicationError(_("اولویت پیام نامعتبر است."), code="invalid_priority")
    priorities = [priority] if priority is not None else list(Priority.values)
    requeued = sum(_requeue_stuck_of_priority(priority=each) for each in priorities)
    if requeued:
        logger.info("Re-queued %d stuck notifications", requeued)
    return requeued


def stuck_after_seconds(*, priority: str) -> int:
    if priority == Priority.HIGH:
        return settings.NOTIFICATION_OTP_STUCK_AFTER_SECONDS
    return settings.NOTIFICATION_STUCK_AFTER_SECONDS


def _requeue_stuck_of_priority(*, priority: str) -> int:
    """Rows of one priority: lost attempts go back to "created", then waiting rows are queued.

    "sending" rows whose lease ran out with no outcome lost their worker, perhaps
    mid-request; the next attempt asks the gateway before it sends (rows claimed
    before leases existed count from `claimed_at`). Rows the gateway accepted
    (sent_at set) wait for their receipt and are left alone. "created" rows
    older than the threshold were never picked up; temporary failures with
    attempts left lost their retry. Each queued row's `updated_at` is bumped, so
    a long queue is not flooded with duplicates.
    """
    now = timezone.now()
    cutoff = now - timedelta(seconds=stuck_after_seconds(priority=priority))
    lease_over = Q(lease_until__lt=now) | Q(
        lease_until__isnull=True, claimed_at__lt=now - _lease_length()
    )
    abandoned = Notification.objects.filter(
        lease_over, priority=priority, status=Status.SENDING, sent_at__isnull=True
    )
    for pk, owner in list(abandoned.values_list("pk", "lease_owner")[:SWEEP_BATCH_SIZE]):
        # The owner in the condition: an attempt that claimed the row since is not undone.
        abandoned.filter(pk=pk, lease_owner=owner).update(
            status=Status.CREATED, claimed_at=None, lease_until=None, updated_at=cutoff
        )

    expired = _expire_never_attempted(priority=priority, now=now)

    # "created": never picked up. "temporary-failure" before the hand-over with attempts
    # left: its Celery retry was lost (a broker restart can drop countdown messages).
    waiting = Q(priority=priority) & (
        Q(status=Status.CREATED)
        | Q(
            status=Status.TEMPORARY_FAILURE,
            sent_at__isnull=True,
            attempts__lt=settings.NOTIFICATION_MAX_ATTEMPTS,
        )
    )
    never_picked = (
        Notification.objects.filter(waiting, updated_at__lte=cutoff)
        .only("pk", "priority")
        .order_by("updated_at")[:SWEEP_BATCH_SIZE]
    )
    requeued = 0
    for notification in list(never_picked):
        with transaction.atomic():
            still_waiting = Notification.objects.filter(
                waiting, pk=notification.pk, updated_at__lte=cutoff
            )
            if still_waiting.update(updated_at=now):
                _delivery_queue_on_commit(notification=notification)
                requeued += 1
    if expired:
        logger.info("Marked %d unsent %s-priority notifications expired", expired, priority)
    return requeued


def _expire_never_attempted(*, priority: str, now: datetime) -> int:
    """Mark expired the waiting rows no attempt ever claimed whose expiry has come; how many.

    Without this a code that expired while no worker ran stayed "created" until some
    worker claimed it only to learn that. No attempt means the gateway never saw it,
    so nothing needs asking; a row tried before (attempts > 0) may be in doubt and is
    left to its next attempt, which asks the gateway first. The status in the condition
    keeps a worker's concurrent claim and this update apart.
    """
    # Too late by the rule of _too_late_to_send: it could not reach the gateway in time.
    return Notification.objects.filter(
        priority=priority,
        status=Status.CREATED,
        attempts=0,
        expires_at__lte=now + _gateway_margin(),
    ).update(
        status=Status.EXPIRED,
        last_error="expired before it could be sent",
        body=Case(
            When(contains_secret=True, then=Value(SECRET_REDACTED)),
            default=F("body"),
            output_field=TextField(),
        ),
        updated_at=now,
    )
