"""Workplace inspections done by branch inspectors (بازرسی کارگاه).

Kept in branches because inspectors work for a branch; insured persons and
employers read them through `branches.selectors.inspections`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tamin.core.models import TimeStampedModel


class InspectionResult(models.TextChoices):
    COMPLIANT = "compliant", _("بدون تخلف")
    VIOLATIONS = "violations", _("دارای تخلف")
    PENDING = "pending", _("در دست بررسی")


class Inspection(TimeStampedModel):
    workshop_code = models.CharField(_("کد کارگاه"), max_length=10, db_index=True)
    workshop_name = models.CharField(_("نام کارگاه"), max_length=120)
    branch = models.ForeignKey(
        "branches.Branch", on_delete=models.PROTECT, related_name="inspections"
    )
    inspected_on = models.DateField(_("تاریخ بازرسی"))
    inspector_name = models.CharField(_("بازرس"), max_length=120)
    reason = models.CharField(_("علت بازرسی"), max_length=120, blank=True)
    findings = models.TextField(_("یافته‌ها"), blank=True)
    workers_seen = models.PositiveIntegerField(_("تعداد کارکنان دیده‌شده"), default=0)
    result = models.CharField(_("نتیجه"), max_length=16, choices=InspectionResult.choices)
    # Workers the inspector found at work who were on no list of theirs:
    # [{"national_code", "full_name", "year", "month", "days", "daily_wage"}] — what a
    # claim ruling from this inspection charges.
    workers_not_listed = models.JSONField(_("کارکنان فاقد لیست"), default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-inspected_on", "-id"]
        verbose_name = _("بازرسی کارگاه")
        verbose_name_plural = _("بازرسی‌های کارگاه")

    def __str__(self) -> str:
        return f"{self.workshop_code} {self.inspected_on}"
