"""Settling a workshop's debt: installment plans and clearance certificates (DOMAIN.md §5).

An installment plan covers the final debt of the workshop's rulings at the time it is
agreed: a down payment and equal installments a Jalali month apart, each paid through
the payment adapter. A missed installment (unpaid past its grace days) defaults the
plan; a defaulted plan may be re-planned a limited number of times.

A clearance certificate (مفاصا حساب) is issued at once when every month since the
workshop started has a list and nothing is owed; otherwise the request goes to the
branch with each reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from employers.models.claims import ClaimRuling
from employers.models.notices import Notice
from employers.models.workshops import Workshop
from tamin.core.models import TimeStampedModel


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("جاری")
    COMPLETED = "completed", _("تسویه شد")
    DEFAULTED = "defaulted", _("نکول شده")


class InstallmentPlan(TimeStampedModel):
    workshop = models.ForeignKey(
        Workshop, on_delete=models.PROTECT, related_name="installment_plans"
    )
    rulings = models.ManyToManyField(ClaimRuling, related_name="installment_plans")
    status = models.CharField(max_length=16, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    total = models.BigIntegerField(_("مبلغ کل"))
    down_payment_percent = models.PositiveSmallIntegerField(_("پیش‌پرداخت (درصد)"))
    installment_count = models.PositiveSmallIntegerField(_("تعداد اقساط"))
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    agreed_at = models.DateTimeField()
    replan_of = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replanned_as"
    )
    defaulted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-agreed_at"]
        verbose_name = _("توافق تقسیط")
        verbose_name_plural = _("توافق‌های تقسیط")
        constraints = [
            # At most one active plan per workshop.
            models.UniqueConstraint(
                fields=["workshop"], condition=Q(status="active"), name="uniq_active_plan"
            )
        ]

    def __str__(self) -> str:
        return f"plan {self.pk} {self.workshop_id} {self.status}"


class InstallmentStatus(models.TextChoices):
    DUE = "due", _("سررسید نشده")
    PAID = "paid", _("پرداخت شد")
    MISSED = "missed", _("معوق")
    CANCELLED = "cancelled", _("لغو با نکول توافق")


class Installment(models.Model):
    plan = models.ForeignKey(InstallmentPlan, on_delete=models.CASCADE, related_name="installments")
    number = models.PositiveSmallIntegerField()  # 0 = the down payment
    due_on = models.DateField(_("سررسید"))
    amount = models.BigIntegerField(_("مبلغ"))
    status = models.CharField(
        max_length=16, choices=InstallmentStatus.choices, default=InstallmentStatus.DUE
    )
    payment = models.ForeignKey(
        "employers.Payment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="uniq_installment_number"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="installment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}#{self.number}"


class ClearanceKind(models.TextChoices):
    TRANSFER = "transfer", _("انتقال کارگاه (ماده ۳۷)")
    CONTRACT = "contract", _("پیمان (ماده ۳۸)")


class ClearanceStatus(models.TextChoices):
    ISSUED = "issued", _("صادر شد")
    FORWARDED = "forwarded", _("ارجاع به شعبه")
    REJECTED = "rejected", _("رد شد")


class ClearanceRequest(TimeStampedModel):
    workshop = models.ForeignKey(Workshop, on_delete=models.PROTECT, related_name="clearances")
    kind = models.CharField(_("نوع"), max_length=16, choices=ClearanceKind.choices)
    tracking_code = models.CharField(_("کد رهگیری"), max_length=20, unique=True)
    # Art. 38: the contract the certificate is for.
    contract_number = models.CharField(_("شماره قرارداد"), max_length=40, blank=True)
    contract_party = models.CharField(_("طرف قرارداد (کارفرمای اصلی)"), max_length=120, blank=True)
    contract_amount = models.BigIntegerField(_("مبلغ قرارداد (ریال)"), null=True, blank=True)
    contract_start = models.DateField(_("شروع قرارداد"), null=True, blank=True)
    contract_end = models.DateField(_("پایان قرارداد"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=16, choices=ClearanceStatus.choices)
    # Why it went to the branch: [{"code": "missing_months", "message": "…", …}]
    reasons = models.JSONField(default=list, blank=True)
    case_id = models.PositiveBigIntegerField(null=True, blank=True)
    document = models.ForeignKey(
        "core.IssuedDocument", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notice = models.OneToOneField(
        Notice, null=True, blank=True, on_delete=models.PROTECT, related_name="clearance"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("مفاصا حساب")
        verbose_name_plural = _("مفاصا حساب‌ها")

    def __str__(self) -> str:
        return self.tracking_code
