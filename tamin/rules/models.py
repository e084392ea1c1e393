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
