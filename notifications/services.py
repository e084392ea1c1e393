"""Notification writes — the public API other apps call.

Flow: `notify()` renders the newest active template of each channel and writes
one outbox row per channel inside the caller's transaction. Inbox rows are
delivered at once; SMS and e-mail rows are handed to `deliver_notification_task`
after commit, which calls `notification_deliver()`: it claims the row with a
conditional UPDATE (so two workers never send the same row), calls the
provider outside any transaction, and records the outcome. A gateway that
accepted an SMS leaves the row "sending" until `delivery_receipt_record()`
hears the receipt. `notifications_requeue_stuck()` (the beat sweeper) picks up
rows whose task was lost.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
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

# Sign-in codes go to their own queue so a backlog of ordinary messages never delays them.
QUEUE_FOR_PRIORITY = {Priority.HIGH: "otp", Priority.NORMAL: "default"}
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
) -> list[Notification]:
    """Write the outbox rows for one message; delivery starts after the caller commits.

    `recipient` is a user (with .pk, .mobile, .email) or a `Recipient`. Channels
    without an active template or without an address are skipped; optional
    notices honour the person's preferences. Calling again with the same
    `idempotency_key` returns the rows written the first time and sends nothing.
    """
    if not idempotency_key:
        raise ApplicationError(_("کلید یکتایی پیام الزامی است."), code="idempotency_key_required")
    if priority not in Priority.values:
        raise ApplicationError(_("اولویت پیام نامعتبر است."), code="invalid_priority")
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
    Re-raises `TemporaryFailure` so the task retries with backoff.
    """
    from notifications import providers

    now = timezone.now()
    max_attempts = settings.NOTIFICATION_MAX_ATTEMPTS
    claimed = Notification.objects.filter(
        pk=notification_id, status__in=CLAIMABLE_STATUSES, attempts__lt=max_attempts
    ).update(status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1, updated_at=now)
    if not claimed:
        _give_up_if_exhausted(notification_id=notification_id, max_attempts=max_attempts)
        return None  # someone else holds it, or it is done

    notification = Notification.objects.get(pk=notification_id)
    try:
        if notification.channel == Channel.SMS:
            result = providers.sms_provider().send(
                to=notification.to_address, body=notification.body
            )
        elif notification.channel == Channel.EMAIL:
            result = providers.EmailProvider().send(
                to=notification.to_address, subject=notification.subject, body=notification.body
            )
        else:
            result = providers.SendResult(provider_message_id="", status=Status.DELIVERED)
    except providers.TemporaryFailure as exc:
        _outcome_record(notification=notification, status=Status.TEMPORARY_FAILURE, error=str(exc))
        raise
    except providers.PermanentFailure as exc:
        _outcome_record(notification=notification, status=Status.PERMANENT_FAILURE, error=str(exc))
        return notification
    except Exception as exc:
        logger.exception("Technical failure delivering notification %s", notification_id)
        _outcome_record(
            notification=notification,
            status=Status.TECHNICAL_FAILURE,
            error=f"{type(exc).__name__}: {exc}",
        )
        return notification

    _outcome_record(
        notification=notification,
        status=result.status,
        provider_message_id=result.provider_message_id,
        sent=True,
    )
    return notification


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
    status: str,
    error: str = "",
    provider_message_id: str = "",
    sent: bool = False,
) -> None:
    now = timezone.now()
    notification.status = status
    notification.last_error = error[:2000]
    notification.updated_at = now
    fields = ["status", "last_error", "updated_at"]
    if sent:
        notification.sent_at = now
        notification.provider_message_id = provider_message_id
        fields += ["sent_at", "provider_message_id"]
        if notification.contains_secret:
            # Once the code has left, nobody reading the outbox (admins, backups) should see it.
            notification.body = SECRET_REDACTED
            fields.append("body")
    if status == Status.DELIVERED:
        notification.delivered_at = now
        fields.append("delivered_at")
    # Only the claimant (the row is still "sending") may write the outcome.
    Notification.objects.filter(pk=notification.pk, status=Status.SENDING).update(
        **{field: getattr(notification, field) for field in fields}
    )


@transaction.atomic
def delivery_receipt_record(*, provider_message_id: str, status: str) -> Notification:
    """Apply a delivery receipt (our status vocabulary) to the row the gateway accepted.

    Only a row still "sending" changes; a repeated or late receipt for a
    finished row is accepted and ignored.
    """
    if status not in Status.values or status in (Status.CREATED, Status.TECHNICAL_FAILURE):
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


def notifications_requeue_stuck() -> int:
    """Queue again the rows whose delivery task was lost; returns how many.

    "created" rows older than NOTIFICATION_STUCK_AFTER_SECONDS were never picked
    up; temporary failures with attempts left lost their retry. "sending" rows
    claimed that long ago but never handed to the provider lost their worker;
    they go back to "created" first. Rows the gateway accepted
    (sent_at set) wait for their receipt and are left alone. Each row's
    `updated_at` is bumped, so a long queue is not flooded with duplicates.
    """
    now = timezone.now()
    cutoff = now - timedelta(seconds=settings.NOTIFICATION_STUCK_AFTER_SECONDS)
    requeued: list[Notification] = []

    lost_workers = Notification.objects.filter(
        status=Status.SENDING, sent_at__isnull=True, claimed_at__lt=cutoff
    ).values_list("pk", flat=True)[:SWEEP_BATCH_SIZE]
    for pk in list(lost_workers):
        Notification.objects.filter(
            pk=pk, status=Status.SENDING, sent_at__isnull=True, claimed_at__lt=cutoff
        ).update(status=Status.CREATED, claimed_at=None, updated_at=cutoff)

    # "created": never picked up. "temporary-failure" before the hand-over with attempts
    # left: its Celery retry was lost (a broker restart can drop countdown messages).
    waiting = Q(status=Status.CREATED) | Q(
        status=Status.TEMPORARY_FAILURE,
        sent_at__isnull=True,
        attempts__lt=settings.NOTIFICATION_MAX_ATTEMPTS,
    )
    never_picked = (
        Notification.objects.filter(waiting, updated_at__lte=cutoff)
        .only("pk", "priority")
        .order_by("updated_at")[:SWEEP_BATCH_SIZE]
    )
    for notification in list(never_picked):
        with transaction.atomic():
            still_waiting = Notification.objects.filter(
                waiting, pk=notification.pk, updated_at__lte=cutoff
            )
            if still_waiting.update(updated_at=now):
                _delivery_queue_on_commit(notification=notification)
                requeued.append(notification)
    if requeued:
        logger.info("Re-queued %d stuck notifications", len(requeued))
    return len(requeued)
