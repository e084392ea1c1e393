"""Insurance of Iranians abroad (بیمه ایرانیان خارج از کشور): the request and its quote.

Anyone signed in may ask (the applicant need not be insured yet): the request keeps what
the account said of the applicant when it was filed (national code, names, birth date),
what they chose (package, country, passport number) and the quote of that day (the
package's wage base and rate from `tamin.rules` AbroadPackage, the monthly premium). It is
reviewed as a branch case of kind `insured_abroad_request`; on acceptance the applicant is
registered as an insured person (if they were not) and `person` names them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from insured.models.core import Sex
from tamin.core.identifiers import validate_national_code
from tamin.core.jalali import format_number, persian_digits
from tamin.core.models import TimeStampedModel


class AbroadRequest(TimeStampedModel):
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    case = models.OneToOneField("branches.Case", on_delete=models.PROTECT, related_name="+")
    # The applicant as the account gave them on the day of the request.
    national_code = models.CharField(
        _("کد ملی"), max_length=10, validators=[validate_national_code]
    )
    first_name = models.CharField(_("نام"), max_length=60)
    last_name = models.CharField(_("نام خانوادگی"), max_length=80)
    father_name = models.CharField(_("نام پدر"), max_length=60, blank=True)
    birth_date = models.DateField(_("تاریخ تولد"))
    sex = models.CharField(_("جنسیت"), max_length=8, choices=Sex.choices)
    # What they chose.
    country = models.CharField(_("کشور محل اقامت"), max_length=60)
    passport_number = models.CharField(_("شماره گذرنامه"), max_length=12)
    # The quote of the day of the request (the package table may change later).
    package_year = models.PositiveSmallIntegerField(_("سال جدول"))
    package_code = models.CharField(_("کد طرح"), max_length=16)
    package_label = models.CharField(_("طرح"), max_length=80)
    wage_base = models.BigIntegerField(_("دستمزد مبنا"))
    rate_permille = models.PositiveSmallIntegerField(_("نرخ حق بیمه (در هزار)"))
    monthly_premium = models.BigIntegerField(_("حق بیمه ماهانه"))
    age = models.PositiveSmallIntegerField(_("سن در روز درخواست"))
    # Set when the branch accepts: the insured person (registered then, or found).
    person = models.ForeignKey(
        "insured.InsuredPerson",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="abroad_requests",
    )
    registered_new = models.BooleanField(_("ثبت بیمه‌شده تازه"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("درخواست بیمه ایرانیان خارج از کشور")
        verbose_name_plural = _("درخواست‌های بیمه ایرانیان خارج از کشور")
        indexes = [models.Index(fields=["applicant", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(wage_base__gte=0, monthly_premium__gte=0),
                name="abroad_request_money_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.national_code} {self.package_code}"

    @property
    def rate_percent(self) -> str:
        """180 → «۱۸٪», 175 → «۱۷٫۵٪» (as the rule's working writes a rate)."""
        whole, tenth = divmod(self.rate_permille, 10)
        text = format_number(whole) + (f"٫{persian_digits(tenth)}" if tenth else "")
        return f"{text}٪"
