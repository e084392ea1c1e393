"""Yearly parameters of the money rules (DOMAIN.md §3), one row per Jalali year.

Amounts are integer rial, rates are per mille (70 = 7%) so no float ever
touches money. Rows are seeded by a data migration and corrected in the admin;
`note` says where each value came from and what is still to confirm.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class YearParameters(models.Model):
    year = models.PositiveSmallIntegerField(
        _("سال شمسی"),
        unique=True,
        validators=[MinValueValidator(1300), MaxValueValidator(1500)],
    )
    min_daily_wage = models.BigIntegerField(_("حداقل دستمزد روزانه (ریال)"), default=0)
    min_monthly_wage = models.BigIntegerField(_("حداقل دستمزد ماهانه (ریال)"), default=0)
    insurable_cap_monthly = models.BigIntegerField(
        _("سقف دستمزد مشمول ماهانه (ریال)"),
        default=0,
        help_text=_("هفت برابر حداقل دستمزد ماهانه."),
    )
    insured_rate_permille = models.PositiveSmallIntegerField(_("سهم بیمه‌شده (در هزار)"), default=70)
    employer_rate_permille = models.PositiveSmallIntegerField(
        _("سهم کارفرما (در هزار)"), default=200
    )
    government_rate_permille = models.PositiveSmallIntegerField(_("سهم دولت (در هزار)"), default=30)
    unemployment_rate_permille = models.PositiveSmallIntegerField(
        _("بیمه بیکاری (در هزار)"), default=30
    )
    note = models.TextField(
        _("منبع و وضعیت تأیید"),
        blank=True,
        help_text=_("منبع هر مقدار و مقادیری که هنوز باید تأیید شوند."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("پارامترهای سالانه")
        verbose_name_plural = _("پارامترهای سالانه")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_daily_wage__gte=0)
                & Q(min_monthly_wage__gte=0)
                & Q(insurable_cap_monthly__gte=0),
                name="year_parameters_amounts_not_negative",
            ),
            # A cap below the minimum wage would make every list invalid.
            models.CheckConstraint(
                condition=Q(insurable_cap_monthly__gte=F("min_monthly_wage")),
                name="year_parameters_cap_at_least_minimum",
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)


class PenaltyParameters(models.Model):
    """Penalty rates (DOMAIN.md §3), in force from a Jalali year until the next row.

    Rates are per mille: 20 = 2% per month late; 100 = 10% of the premium of a
    month for which no list was sent. Both are [to confirm] in DOMAIN.md.
    """

    effective_from = models.PositiveSmallIntegerField(
        _("از سال شمسی"),
        unique=True,
        validators=[MinValueValidator(1300), MaxValueValidator(1500)],
    )
    late_payment_permille_per_month = models.PositiveSmallIntegerField(
        _("جریمه دیرکرد پرداخت (در هزار، برای هر ماه)"), default=20
    )
    no_list_permille = models.PositiveSmallIntegerField(
        _("جریمه عدم ارسال لیست (در هزار)"), default=100
    )
    note = models.TextField(_("منبع و وضعیت تأیید"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("پارامترهای جریمه")
        verbose_name_plural = _("پارامترهای جریمه")

    def __str__(self) -> str:
        return str(self.effective_from)


class DisputeParameters(models.Model):
    """Terms and thresholds of claim rulings, objections, boards and installments
    (DOMAIN.md §5), in force from a Gregorian date until the next row.

    The defaults are the organization's own front-end values: 31 days to object to a
    ruling, 21 days to object to (appeal) a first-instance vote; the law says 30/20, so
    both are kept here for staff to correct without a release.
    """

    effective_from = models.DateField(_("از تاریخ"), unique=True)
    ruling_objection_days = models.PositiveSmallIntegerField(
        _("مهلت اعتراض به حکم (روز از ابلاغ)"), default=31
    )
    vote_appeal_days = models.PositiveSmallIntegerField(
        _("مهلت اعتراض به رأی هیأت بدوی (روز از ابلاغ)"), default=21
    )
    appeal_threshold = models.BigIntegerField(
        _("آستانه تجدیدنظر (ریال)"),
        default=200_000,
        help_text=_("رأی تا این مبلغ قطعی است و تجدیدنظر ندارد."),
    )
    max_objection_documents = models.PositiveSmallIntegerField(
        _("بیشترین تعداد مدارک اعتراض"), default=18
    )
    board_within_days = models.PositiveSmallIntegerField(
        _("طرح در هیأت بدوی (روز از ثبت اعتراض)"), default=30
    )
    waiver_months = models.PositiveSmallIntegerField(
        _("مهلت بخشودگی جرائم (ماه از ابلاغ)"), default=6
    )
    installment_minimum_total = models.BigIntegerField(
        _("کمترین بدهی قابل تقسیط (ریال)"), default=10_000_000
    )
    installment_first_due_days = models.PositiveSmallIntegerField(
        _("سررسید نخستین قسط (روز پس از توافق)"), default=7
    )
    installment_grace_days = models.PositiveSmallIntegerField(
        _("مهلت پرداخت قسط پس از سررسید (روز)"), default=30
    )
    installment_replans_allowed = models.PositiveSmallIntegerField(
        _("دفعات مجاز تقسیط دوباره پس از نکول"), default=1
    )
    note = models.TextField(_("منبع و وضعیت تأیید"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("پارامترهای اعتراض و تقسیط")
        verbose_name_plural = _("پارامترهای اعتراض و تقسیط")
        constraints = [
            models.CheckConstraint(
                condition=Q(appeal_threshold__gte=0) & Q(installment_minimum_total__gte=0),
                name="dispute_parameters_amounts_not_negative",
            )
        ]

    def __str__(self) -> str:
        return str(self.effective_from)


class InstallmentBand(models.Model):
    """One cell of the installment table: with this down payment, a debt up to
    `up_to_amount` (None = any larger debt) may be paid in `installments` parts
    (None = not allowed)."""

    parameters = models.ForeignKey(
        DisputeParameters, on_delete=models.CASCADE, related_name="installment_bands"
    )
    down_payment_percent = models.PositiveSmallIntegerField(
        _("پیش‌پرداخت (درصد)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    up_to_amount = models.BigIntegerField(_("تا مبلغ (ریال)"), null=True, blank=True)
    installments = models.PositiveSmallIntegerField(_("تعداد اقساط"), null=True, blank=True)

    class Meta:
        ordering = ["parameters", "-down_payment_percent", "up_to_amount"]
        verbose_name = _("جدول تقسیط")
        verbose_name_plural = _("جدول تقسیط")
        constraints = [
            models.UniqueConstraint(
                fields=["parameters", "down_payment_percent", "up_to_amount"],
                name="uniq_installment_band",
            )
        ]

    def __str__(self) -> str:
        return f"{self.down_payment_percent}% ≤{self.up_to_amount}: {self.installments}"


class PensionParameters(models.Model):
    """Pension figures of one Jalali year (DOMAIN.md §3, §5b): the minimum pension (the
    floor of Art. 77), the yearly increase applied from 1 Farvardin, the treatment share
    deducted from payslips and the family allowances paid with the pension.

    [to confirm] values are data: staff correct them here, never in code.
    """

    year = models.PositiveSmallIntegerField(
        _("سال شمسی"), unique=True, validators=[MinValueValidator(1300), MaxValueValidator(1500)]
    )
    minimum_pension = models.BigIntegerField(_("حداقل مستمری ماهانه (ریال)"), default=0)
    increase_permille = models.PositiveSmallIntegerField(
        _("افزایش سالانه مستمری (در هزار)"), default=0
    )
    increase_fixed = models.BigIntegerField(_("مبلغ ثابت افزایش سالانه (ریال)"), default=0)
    treatment_share_permille = models.PositiveSmallIntegerField(
        _("سهم درمان از مستمری (در هزار)"), default=20
    )
    treatment_share_includes_allowances = models.BooleanField(
        _("سهم درمان از کمک‌هزینه‌ها هم کسر شود"),
        default=False,
        help_text=_(
            "[تأیید شود] اگر خاموش باشد، سهم درمان فقط از مستمری و مابه‌التفاوت آن کسر می‌شود."
        ),
    )
    spouse_allowance = models.BigIntegerField(_("کمک‌هزینه عائله‌مندی (ریال)"), default=0)
    child_allowance = models.BigIntegerField(_("کمک‌هزینه اولاد، برای هر فرزند (ریال)"), default=0)
    note = models.TextField(_("منبع و وضعیت تأیید"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("پارامترهای سالانه مستمری")
        verbose_name_plural = _("پارامترهای سالانه مستمری")
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum_pension__gte=0)
                & Q(increase_fixed__gte=0)
                & Q(spouse_allowance__gte=0)
                & Q(child_allowance__gte=0),
                name="pension_parameters_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)


class RetirementCondition(models.Model):
    """One way to qualify for a retirement pension (Art. 76), in force from a Jalali year.

    The rows in force in a year are those of the latest `effective_from` not after it
    (per sex); the 7th Development Plan raises the ages step by step, so staff add a new
    set of rows from the year it takes effect.
    """

    class Path(models.TextChoices):
        SERVICE = "service", _("سال‌های سابقه")
        HARD_CONSECUTIVE = "hard_consecutive", _("سال‌های پیوسته کار سخت و زیان‌آور")
        HARD_TOTAL = "hard_total", _("سال‌های کار سخت و زیان‌آور")

    class Sex(models.TextChoices):
        MALE = "male", _("مرد")
        FEMALE = "female", _("زن")

    effective_from = models.PositiveSmallIntegerField(
        _("از سال شمسی"), validators=[MinValueValidator(1300), MaxValueValidator(1500)]
    )
    sex = models.CharField(_("جنسیت"), max_length=8, choices=Sex.choices)
    path = models.CharField(_("آنچه شمرده می‌شود"), max_length=20, choices=Path.choices)
    min_years = models.PositiveSmallIntegerField(_("کمترین سال"))
    min_age = models.PositiveSmallIntegerField(
        _("کمترین سن"), null=True, blank=True, help_text=_("خالی: در هر سنی.")
    )
    label = models.CharField(_("عنوان"), max_length=120, blank=True)
    note = models.TextField(_("منبع و وضعیت تأیید"), blank=True)

    class Meta:
        ordering = ["-effective_from", "sex", "path", "min_years"]
        verbose_name = _("شرط بازنشستگی")
        verbose_name_plural = _("شرایط بازنشستگی")
        constraints = [
            models.UniqueConstraint(
                fields=["effective_from", "sex", "path", "min_years", "min_age"],
                name="retirement_condition_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.effective_from} {self.sex} {self.path} {self.min_years}"


class SurvivorShare(models.Model):
    """The share of a deceased's pension each survivor draws (DOMAIN.md §5b), from a year."""

    class Relation(models.TextChoices):
        SPOUSE = "spouse", _("همسر")
        CHILD = "child", _("فرزند")
        PARENT = "parent", _("پدر یا مادر")

    effective_from = models.PositiveSmallIntegerField(
        _("از سال شمسی"), validators=[MinValueValidator(1300), MaxValueValidator(1500)]
    )
    relation = models.CharField(_("نسبت"), max_length=8, choices=Relation.choices)
    share_permille = models.PositiveSmallIntegerField(
        _("سهم (در هزار)"), validators=[MaxValueValidator(1000)]
    )
    note = models.TextField(_("منبع و وضعیت تأیید"), blank=True)

    class Meta:
        ordering = ["-effective_from", "relation"]
        verbose_name = _("سهم بازماندگان")
        verbose_name_plural = _("سهم بازماندگان")
        constraints = [
            models.UniqueConstraint(
                fields=["effective_from", "relation"], name="survivor_share_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.effective_from} {self.relation} {self.share_permille}"


# A Jalali month and day of month (a day past the month's end is read as its last day).
_MONTH_MIN, _MONTH_MAX = MinValueValidator(1), MaxValueValidator(12)
_DAY_MIN, _DAY_MAX = MinValueValidator(1), MaxValueValidator(31)


class DependentObligationTerms(models.Model):
    """When a pension's dependents owe their papers (DOMAIN.md §4), in force from a Jalali year.

    A daughter from `daughter_from_age` declares once a year that she is unmarried and not
    employed (period «1405»: opens on the opening day, due by the due day); a son from
    `student_from_age` to `student_to_age` (inclusive, completed years on the day the period
    opens) brings a student certificate each term (period «1405-1»: academic year 1405–1406,
    term 1). A due day past the month's end is its last day (Esfand 30 in a common year is
    Esfand 29). [to confirm] values are data: staff correct them here, never in code.
    """

    effective_from = models.PositiveSmallIntegerField(
        _("از سال شمسی"),
        unique=True,
        validators=[MinValueValidator(1300), MaxValueValidator(1500)],
    )
    daughter_from_age = models.PositiveSmallIntegerField(
        _("اعلام وضعیت دختر از سن"), default=18, validators=[MaxValueValidator(120)]
    )
    daughter_opens_month = models.PositiveSmallIntegerField(
        _("آغاز اعلام سالانه دختر (ماه)"), default=1, validators=[_MONTH_MIN, _MONTH_MAX]
    )
    daughter_opens_day = models.PositiveSmallIntegerField(
        _("آغاز اعلام سالانه دختر (روز)"), default=1, validators=[_DAY_MIN, _DAY_MAX]
    )
    daughter_due_month = models.PositiveSmallIntegerField(
        _("مهلت اعلام سالانه دختر (ماه)"), default=3, validators=[_MONTH_MIN, _MONTH_MAX]
    )
    daughter_due_day = models.PositiveSmallIntegerField(
        _("مهلت اعلام سالانه دختر (روز)"), default=31, validators=[_DAY_MIN, _DAY_MAX]
    )
    student_from_age = models.PositiveSmallIntegerField(
        _("گواهی تحصیل پسر از سن"), default=20, validators=[MaxValueValidator(120)]
    )
    student_to_age = models.PositiveSmallIntegerField(
        _("گواهی تحصیل پسر تا سن (با خود آن)"), default=25, validators=[MaxValueValidator(120)]
    )
    term1_opens_month = models.PositiveSmallIntegerField(
        _("آغاز نیم‌سال اول (ماه)"), default=7, validators=[_MONTH_MIN, _MONTH_MAX]
    )
    term1_opens_day = models.PositiveSmallIntegerField(
        _("آغاز نیم‌سال اول (روز)"), default=1, validators=[_DAY_MIN, _DAY_MAX]
    )
    term1_due_month = models.PositiveSmallIntegerField(
        _("مهلت گواهی نیم‌سال اول (ماه)"), default=8, validators=[_MONTH_MIN, _MONTH_MAX]
    )
    term1_due_day = models.PositiveSmallIntegerField(
        _("مهلت گواهی نیم‌سال اول (روز)"), default=30, validators=[_DAY_MIN, _DAY_MAX]
    )
    term2_opens_month = models.PositiveSmallIntegerField(
        _("آغاز نیم‌سال دوم (ماه)"), default=11, validators=[_MONTH_MIN, _MONTH_MAX]
    )
    term2_opens_day = models.PositiveSmallIntegerField(
        _("آغاز نیم‌سال دوم (روز)"), default=1, validators=[_DAY_MIN, _DAY_MAX]
    )
    term2_due_month = models.PositiveSmallIntegerField(
        _("مهلت گواهی نیم‌سال دوم (ماه)"), default=12, validators=[_MONTH_MIN, _MONTH_MAX]
    )
    term2_due_day = models.PositiveSmallIntegerField(
        _("مهلت گواهی نیم‌سال دوم (روز)"),
        default=30,
        validators=[_DAY_MIN, _DAY_MAX],
        help_text=_("روزی پس از پایان ماه، آخرین روز آن ماه است (۳۰ اسفند در سال عادی ۲۹ اسفند)."),
    )
    disabled_exempt = models.BooleanField(
        _("فرزند ازکارافتاده از این تکالیف معاف است"), default=True
    )
    note = models.TextField(_("منبع و وضعیت تأیید"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("مهلت تکالیف افراد تبعی")
        verbose_name_plural = _("مهلت تکالیف افراد تبعی")
        constraints = [
            models.CheckConstraint(
                condition=Q(student_from_age__lte=F("student_to_age")),
                name="dependent_terms_student_ages_ordered",
            ),
            models.CheckConstraint(
                condition=Q(term1_opens_month__lt=F("term2_opens_month"))
                | Q(
                    term1_opens_month=F("term2_opens_month"),
                    term1_opens_day__lt=F("term2_opens_day"),
                ),
                name="dependent_terms_term1_opens_first",
            ),
        ]

    def __str__(self) -> str:
        return str(self.effective_from)
