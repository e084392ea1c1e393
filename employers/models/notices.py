"""Notices served to a workshop (ابلاغ الکترونیک) and the batches that serve them.

A notice is served electronically (posted to the workshop's inbox) only when the
workshop's e-notification opt-in is recorded; otherwise it waits for paper service
and staff record the day it was handed over. Either way `served_at` is the moment
the legal clocks start; the first opening by a representative is only a receipt
(who and when). Once served, a notice's content never changes: `content_sha256`
is the hash of its canonical content and is printed on it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from employers.models.workshops import Workshop
from tamin.core.exceptions import ApplicationError
from tamin.core.models import TimeStampedModel

# What a served notice says, and when it was served: never changed once served.
IMMUTABLE_ONCE_SERVED = ("title", "body", "content", "content_sha256", "served_at")
NOTICE_IMMUTABLE_MESSAGE = _(
    "ابلاغیه ابلاغ‌شده تغییرپذیر نیست؛ متن، محتوا و تاریخ ابلاغ آن ثابت است."
)


class NoticeKind(models.TextChoices):
    RULING = "ruling", _("حکم مطالباتی")
    INSPECTION = "inspection", _("گزارش بازرسی")
    HEARING = "hearing", _("دعوت به جلسه هیأت")
    BOARD_VOTE = "board_vote", _("رأی هیأت")
    LETTER = "letter", _("نامه")
    CERTIFICATE = "certificate", _("مفاصا حساب")
    DEBT = "debt", _("اعلام بدهی")


class NoticeDelivery(models.TextChoices):
    ELECTRONIC = "electronic", _("ابلاغ الکترونیک")
    PAPER = "paper", _("ابلاغ کاغذی")


class Notice(TimeStampedModel):
    workshop = models.ForeignKey(Workshop, on_delete=models.PROTECT, related_name="notices")
    branch = models.ForeignKey(
        "branches.Branch", on_delete=models.PROTECT, related_name="+", verbose_name=_("شعبه")
    )
    kind = models.CharField(_("نوع"), max_length=16, choices=NoticeKind.choices)
    # What makes a notice once-only: "ruling:12", "vote:3", "batch:7:workshop:99"…
    # unique, so a repeated serve (a redelivered task, a double click) finds it.
    serve_key = models.CharField(max_length=64, unique=True)
    number = models.CharField(_("شماره ابلاغیه"), max_length=20, unique=True)
    title = models.CharField(_("عنوان"), max_length=200)
    body = models.TextField(_("متن"))
    # The canonical content (what the notice says, as data) and its SHA-256.
    content = models.JSONField(default=dict)
    content_sha256 = models.CharField(max_length=64)
    delivery = models.CharField(max_length=16, choices=NoticeDelivery.choices)
    # Served: posted to the inbox (electronic) or handed over on paper (the day staff record).
    served_at = models.DateTimeField(_("تاریخ ابلاغ"), null=True, blank=True, db_index=True)
    paper_served_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The last day to object or appeal, fixed at service from the terms then in force.
    respond_until = models.DateField(_("مهلت اعتراض"), null=True, blank=True)
    # The receipt: the first opening by a representative.
    first_opened_at = models.DateTimeField(null=True, blank=True)
    first_opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    document = models.ForeignKey(
        "core.IssuedDocument", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    inspection = models.ForeignKey(
        "branches.Inspection", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    batch = models.ForeignKey(
        "employers.ServingBatch",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notices",
    )

    class Meta:
        ordering = ["-served_at", "-id"]
        verbose_name = _("ابلاغیه")
        verbose_name_plural = _("ابلاغیه‌ها")
        indexes = [models.Index(fields=["workshop", "kind", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(delivery="paper") | Q(served_at__isnull=False),
                name="electronic_notice_is_served",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.kind}"

    @property
    def is_served(self) -> bool:
        return self.served_at is not None

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            self._refuse_changing_served_content(kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def _refuse_changing_served_content(self, update_fields) -> None:
        """A served notice is immutable: what it says and when it was served stay as stored.

        Reads the stored row (one query, only when a guarded field may be written), so an
        instance changed in memory cannot overwrite it. Recording the paper service day
        (served_at of a notice not yet served) and the receipt are the allowed writes.
        """
        guarded = IMMUTABLE_ONCE_SERVED
        if update_fields is not None:
            guarded = tuple(name for name in guarded if name in set(update_fields))
            if not guarded:
                return
        stored = (
            Notice.objects.filter(pk=self.pk)
            .values("served_at", *(name for name in guarded if name != "served_at"))
            .first()
        )
        if stored is None or stored["served_at"] is None:
            return
        changed = [name for name in guarded if getattr(self, name) != stored[name]]
        if changed:
            raise ApplicationError(
                str(NOTICE_IMMUTABLE_MESSAGE),
                code="notice_immutable",
                extra={"fields": changed},
            )


class ServingBatchStatus(models.TextChoices):
    QUEUED = "queued", _("در صف")
    RUNNING = "running", _("در حال ابلاغ")
    DONE = "done", _("انجام شد")
    FAILED = "failed", _("ناموفق")


class ServingBatch(TimeStampedModel):
    """A staff action or a scheduled job serving one kind of notice to many workshops."""

    kind = models.CharField(max_length=16, choices=NoticeKind.choices)
    title = models.CharField(_("عنوان"), max_length=200)
    body = models.TextField(_("متن"), blank=True)
    branch = models.ForeignKey(
        "branches.Branch", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The workshops to serve, as ids (bounded by SERVING_BATCH_MAX_WORKSHOPS).
    workshop_ids = models.JSONField(default=list)
    status = models.CharField(
        max_length=16, choices=ServingBatchStatus.choices, default=ServingBatchStatus.QUEUED
    )
    total = models.PositiveIntegerField(default=0)
    served = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    # What makes a batch once-only: "debt:<branch id>:1404-07" for the monthly debt notices
    # of a branch, "staff:<token>" for a staff member's confirmed form (a double submit finds
    # the batch already made). Unique; empty (NULL) for none.
    key = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ابلاغ گروهی")
        verbose_name_plural = _("ابلاغ‌های گروهی")

    def __str__(self) -> str:
        return f"batch {self.pk} {self.kind} {self.served}/{self.total}"
