"""The workshop's account (charges, payments, penalties, rulings) and payments through a gateway."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from employers.models.lists import MonthlyList
from employers.models.workshops import Workshop
from tamin.core.models import TimeStampedModel


class EntryKind(models.TextChoices):
    CHARGE = "charge", _("بدهی لیست")
    PAYMENT = "payment", _("پرداخت")
    PENALTY = "penalty", _("جریمه")
    ADJUSTMENT = "adjustment", _("اصلاحیه")
    RULING = "ruling", _("حکم مطالباتی")


class LedgerEntry(models.Model):
    """The workshop's account turnover; balance = Σ amount (charges positive, payments negative)."""

    workshop = models.ForeignKey(Workshop, on_delete=models.PROTECT, related_name="ledger")
    kind = models.CharField(max_length=16, choices=EntryKind.choices)
    amount = models.BigIntegerField()
    description = models.CharField(max_length=200)
    monthly_list = models.ForeignKey(
        MonthlyList, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    payment = models.ForeignKey(
        "employers.Payment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A `ruling` row (and a payment made for an installment of rulings) names its ruling.
    ruling = models.ForeignKey(
        "employers.ClaimRuling", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Which list period the entry concerns (for penalties and "estimated debt" per list).
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    month = models.PositiveSmallIntegerField(null=True, blank=True)
    # Which accrual a penalty row posts ("late:1404-01:2" = month 2 late of Farvardin
    # 1404, "no_list:1404-02"); unique per workshop, so an accrual is posted once.
    penalty_key = models.CharField(max_length=32, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("گردش حساب")
        verbose_name_plural = _("گردش حساب کارگاه")
        indexes = [models.Index(fields=["workshop", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "penalty_key"],
                condition=~Q(penalty_key=""),
                name="uniq_penalty_accrual_per_workshop",
            )
        ]

    def __str__(self) -> str:
        return f"{self.workshop_id} {self.kind} {self.amount}"


class PaymentStatus(models.TextChoices):
    INITIATED = "initiated", _("در انتظار بانک")
    PAID = "paid", _("پرداخت شد")
    FAILED = "failed", _("ناموفق")
    CANCELLED = "cancelled", _("لغو شد")


class Payment(TimeStampedModel):
    workshop = models.ForeignKey(Workshop, on_delete=models.PROTECT, related_name="payments")
    monthly_list = models.ForeignKey(
        MonthlyList, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    # A payment of one installment of a plan (its amount is the installment's).
    installment = models.ForeignKey(
        "employers.Installment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A payment of one ruling (its amount is what is owed of it, less the penalties the
    # waiver would remit while its term runs); its ledger row names the ruling.
    ruling = models.ForeignKey(
        "employers.ClaimRuling", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amount = models.BigIntegerField()
    status = models.CharField(
        max_length=16, choices=PaymentStatus.choices, default=PaymentStatus.INITIATED
    )
    gateway = models.CharField(max_length=32)
    # Our order id sent to the bank; the bank's reference once verified.
    order_id = models.CharField(max_length=32, unique=True)
    bank_reference = models.CharField(max_length=64, blank=True)
    card_mask = models.CharField(max_length=20, blank=True)
    initiated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    failure_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("پرداخت")
        verbose_name_plural = _("پرداخت‌ها")

    def __str__(self) -> str:
        return self.order_id
