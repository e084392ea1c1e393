"""Monthly worker lists: the uploaded files, their parsed rows and errors.

A monthly list is stored as uploaded files + parsed rows; it becomes contribution
records (through `insured.services`) and a charge only when the employer submits
it, in one transaction. A corrective list for the same month is a new version.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from employers.models.workshops import Workshop
from tamin.core.models import TimeStampedModel


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
