"""Tables of the short-term benefits and the abroad packages (issue #13, DOMAIN.md §3).

`BenefitParameters`: the terms of every short-term benefit, in force from a Jalali year
until a later row (rows carry over); `tamin.rules.benefit_figures.benefit_terms` reads it
into `tamin.rules.benefits.BenefitTerms`. Rates are exact fractions kept as a numerator and
a denominator (3/4 of the daily wage), or per mille; amounts integer rial.

`AbroadPackage`: the packages of the insurance of Iranians abroad (wage base and rate),
a set per Jalali year: the rows of the latest `effective_from` not after a year are in force.

[to confirm] values are data: staff correct them here, never in code.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

_YEAR = [MinValueValidator(1300), MaxValueValidator(1500)]
_POSITIVE = [MinValueValidator(1)]
_PERMILLE = [MaxValueValidator(1000)]


def _numerator(verbose_name: str, default: int, help_text: str) -> models.PositiveSmallIntegerField:
    """The numerator of an exact rate (3 of 3/4): never more than its denominator."""
    return models.PositiveSmallIntegerField(verbose_name, default=default, help_text=help_text)


def _denominator(verbose_name: str, default: int) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        verbose_name,
        default=default,
        validators=_POSITIVE,
        help_text=_("مخرج کسرِ بند بالا؛ بزرگ‌تر از صفر و نه کمتر از صورت کسر."),
    )


class BenefitParameters(models.Model):
    """The terms of the short-term benefits (DOMAIN.md §3), from a Jalali year until the next row."""

    effective_from = models.PositiveSmallIntegerField(
        _("از سال شمسی"),
        unique=True,
        validators=_YEAR,
        help_text=_("این ردیف از این سال تا سال ردیف بعدی اجرا می‌شود."),
    )

    # Sickness wage compensation.
    sickness_with_dependents_numerator = _numerator(
        _("غرامت دستمزد با افراد تحت تکفل — صورت کسر"), 3, _("۳ از ۴: سه‌چهارم دستمزد روزانه.")
    )
    sickness_with_dependents_denominator = _denominator(
        _("غرامت دستمزد با افراد تحت تکفل — مخرج کسر"), 4
    )
    sickness_without_dependents_numerator = _numerator(
        _("غرامت دستمزد بدون افراد تحت تکفل — صورت کسر"), 2, _("۲ از ۳: دوسوم دستمزد روزانه.")
    )
    sickness_without_dependents_denominator = _denominator(
        _("غرامت دستمزد بدون افراد تحت تکفل — مخرج کسر"), 3
    )
    sickness_hospitalized_without_dependents_numerator = _numerator(
        _("غرامت دستمزد بستری بدون افراد تحت تکفل — صورت کسر"),
        1,
        _("۱ از ۲: نصف دستمزد روزانه، برای بیمه‌شده بستری که فرد تحت تکفل ندارد."),
    )
    sickness_hospitalized_without_dependents_denominator = _denominator(
        _("غرامت دستمزد بستری بدون افراد تحت تکفل — مخرج کسر"), 2
    )
    sickness_waiting_days = models.PositiveSmallIntegerField(
        _("روزهای انتظار غرامت دستمزد"),
        default=3,
        help_text=_(
            "روزهای نخست استراحت که پرداخت نمی‌شود (۳: از روز چهارم)؛ بستری و حادثه ناشی از "
            "کار از روز نخست پرداخت می‌شوند."
        ),
    )
    daily_wage_days = models.PositiveSmallIntegerField(
        _("روزهای مبنای دستمزد روزانه"),
        default=90,
        validators=_POSITIVE,
        help_text=_(
            "دستمزد روزانه غرامت، کمک‌هزینه بارداری و بیمه بیکاری: جمع دستمزد این تعداد روز "
            "آخر پیش از ماه رویداد، تقسیم بر روزها."
        ),
    )

    # Maternity.
    maternity_rate_numerator = _numerator(
        _("کمک‌هزینه بارداری — صورت کسر"), 2, _("۲ از ۳: دوسوم دستمزد روزانه.")
    )
    maternity_rate_denominator = _denominator(_("کمک‌هزینه بارداری — مخرج کسر"), 3)
    maternity_min_days_prior_year = models.PositiveSmallIntegerField(
        _("کمترین سابقه برای کمک‌هزینه بارداری (روز)"),
        default=60,
        help_text=_("روزهای پرداخت در ۱۲ ماه پیش از ماه آغاز مرخصی."),
    )
    maternity_leave_days = models.PositiveSmallIntegerField(
        _("مرخصی زایمان (روز)"), default=270, validators=_POSITIVE, help_text=_("۹ ماه.")
    )

    # Marriage allowance (Art. 85).
    marriage_min_days = models.PositiveSmallIntegerField(
        _("کمترین سابقه برای کمک‌هزینه ازدواج (روز)"),
        default=720,
        help_text=_("روزهای پرداخت در سال‌های پیش از ماه ازدواج (بند بعد)."),
    )
    marriage_window_years = models.PositiveSmallIntegerField(
        _("بازه سابقه کمک‌هزینه ازدواج (سال)"),
        default=5,
        validators=_POSITIVE,
        help_text=_("سال‌هایی (هر سال ۱۲ ماه) پیش از ماه ازدواج که روزهای سابقه در آن شمرده می‌شود."),
    )

    # Military service purchase.
    military_min_days = models.PositiveSmallIntegerField(
        _("کمترین سابقه برای خرید سربازی (روز)"), default=730, help_text=_("دو سال.")
    )
    military_insured_share_numerator = _numerator(
        _("سهم بیمه‌شده از هزینه خرید سربازی — صورت کسر"), 7, _("۷ از ۳۰ هزینه را بیمه‌شده می‌پردازد.")
    )
    military_insured_share_denominator = _denominator(
        _("سهم بیمه‌شده از هزینه خرید سربازی — مخرج کسر"), 30
    )
    military_government_share_numerator = _numerator(
        _("سهم دولت از هزینه خرید سربازی — صورت کسر"),
        23,
        _("۲۳ از ۳۰ را دولت می‌پردازد؛ دو سهم روی هم باید یک شود."),
    )
    military_government_share_denominator = _denominator(
        _("سهم دولت از هزینه خرید سربازی — مخرج کسر"), 30
    )

    # Unemployment.
    unemployment_min_months = models.PositiveSmallIntegerField(
        _("کمترین سابقه برای بیمه بیکاری (ماه)"),
        default=6,
        validators=_POSITIVE,
        help_text=_("ماه‌های دارای روز پرداخت پیش از ماه بیکاری."),
    )
    unemployment_base_permille = models.PositiveSmallIntegerField(
        _("مقرری بیکاری پایه (در هزار)"),
        default=550,
        validators=_PERMILLE,
        help_text=_("۵۵۰: ۵۵٪ متوسط دستمزد ماهانه."),
    )
    unemployment_per_dependent_permille = models.PositiveSmallIntegerField(
        _("افزایش مقرری برای هر نفر تحت تکفل (در هزار)"),
        default=100,
        validators=_PERMILLE,
        help_text=_("۱۰۰: ۱۰٪ برای هر نفر."),
    )
    unemployment_max_permille = models.PositiveSmallIntegerField(
        _("سقف مقرری بیکاری (در هزار)"),
        default=800,
        validators=_PERMILLE,
        help_text=_("۸۰۰: حداکثر ۸۰٪ متوسط دستمزد ماهانه."),
    )

    # Funeral, orthotics, treatment.
    funeral_fixed_amount = models.BigIntegerField(
        _("کمک‌هزینه کفن و دفن (ریال)"),
        null=True,
        blank=True,
        help_text=_("خالی: حداقل دستمزد ماهانه سال فوت (از پارامترهای سالانه)."),
    )
    orthotics_ceiling = models.BigIntegerField(
        _("سقف پرداخت وسایل کمک‌توانبخشی (ریال)"),
        default=200_000_000,
        help_text=_("بیشترین مبلغی که برای هر درخواست پروتز و اروتز پرداخت می‌شود."),
    )
    treatment_window_months = models.PositiveSmallIntegerField(
        _("بازه سابقه استحقاق درمان (ماه)"),
        default=3,
        validators=_POSITIVE,
        help_text=_("ماه‌های کامل پیش از ماه استعلام که روزهای سابقه در آن شمرده می‌شود."),
    )
    treatment_min_days = models.PositiveSmallIntegerField(
        _("کمترین سابقه برای استحقاق درمان (روز)"),
        default=30,
        help_text=_("روزهای پرداخت در بازه بالا."),
    )

    note = models.TextField(
        _("منبع و وضعیت تأیید"),
        blank=True,
        help_text=_("منبع هر مقدار و مقادیری که هنوز باید تأیید شوند."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("پارامترهای مزایای کوتاه‌مدت")
        verbose_name_plural = _("پارامترهای مزایای کوتاه‌مدت")
        constraints = [
            models.CheckConstraint(
                condition=Q(sickness_with_dependents_denominator__gt=0)
                & Q(sickness_without_dependents_denominator__gt=0)
                & Q(sickness_hospitalized_without_dependents_denominator__gt=0)
                & Q(maternity_rate_denominator__gt=0)
                & Q(military_insured_share_denominator__gt=0)
                & Q(military_government_share_denominator__gt=0),
                name="benefit_parameters_denominators_positive",
            ),
            models.CheckConstraint(
                condition=Q(
                    sickness_with_dependents_numerator__lte=F(
                        "sickness_with_dependents_denominator"
                    )
                )
                & Q(
                    sickness_without_dependents_numerator__lte=F(
                        "sickness_without_dependents_denominator"
                    )
                )
                & Q(
                    sickness_hospitalized_without_dependents_numerator__lte=F(
                        "sickness_hospitalized_without_dependents_denominator"
                    )
                )
                & Q(maternity_rate_numerator__lte=F("maternity_rate_denominator"))
                & Q(military_insured_share_numerator__lte=F("military_insured_share_denominator"))
                & Q(
                    military_government_share_numerator__lte=F(
                        "military_government_share_denominator"
                    )
                ),
                name="benefit_parameters_rates_at_most_one",
            ),
            models.CheckConstraint(
                condition=Q(unemployment_base_permille__lte=F("unemployment_max_permille"))
                & Q(unemployment_max_permille__lte=1000),
                name="benefit_parameters_unemployment_within_cap",
            ),
            models.CheckConstraint(
                condition=Q(orthotics_ceiling__gte=0)
                & (Q(funeral_fixed_amount__isnull=True) | Q(funeral_fixed_amount__gte=0)),
                name="benefit_parameters_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return str(self.effective_from)

    def clean(self) -> None:
        super().clean()
        ins_n, ins_d = (
            self.military_insured_share_numerator,
            self.military_insured_share_denominator,
        )
        gov_n, gov_d = (
            self.military_government_share_numerator,
            self.military_government_share_denominator,
        )
        if ins_d and gov_d and ins_n * gov_d + gov_n * ins_d != ins_d * gov_d:
            raise ValidationError(
                {
                    "military_government_share_numerator": _(
                        "سهم بیمه‌شده و سهم دولت از هزینه خرید سربازی روی هم باید یک شود "
                        "(مثلاً ۷/۳۰ و ۲۳/۳۰)."
                    )
                }
            )


class AbroadPackage(models.Model):
    """One package of the insurance of Iranians abroad: a monthly wage base and a rate.

    The packages in force in a year are the rows of the latest `effective_from` not after it;
    staff add a whole new set from the year the figures change.
    """

    effective_from = models.PositiveSmallIntegerField(_("از سال شمسی"), validators=_YEAR)
    code = models.SlugField(
        _("کد بسته"), max_length=20, help_text=_("کد لاتین کوتاه و ثابت، مانند basic.")
    )
    label = models.CharField(_("عنوان بسته"), max_length=120)
    wage_base = models.BigIntegerField(
        _("دستمزد مبنای ماهانه (ریال)"),
        validators=[MinValueValidator(0)],
        help_text=_("حق بیمه ماهانه درصدی از این مبلغ است."),
    )
    rate_permille = models.PositiveSmallIntegerField(
        _("نرخ حق بیمه (در هزار)"),
        validators=_PERMILLE,
        help_text=_("۳۰۰: ۳۰٪ دستمزد مبنا در ماه."),
    )
    min_age = models.PositiveSmallIntegerField(
        _("کمترین سن"), default=18, validators=[MaxValueValidator(120)]
    )
    max_age = models.PositiveSmallIntegerField(
        _("بیشترین سن"),
        default=50,
        validators=[MaxValueValidator(120)],
        help_text=_("سن درخواست‌کننده (سال تمام) باید بین کمترین و بیشترین سن، با خود آن‌ها، باشد."),
    )
    note = models.TextField(_("منبع و وضعیت تأیید"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-effective_from", "wage_base", "code"]
        verbose_name = _("بسته بیمه ایرانیان خارج از کشور")
        verbose_name_plural = _("بسته‌های بیمه ایرانیان خارج از کشور")
        constraints = [
            models.UniqueConstraint(
                fields=["effective_from", "code"], name="abroad_package_unique_code"
            ),
            models.CheckConstraint(
                condition=Q(wage_base__gte=0) & Q(rate_permille__lte=1000),
                name="abroad_package_amounts_valid",
            ),
            models.CheckConstraint(
                condition=Q(min_age__lte=F("max_age")), name="abroad_package_ages_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.effective_from} {self.code}"
