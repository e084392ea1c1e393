"""Kernel models: timestamps, the audit log and the register of issued documents."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditLog(models.Model):
    """One row per security event or state change: who, when, what, before/after.

    Rows are written through `tamin.core.services.audit_record` only and never
    updated. `target_type`/`target_id` name the object without a foreign key so
    that the log survives deletions and stays in the kernel.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=64, db_index=True)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True, db_index=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_type}:{self.target_id}"


def _new_verification_code() -> str:
    # 12 characters from an alphabet without look-alikes; about 60 bits.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


class IssuedDocument(TimeStampedModel):
    """A PDF the portal issued; `/verify/<code>` shows its summary to anyone holding the code.

    `content_key` identifies the exact content (kind + data hash) so an unchanged
    document is served from storage instead of being rendered again.
    """

    verification_code = models.CharField(
        max_length=16, unique=True, default=_new_verification_code, editable=False
    )
    kind = models.CharField(max_length=64)
    title = models.CharField(max_length=255)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    content_key = models.CharField(max_length=128, db_index=True)
    sha256 = models.CharField(max_length=64)
    file_path = models.CharField(max_length=255)
    summary = models.JSONField(default=dict, blank=True)
    # The order the issuer gave the summary's rows: PostgreSQL's jsonb keeps a dict's keys
    # sorted by length, so without it /verify/<code> would list them jumbled.
    summary_order = models.JSONField(default=list, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.verification_code}"

    @property
    def summary_rows(self) -> list[tuple[str, object]]:
        """(label, value) in the issuer's order; keys it did not order (older rows) last."""
        ordered = [key for key in self.summary_order if key in self.summary]
        rest = [key for key in self.summary if key not in ordered]
        return [(key, self.summary[key]) for key in ordered + rest]


class DocumentRequest(TimeStampedModel):
    """A person asked for an issued document; a worker prepares it (tamin.core.document_requests).

    The page of the request polls its status; once `ready`, `document` is the
    IssuedDocument to download (a stored copy when the content was unchanged).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("در حال آماده‌سازی")
        READY = "ready", _("آماده")
        FAILED = "failed", _("ناموفق")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=64)
    # Keyword arguments of the kind's issue function (ids and short texts, never objects).
    parameters = models.JSONField(default=dict, blank=True)
    content_key = models.CharField(max_length=128)
    filename = models.CharField(max_length=255)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    document = models.ForeignKey(
        IssuedDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    failure = models.CharField(max_length=255, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["owner", "kind", "content_key"], name="document_request_lookup")
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} {self.status}"


class TaskDelivery(models.Model):
    """Deliveries of one task for one object that have not finished (see tamin.core.task_deliveries).

    Written with one INSERT … ON CONFLICT statement at the start of each delivery and
    deleted when the body ends, so `deliveries` counts the workers that died on it.
    """

    task_name = models.CharField(max_length=200)
    object_key = models.CharField(max_length=200)
    deliveries = models.PositiveIntegerField(default=0)
    first_at = models.DateTimeField()
    last_at = models.DateTimeField(db_index=True)
    given_up_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["task_name", "object_key"], name="uniq_task_delivery_object"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_name}({self.object_key}) ×{self.deliveries}"
