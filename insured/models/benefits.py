"""Short-term benefit requests (DOMAIN.md §1, §3): what a person asked for and what the rule said.

A request is a branch case (`insured_benefit_<kind>`, the case holds the documents, the status
and the promised answer date); this row keeps, at the time of the request, the facts the person
gave, the amount the rule computed with its working (`steps`), the year of the terms used and
the account the allowance is paid into — so what the branch accepted is exactly what was shown,
even after staff change a year's figures. `state` follows the branch's decision.

`live_key` stops a second request for the same thing while one is pending or accepted (the
first marriage, a sickness leave starting on a day, a deceased person's funeral): a partial
unique constraint, the last guard behind the service's own check. An empty key (orthotics, one
request per invoice) is not limited.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tamin.core.models import TimeStampedModel


class BenefitKind(models.TextChoices):
    MARRIAGE = "marriage", _("کمک‌هزینه ازدواج")
    SICKNESS = "sickness", _("غرامت دستمزد ایام بیماری")
    MATERNITY = "maternity", _("کمک‌هزینه بارداری و زایمان")
    ORTHOTICS = "orthotics", _("وسایل کمک‌پزشکی (پروتز و اورتز)")
    FUNERAL = "funeral", _("کمک‌هزینه کفن و دفن")
    UNEMPLOYMENT = "unemployment", _("مقرری بیمه بیکاری")


class BenefitRequest(TimeStampedModel):
    class State(models.TextChoices):
        PENDING = "pending", _("در جریان")
        ACCEPTED = "accepted", _("پذیرفته شد")
        REJECTED = "rejected", _("رد شد")
        CLOSED = "closed", _("مختومه")

    LIVE_STATES = (State.PENDING, State.ACCEPTED)

    person = models.ForeignKey(
        "insured.InsuredPerson", on_delete=models.PROTECT, related_name="benefit_requests"
    )
    kind = models.CharField(_("نوع کمک‌هزینه"), max_length=16, choices=BenefitKind.choices)
    case_id = models.PositiveBigIntegerField(_("شناسه درخواست"), unique=True)
    tracking_code = models.CharField(_("کد رهگیری"), max_length=16)
    # What the person declared (dates as ISO strings), as the rule read it.
    facts = models.JSONField(_("اطلاعات اعلام‌شده"), default=dict, blank=True)
    amount = models.BigIntegerField(_("مبلغ (ریال)"))
    daily_amount = models.BigIntegerField(_("مبلغ روزانه (ریال)"), null=True, blank=True)
    days = models.PositiveIntegerField(_("روزهای قابل پرداخت"), null=True, blank=True)
    steps = models.JSONField(_("روش محاسبه"), default=list, blank=True)
    terms_year = models.PositiveSmallIntegerField(_("سال ضوابط"))
    sheba = models.CharField(_("شماره شبای واریز"), max_length=26, blank=True)
    live_key = models.CharField(max_length=80, blank=True)
    state = models.CharField(
        _("وضعیت"), max_length=16, choices=State.choices, default=State.PENDING
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("درخواست کمک‌هزینه")
        verbose_name_plural = _("درخواست‌های کمک‌هزینه")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0)
                & (Q(daily_amount__isnull=True) | Q(daily_amount__gte=0)),
                name="benefit_request_amount_not_negative",
            ),
            models.UniqueConstraint(
                fields=["kind", "live_key"],
                condition=Q(state__in=["pending", "accepted"]) & ~Q(live_key=""),
                name="benefit_request_one_live_per_key",
            ),
        ]
        indexes = [models.Index(fields=["person", "kind", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.tracking_code}"
