"""Pensioners, their pensions (پرونده مستمری) and the rulings (حکم) that set the amount.

A `Pensioner` is the person paid (matched to an account by national code); a `Pension`
is one entitlement — retirement, disability or a survivor's share of a deceased insured
person's pension — and its amount is always the `amount_after` of its latest ruling.
Rulings are never edited: a yearly increase is a new ruling, once per pension and year.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tamin.core.identifiers import validate_national_code, validate_sheba
from tamin.core.models import TimeStampedModel


class Sex(models.TextChoices):
    MALE = "male", _("مرد")
    FEMALE = "female", _("زن")


class Pensioner(TimeStampedModel):
    national_code = models.CharField(
        _("کد ملی"), max_length=10, unique=True, validators=[validate_national_code]
    )
    first_name = models.CharField(_("نام"), max_length=60)
    last_name = models.CharField(_("نام خانوادگی"), max_length=80)
    father_name = models.CharField(_("نام پدر"), max_length=60, blank=True)
    sex = models.CharField(_("جنسیت"), max_length=8, choices=Sex.choices)
    birth_date = models.DateField(_("تاریخ تولد"))
    branch = models.ForeignKey(
        "branches.Branch", on_delete=models.PROTECT, related_name="+", verbose_name=_("شعبه پرداخت")
    )
    # The account the pension is paid to; changed only through a request the branch accepts.
    sheba = models.CharField(_("شماره شبا"), max_length=26, validators=[validate_sheba])
    bank_name = models.CharField(_("بانک"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("مستمری‌بگیر")
        verbose_name_plural = _("مستمری‌بگیران")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Pension(TimeStampedModel):
    class Kind(models.TextChoices):
        RETIREMENT = "retirement", _("بازنشستگی")
        DISABILITY = "disability", _("ازکارافتادگی")
        SURVIVORS = "survivors", _("بازماندگان")

    class Relation(models.TextChoices):
        SELF = "self", _("خود بیمه‌شده")
        SPOUSE = "spouse", _("همسر")
        CHILD = "child", _("فرزند")
        PARENT = "parent", _("پدر یا مادر")

    class Status(models.TextChoices):
        ACTIVE = "active", _("برقرار")
        SUSPENDED = "suspended", _("معلق")
        ENDED = "ended", _("قطع‌شده")

    number = models.CharField(_("شماره مستمری"), max_length=12, unique=True)
    pensioner = models.ForeignKey(Pensioner, on_delete=models.PROTECT, related_name="pensions")
    kind = models.CharField(_("نوع مستمری"), max_length=12, choices=Kind.choices)
    # The insured person whose service the pension rests on: the pensioner for retirement
    # and disability, the deceased for survivors (names kept: the record may be anyone's).
    insured_national_code = models.CharField(_("کد ملی بیمه‌شده"), max_length=10)
    insured_name = models.CharField(_("نام بیمه‌شده"), max_length=140)
    insurance_number = models.CharField(_("شماره بیمه"), max_length=10, blank=True)
    relation = models.CharField(
        _("نسبت با بیمه‌شده"), max_length=8, choices=Relation.choices, default=Relation.SELF
    )
    share_permille = models.PositiveSmallIntegerField(_("سهم (در هزار)"), default=1000)
    start_date = models.DateField(_("تاریخ برقراری"))
    status = models.CharField(
        _("وضعیت"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    # Allowances paid with the pension (the payslip's spouse and child rows).
    spouse_allowance = models.BooleanField(_("کمک‌هزینه عائله‌مندی"), default=False)
    children_allowance_count = models.PositiveSmallIntegerField(
        _("تعداد فرزندان مشمول کمک‌هزینه"), default=0
    )

    class Meta:
        verbose_name = _("مستمری")
        verbose_name_plural = _("مستمری‌ها")
        constraints = [
            models.CheckConstraint(
                condition=Q(share_permille__lte=1000), name="pension_share_at_most_whole"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class PensionRuling(TimeStampedModel):
    """One ruling (حکم): the grant, or a yearly increase, of one pension.

    The grant keeps the rule's inputs (`computation`: sex, birth date, the day, the monthly
    history and added days) so "how my pension was computed" re-runs
    `tamin.rules.pensions.pension_compute` on exactly what the ruling rested on.
    """

    class Kind(models.TextChoices):
        GRANT = "grant", _("برقراری مستمری")
        YEARLY_INCREASE = "yearly_increase", _("افزایش سالانه")

    pension = models.ForeignKey(Pension, on_delete=models.PROTECT, related_name="rulings")
    number = models.CharField(_("شماره حکم"), max_length=20, unique=True)
    kind = models.CharField(_("نوع حکم"), max_length=16, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("سال شمسی"))
    effective_from = models.DateField(_("تاریخ اجرا"))
    original_days = models.PositiveIntegerField(_("سابقه اصلی (روز)"), default=0)
    added_days = models.PositiveIntegerField(_("سابقه ارفاقی و خرید سابقه (روز)"), default=0)
    years_hundredths = models.PositiveIntegerField(_("سال‌های سابقه (صدم سال)"), default=0)
    average_wage = models.BigIntegerField(_("متوسط دستمزد (مبنا)"), default=0)
    amount_before = models.BigIntegerField(_("مستمری پیش از حکم"), default=0)
    increase_permille = models.PositiveSmallIntegerField(_("افزایش (در هزار)"), default=0)
    increase_fixed = models.BigIntegerField(_("افزایش ثابت (ریال)"), default=0)
    amount_after = models.BigIntegerField(_("مستمری ماهانه"))
    minimum_applied = models.BooleanField(_("حداقل مستمری اعمال شد"), default=False)
    computation = models.JSONField(_("ورودی محاسبه"), default=dict, blank=True)

    class Meta:
        ordering = ["effective_from", "id"]
        verbose_name = _("حکم مستمری")
        verbose_name_plural = _("احکام مستمری")
        constraints = [
            models.UniqueConstraint(
                fields=["pension", "year"],
                condition=Q(kind="yearly_increase"),
                name="pension_ruling_one_increase_per_year",
            ),
            models.UniqueConstraint(
                fields=["pension"], condition=Q(kind="grant"), name="pension_ruling_one_grant"
            ),
            models.CheckConstraint(
                condition=Q(amount_after__gte=0) & Q(amount_before__gte=0),
                name="pension_ruling_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.number
