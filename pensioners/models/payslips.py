"""Payslips (فیش حقوقی) built from typed rows, and the loans deducted from the pension.

A payslip is rows — payment, deduction or loan, each a title and an amount — plus its
totals; `net` = payments − deductions − loans is stored and checked by a constraint on
the totals and by `payslip_issue`, which is the one way a payslip comes to be.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tamin.core.models import TimeStampedModel


class PensionLoan(TimeStampedModel):
    """A loan repaid from the pension; overdue installments are deducted with the current one."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("در حال بازپرداخت")
        SETTLED = "settled", _("تسویه‌شده")

    pension = models.ForeignKey(
        "pensioners.Pension", on_delete=models.PROTECT, related_name="loans"
    )
    lender = models.CharField(_("وام‌دهنده"), max_length=120)
    reference = models.CharField(_("شماره وام"), max_length=30)
    principal = models.BigIntegerField(_("مبلغ وام"))
    installment_amount = models.BigIntegerField(_("مبلغ هر قسط"))
    installments_total = models.PositiveSmallIntegerField(_("تعداد اقساط"))
    installments_deducted = models.PositiveSmallIntegerField(_("اقساط کسرشده"), default=0)
    overdue_installments = models.PositiveSmallIntegerField(_("اقساط معوق"), default=0)
    started_on = models.DateField(_("تاریخ شروع کسر"))
    status = models.CharField(
        _("وضعیت"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )

    class Meta:
        verbose_name = _("وام مستمری‌بگیر")
        verbose_name_plural = _("وام‌های مستمری‌بگیران")
        constraints = [
            models.CheckConstraint(
                condition=Q(principal__gte=0) & Q(installment_amount__gte=0),
                name="pension_loan_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(installments_deducted__lte=F("installments_total")),
                name="pension_loan_deducted_at_most_total",
            ),
            models.UniqueConstraint(
                fields=["pension", "reference"], name="pension_loan_reference_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lender} {self.reference}"

    @property
    def remaining_installments(self) -> int:
        return self.installments_total - self.installments_deducted


class Payslip(TimeStampedModel):
    pension = models.ForeignKey(
        "pensioners.Pension", on_delete=models.PROTECT, related_name="payslips"
    )
    year = models.PositiveSmallIntegerField(_("سال"))
    month = models.PositiveSmallIntegerField(_("ماه"))
    # The months a difference row (e.g. a yearly increase published late) pays for.
    adjustment_from_year = models.PositiveSmallIntegerField(
        _("دوره تعدیل از سال"), null=True, blank=True
    )
    adjustment_from_month = models.PositiveSmallIntegerField(
        _("دوره تعدیل از ماه"), null=True, blank=True
    )
    adjustment_to_year = models.PositiveSmallIntegerField(
        _("دوره تعدیل تا سال"), null=True, blank=True
    )
    adjustment_to_month = models.PositiveSmallIntegerField(
        _("دوره تعدیل تا ماه"), null=True, blank=True
    )
    total_payments = models.BigIntegerField(_("جمع پرداخت‌ها"))
    total_deductions = models.BigIntegerField(_("جمع کسور"))
    total_loans = models.BigIntegerField(_("جمع اقساط وام"))
    net = models.BigIntegerField(_("خالص پرداختی"))
    # Where the money went that month (a later account change does not rewrite it).
    paid_to_sheba = models.CharField(_("شماره شبا"), max_length=26)
    bank_name = models.CharField(_("بانک"), max_length=60, blank=True)
    paid_on = models.DateField(_("تاریخ پرداخت"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "-month"]
        verbose_name = _("فیش حقوقی")
        verbose_name_plural = _("فیش‌های حقوقی")
        constraints = [
            models.UniqueConstraint(
                fields=["pension", "year", "month"], name="payslip_one_per_month"
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1) & Q(month__lte=12), name="payslip_month_range"
            ),
            models.CheckConstraint(
                condition=Q(net=F("total_payments") - F("total_deductions") - F("total_loans")),
                name="payslip_net_is_payments_less_deductions",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pension_id} {self.year}/{self.month}"


class PayslipRow(models.Model):
    class Kind(models.TextChoices):
        PAYMENT = "payment", _("پرداخت")
        DEDUCTION = "deduction", _("کسور")
        LOAN = "loan", _("قسط وام")

    payslip = models.ForeignKey(Payslip, on_delete=models.CASCADE, related_name="rows")
    kind = models.CharField(_("نوع"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("عنوان"), max_length=120)
    amount = models.BigIntegerField(_("مبلغ"))
    position = models.PositiveSmallIntegerField(default=0)
    loan = models.ForeignKey(
        PensionLoan, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("ردیف فیش")
        verbose_name_plural = _("ردیف‌های فیش")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="payslip_row_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.title
