"""Certificates a pensioner takes to a bank or a court: the salary certificate and the
certificate of overdue-installment deduction, addressed to a named institution."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tamin.core.models import TimeStampedModel


class PensionCertificate(TimeStampedModel):
    class Kind(models.TextChoices):
        SALARY = "salary", _("گواهی حقوق")
        OVERDUE_INSTALLMENTS = "overdue_installments", _("گواهی کسر اقساط معوق")

    pension = models.ForeignKey(
        "pensioners.Pension", on_delete=models.PROTECT, related_name="certificates"
    )
    kind = models.CharField(_("نوع گواهی"), max_length=24, choices=Kind.choices)
    addressee = models.CharField(_("مخاطب (نام مؤسسه)"), max_length=120)
    # What the certificate states, fixed when it is issued (figures of that day).
    content = models.JSONField(_("متن گواهی"), default=dict)
    # The kernel's document request that renders and stores the PDF (tamin.core.document_requests).
    document_request_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("گواهی مستمری‌بگیر")
        verbose_name_plural = _("گواهی‌های مستمری‌بگیران")

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"
