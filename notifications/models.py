"""Notification templates, the outbox and each person's channel preferences.

The outbox (`Notification`) follows GOV.UK Notify: one row per message and
channel, written in the caller's transaction, rendered at notify time, then
moved through `created → sending → delivered | *-failure | expired` by the
delivery task. A send holds a short lease (`lease_until`, `lease_owner`); the
gateway knows each message by our `client_message_id`, so an attempt whose
outcome was lost can be asked about instead of being sent again.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tamin.core.models import TimeStampedModel


class Channel(models.TextChoices):
    SMS = "sms", _("پیامک")
    EMAIL = "email", _("ایمیل")
    INBOX = "inbox", _("صندوق پیام")


class Status(models.TextChoices):
    CREATED = "created", _("ایجاد شده")
    SENDING = "sending", _("در حال ارسال")
    DELIVERED = "delivered", _("تحویل شده")
    TEMPORARY_FAILURE = "temporary-failure", _("خطای موقت")
    PERMANENT_FAILURE = "permanent-failure", _("خطای دائمی")
    TECHNICAL_FAILURE = "technical-failure", _("خطای فنی")
    # Its time ran out before it could be sent (a sign-in code nobody can use any more).
    EXPIRED = "expired", _("منقضی شده")


class Priority(models.TextChoices):
    """Also the Celery queue of the delivery (notifications.services.QUEUE_FOR_PRIORITY)."""

    NORMAL = "normal", _("عادی")
    HIGH = "high", _("فوری")
    # Sent to many at once (notices served in a batch, reminder sweeps): their own queue,
    # so thousands of them never stand between a person and their sign-in code.
    BULK = "bulk", _("انبوه")


# Rows in these states may be (re)claimed by a delivery task.
CLAIMABLE_STATUSES = (Status.CREATED, Status.TEMPORARY_FAILURE)
FINAL_STATUSES = (
    Status.DELIVERED,
    Status.PERMANENT_FAILURE,
    Status.TECHNICAL_FAILURE,
    Status.EXPIRED,
)


class NotificationTemplate(TimeStampedModel):
    """A message text per key and channel. Wording changes add a version; old rows keep theirs."""

    key = models.CharField(_("کلید"), max_length=64, db_index=True)
    version = models.PositiveIntegerField(_("نسخه"), default=1)
    channel = models.CharField(_("کانال"), max_length=8, choices=Channel.choices)
    subject = models.CharField(_("عنوان"), max_length=200, blank=True)
    body = models.TextField(_("متن"), help_text=_("با نحو قالب جنگو، مانند {{ code }}"))
    # Legal (and security) notices are sent whatever the person chose in their preferences.
    is_legal = models.BooleanField(_("اجباری (ابلاغ قانونی یا امنیتی)"), default=False)
    # A one-time code: the rendered text is wiped from the outbox row once sent.
    contains_secret = models.BooleanField(_("حاوی رمز یک‌بارمصرف"), default=False)
    is_active = models.BooleanField(_("فعال"), default=True)

    class Meta:
        verbose_name = _("قالب پیام")
        verbose_name_plural = _("قالب‌های پیام")
        ordering = ["key", "channel", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "channel", "version"], name="uniq_notification_template_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key}/{self.channel} v{self.version}"


class Notification(TimeStampedModel):
    """One outbox row: a rendered message to one address over one channel."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("کاربر"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    channel = models.CharField(_("کانال"), max_length=8, choices=Channel.choices)
    to_address = models.CharField(_("گیرنده"), max_length=254, blank=True)
    template_key = models.CharField(_("کلید قالب"), max_length=64)
    template_version = models.PositiveIntegerField(_("نسخه قالب"))
    subject = models.CharField(_("عنوان"), max_length=200, blank=True)
    body = models.TextField(_("متن"))
    contains_secret = models.BooleanField(default=False)
    status = models.CharField(
        _("وضعیت"), max_length=20, choices=Status.choices, default=Status.CREATED
    )
    priority = models.CharField(
        _("اولویت"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    idempotency_key = models.CharField(_("کلید یکتایی"), max_length=128)
    # Our id for the message at the gateway: sent with every attempt, asked about when an
    # attempt's outcome was lost, so a message is never sent twice.
    client_message_id = models.UUIDField(
        _("شناسه پیام نزد ما"), default=uuid.uuid4, unique=True, editable=False
    )
    # A one-time code is useless after this moment: it is never sent later.
    expires_at = models.DateTimeField(_("مهلت ارسال"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("تعداد تلاش"), default=0)
    provider_message_id = models.CharField(
        _("شناسه پیام نزد ارائه‌دهنده"), max_length=64, blank=True, db_index=True
    )
    last_error = models.TextField(_("آخرین خطا"), blank=True)
    claimed_at = models.DateTimeField(_("زمان برداشتن"), null=True, blank=True)
    # The attempt that holds the row and until when; no other worker sends meanwhile.
    lease_owner = models.UUIDField(_("شناسه تلاش ارسال"), null=True, blank=True)
    lease_until = models.DateTimeField(_("پایان مهلت تلاش"), null=True, blank=True)
    sent_at = models.DateTimeField(_("زمان ارسال"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("زمان تحویل"), null=True, blank=True)
    read_at = models.DateTimeField(_("زمان خواندن"), null=True, blank=True)

    class Meta:
        verbose_name = _("پیام")
        verbose_name_plural = _("پیام‌ها")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key", "channel"], name="uniq_notification_idempotency"
            )
        ]
        indexes = [
            # The inbox page and the unread badge.
            models.Index(fields=["user", "channel", "-created_at"], name="notif_inbox_idx"),
            # The sweeper looks for old rows in created/sending.
            models.Index(fields=["status", "updated_at"], name="notif_status_updated_idx"),
            # The sweeper looks for attempts whose lease ran out without an outcome.
            models.Index(fields=["status", "lease_until"], name="notif_status_lease_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.template_key}/{self.channel} #{self.pk} {self.status}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(TimeStampedModel):
    """Which optional channels a person wants; legal notices and the inbox ignore it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("کاربر"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    sms = models.BooleanField(_("پیامک"), default=True)
    email = models.BooleanField(_("ایمیل"), default=False)

    class Meta:
        verbose_name = _("ترجیح اطلاع‌رسانی")
        verbose_name_plural = _("ترجیحات اطلاع‌رسانی")

    def __str__(self) -> str:
        return f"{self.user_id}: sms={self.sms} email={self.email}"

    def allows(self, channel: str) -> bool:
        if channel == Channel.SMS:
            return self.sms
        if channel == Channel.EMAIL:
            return self.email
        return True
