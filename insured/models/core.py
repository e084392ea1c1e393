"""Insured persons and their contribution records (سوابق بیمه‌ای).

Records are written only through `insured.services`; a record is never edited in
place: a correction writes a new version (`version + 1`, `supersedes` = the old
row) and flips `is_current`, so the history of every month is kept. Periods
are Jalali year + month integers; money is integer rial.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tamin.core.identifiers import validate_insurance_number, validate_national_code, validate_sheba
from tamin.core.models import TimeStampedModel


class Sex(models.TextChoices):
    MALE = "male", _("مرد")
    FEMALE = "female", _("زن")


class InsuredPerson(TimeStampedModel):
    insurance_number = models.CharField(
        _("شماره بیمه"), max_length=10, unique=True, validators=[validate_insurance_number]
    )
    national_code = models.CharField(
        _("کد ملی"), max_length=10, unique=True, validators=[validate_national_code]
    )
    first_name = models.CharField(_("نام"), max_length=60)
    last_name = models.CharField(_("نام خانوادگی"), max_length=80)
    father_name = models.CharField(_("نام پدر"), max_length=60, blank=True)
    birth_date = models.DateField(_("تاریخ تولد"))
    sex = models.CharField(_("جنسیت"), max_length=8, choices=Sex.choices)
    nationality = models.CharField(_("ملیت"), max_length=30, default="ایرانی")
    # Unemployment insurance (DSK_BIC, 3 %) is not owed for every worker (e.g. the employer's
    # relatives); the registry says who is covered, and the monthly list's BIC is checked by it.
    unemployment_insurance_covered = models.BooleanField(_("مشمول بیمه بیکاری"), default=True)
    # Linked when the person registers on the portal (matched by national code).
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="insured_person",
    )
    # Where requests not tied to a workshop go (by residence).
    residence_branch = models.ForeignKey(
        "branches.Branch", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("بیمه‌شده")
        verbose_name_plural = _("بیمه‌شدگان")

    def __str__(self) -> str:
        return f"{self.insurance_number} {self.first_name} {self.last_name}"


class RecordSource(models.TextChoices):
    MONTHLY_LIST = "monthly_list", _("لیست ماهانه کارفرما")
    OBJECTION = "objection", _("رسیدگی به اعتراض")
    BRANCH = "branch", _("ثبت شعبه")
    LEGACY = "legacy", _("سوابق پیشین")


class ContributionRecord(models.Model):
    """One person × workshop × Jalali month: days and wages as the list declared them."""

    person = models.ForeignKey(InsuredPerson, on_delete=models.PROTECT, related_name="records")
    workshop_code = models.CharField(_("کد کارگاه"), max_length=10)
    workshop_name = models.CharField(_("نام کارگاه"), max_length=120)
    branch = models.ForeignKey(
        "branches.Branch", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("سال"))
    month = models.PositiveSmallIntegerField(_("ماه"))
    days = models.PositiveSmallIntegerField(_("روزهای کارکرد"))
    daily_wage = models.BigIntegerField(_("دستمزد روزانه"), default=0)
    monthly_wage = models.BigIntegerField(_("دستمزد ماهانه"), default=0)
    insurable_benefits = models.BigIntegerField(_("مزایای مشمول"), default=0)
    insurable_total = models.BigIntegerField(_("جمع دستمزد و مزایای مشمول"), default=0)
    total_pay = models.BigIntegerField(_("جمع کل دریافتی"), default=0)
    insured_share = models.BigIntegerField(_("سهم بیمه‌شده"), default=0)
    employer_share = models.BigIntegerField(_("سهم کارفرما"), default=0)
    job_code = models.CharField(_("کد شغل"), max_length=6, blank=True)
    job_title = models.CharField(_("عنوان شغل"), max_length=50, blank=True)
    source = models.CharField(
        max_length=16, choices=RecordSource.choices, default=RecordSource.MONTHLY_LIST
    )
    # The monthly list (or case tracking code) this version came from.
    source_ref = models.CharField(max_length=64, blank=True)
    version = models.PositiveSmallIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["year", "month", "workshop_code"]
        verbose_name = _("سابقه ماهانه")
        verbose_name_plural = _("سوابق ماهانه")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "workshop_code", "year", "month"],
                condition=Q(is_current=True),
                name="uniq_current_record_per_month",
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="record_month_1_12"
            ),
            models.CheckConstraint(condition=Q(days__lte=31), name="record_days_max_31"),
        ]
        indexes = [
            # Every read is "this person's current records"; keyed by person so the
            # table can be partitioned by person later (docs/deploy.md).
            models.Index(
                fields=["person", "year", "month"],
                condition=Q(is_current=True),
                name="record_current_by_person",
            ),
            models.Index(
                fields=["workshop_code", "year", "month"], name="record_by_workshop_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.workshop_code} {self.year}/{self.month} v{self.version}"


class BankAccount(TimeStampedModel):
    person = models.ForeignKey(
        InsuredPerson, on_delete=models.CASCADE, related_name="bank_accounts"
    )
    sheba = models.CharField(_("شماره شبا"), max_length=26, validators=[validate_sheba])
    bank_name = models.CharField(_("بانک"), max_length=60, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("حساب بانکی")
        verbose_name_plural = _("حساب‌های بانکی")
        constraints = [
            models.UniqueConstraint(fields=["person", "sheba"], name="uniq_person_sheba")
        ]

    def __str__(self) -> str:
        return self.sheba
