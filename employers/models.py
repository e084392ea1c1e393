"""Employers: workshops, the people who act for them, monthly worker lists, the
workshop's account (charges, payments, penalties) and payments through a gateway.

A monthly list is stored as uploaded files + parsed rows; it becomes contribution
records (through `insured.services`) and a charge only when the employer submits
it, in one transaction. A corrective list for the same month is a new version.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tamin.core.identifiers import validate_workshop_code
from tamin.core.models import TimeStampedModel


class Workshop(TimeStampedModel):
    code = models.CharField(
        _("کد کارگاه"), max_length=10, unique=True, validators=[validate_workshop_code]
    )
    name = models.CharField(_("نام کارگاه"), max_length=120)
    employer_name = models.CharField(_("نام کارفرما"), max_length=120)
    address = models.CharField(_("نشانی"), max_length=255, blank=True)
    branch = models.ForeignKey(
        "branches.Branch", on_delete=models.PROTECT, related_name="+", verbose_name=_("شعبه")
    )
    # E-notification needs a paper commitment form signed at the branch first.
    e_notification_opt_in = models.BooleanField(_("ابلاغ الکترونیک"), default=False)
    e_notification_form_signed_on = models.DateField(
        _("تاریخ امضای تعهدنامه"), null=True, blank=True
    )
    e_notification_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The first day it employed insured workers: a list is due for every month from then
    # on (unknown for workshops registered before the field; their lists say where to start).
    started_on = models.DateField(_("تاریخ شروع فعالیت"), null=True, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("کارگاه")
        verbose_name_plural = _("کارگاه‌ها")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class RepresentativeRole(models.TextChoices):
    OWNER = "owner", _("کارفرما")
    ACCOUNTANT = "accountant", _("حسابدار")


class Representative(TimeStampedModel):
    """A person allowed to act for a workshop; an accountant may serve several workshops."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workshop_roles"
    )
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="representatives")
    role = models.CharField(_("سمت"), max_length=16, choices=RepresentativeRole.choices)
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("نماینده کارگاه")
        verbose_name_plural = _("نمایندگان کارگاه")
        constraints = [
            models.UniqueConstraint(fields=["user", "workshop"], name="uniq_representative")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.workshop_id} {self.role}"


class ListStatus(models.TextChoices):
    UPLOADED = "uploaded", _("دریافت شد")
    PARSING = "parsing", _("در حال بررسی")
    INVALID = "invalid", _("دارای خطا")
    VALID = "valid", _("آماده ارسال")
    SUBMITTED = "submitted", _("ارسال و ثبت شد")
    SUPERSEDED = "superseded", _("جایگزین شده با لیست اصلاحی")


class ListFormat(models.TextChoices):
    DBF = "dbf", _("DBF (DSKKAR00 + DSKWOR00)")
    CSV = "csv", _("CSV")
    XLSX = "xlsx", _("Excel (XLSX)")


class MonthlyList(TimeStampedModel):
    workshop = models.ForeignKey(Workshop, on_delete=models.PROTECT, related_name="lists")
    year = models.PositiveSmallIntegerField(_("سال"))
    month = models.PositiveSmallIntegerField(_("ماه"))
    # 1 = the original list of the month; a corrective list (لیست اصلاحی) is version 2, 3, ...
    version = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(
        max_length=16, choices=ListStatus.choices, default=ListStatus.UPLOADED
    )
    file_format = models.CharField(max_length=8, choices=ListFormat.choices)
    # Uploaded files: {"DSKKAR00": "<stored name>", "DSKWOR00": "<stored name>"} or {"list": ...}
    stored_files = models.JSONField(default=dict)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    worker_count = models.PositiveIntegerField(default=0)
    total_days = models.PositiveIntegerField(default=0)
    total_insurable = models.BigIntegerField(default=0)
    total_pay = models.BigIntegerField(default=0)
    insured_share = models.BigIntegerField(default=0)
    employer_share = models.BigIntegerField(default=0)
    unemployment_share = models.BigIntegerField(default=0)
    # Errors are stored bounded by design: the count and, per rule, its count and first
    # errors (MONTHLY_LIST_ERRORS_SHOWN_PER_RULE) live here for the page and the API,
    # [{"code", "count", "first": [{"position", "file", "row", "field", "code", "message"}]}]
    # in the order the rules were first met; every error is a MonthlyListError row
    # (the paginated report and the CSV), never loaded whole with the list.
    error_count = models.PositiveIntegerField(default=0)
    error_summary = models.JSONField(default=list, blank=True)
    parsed_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-year", "-month", "-version"]
        verbose_name = _("لیست ماهانه")
        verbose_name_plural = _("لیست‌های ماهانه")
        constraints = [
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="list_month_1_12"
            ),
            # At most one submitted (in-force) list per workshop and month.
            models.UniqueConstraint(
                fields=["workshop", "year", "month"],
                condition=Q(status="submitted"),
                name="uniq_submitted_list_per_month",
            ),
        ]
        indexes = [models.Index(fields=["workshop", "year", "month", "status"])]

    def __str__(self) -> str:
        return f"{self.workshop_id} {self.year}/{self.month} v{self.version}"


class MonthlyListRow(models.Model):
    """One worker of a list, as parsed (text normalized to Persian letters, money in rial)."""

    monthly_list = models.ForeignKey(MonthlyList, on_delete=models.CASCADE, related_name="rows")
    row_number = models.PositiveIntegerField()
    insurance_number = models.CharField(max_length=10)
    national_code = models.CharField(max_length=10, blank=True)
    first_name = models.CharField(max_length=60)
    last_name = models.CharField(max_length=60)
    father_name = models.CharField(max_length=60, blank=True)
    sex = models.CharField(max_length=8, blank=True)
    nationality = models.CharField(max_length=30, blank=True)
    job_code = models.CharField(max_length=6, blank=True)
    job_title = models.CharField(max_length=50, blank=True)
    start_date = models.CharField(max_length=8, blank=True)
    end_date = models.CharField(max_length=8, blank=True)
    days = models.PositiveSmallIntegerField()
    daily_wage = models.BigIntegerField()
    monthly_wage = models.BigIntegerField()
    insurable_benefits = models.BigIntegerField()
    insurable_total = models.BigIntegerField()
    total_pay = models.BigIntegerField()
    insured_share = models.BigIntegerField()
    unemployment_covered = models.BooleanField(default=True)

    class Meta:
        ordering = ["monthly_list", "row_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["monthly_list", "row_number"], name="uniq_list_row_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.monthly_list_id}#{self.row_number}"


class MonthlyListError(models.Model):
    """One error of a list's parse, `{file, row, field, code, message}` as the file layer
    reports it; `position` keeps the order in which they were found."""

    monthly_list = models.ForeignKey(
        MonthlyList, on_delete=models.CASCADE, related_name="error_rows"
    )
    position = models.PositiveIntegerField()
    file = models.CharField(max_length=16, blank=True)
    row = models.PositiveIntegerField(default=0)
    field = models.CharField(max_length=64, blank=True)
    code = models.CharField(max_length=40)
    message = models.TextField()

    class Meta:
        ordering = ["monthly_list", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["monthly_list", "position"], name="uniq_list_error_position"
            )
        ]
        # One rule's errors of a list, in order (the report filtered by rule).
        indexes = [models.Index(fields=["monthly_list", "code", "position"])]

    def __str__(self) -> str:
        return f"{self.monthly_list_id}#{self.position} {self.code}"


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
