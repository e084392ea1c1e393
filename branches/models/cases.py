"""Cases: any request an audience app forwards to a branch, with documents and history.

States (see `branches.services.cases` for the allowed moves):
draft → submitted (held while required documents are missing) → forwarded →
under_review ⇄ needs_info → accepted | rejected | closed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tamin.core.models import TimeStampedModel


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("پیش‌نویس")
    SUBMITTED = "submitted", _("ثبت‌شده، در انتظار مدارک")
    FORWARDED = "forwarded", _("ارسال‌شده به شعبه")
    UNDER_REVIEW = "under_review", _("در حال بررسی")
    NEEDS_INFO = "needs_info", _("نیازمند اطلاعات تکمیلی")
    ACCEPTED = "accepted", _("پذیرفته شد")
    REJECTED = "rejected", _("رد شد")
    CLOSED = "closed", _("مختومه")


OPEN_CASE_STATUSES = (CaseStatus.FORWARDED, CaseStatus.UNDER_REVIEW, CaseStatus.NEEDS_INFO)

# A status whose label names the branch reads differently for a case routed to an agency.
_AT_AGENCY_LABELS = {CaseStatus.FORWARDED: _("ارسال‌شده به کارگزاری")}


def case_status_label(status: str, *, at_agency: bool = False) -> str:
    """The Persian label of `status`; for a case at an agency, one that names the agency."""
    if at_agency and status in _AT_AGENCY_LABELS:
        return str(_AT_AGENCY_LABELS[status])
    try:
        return str(CaseStatus(status).label)
    except ValueError:
        return status


class Case(TimeStampedModel):
    tracking_code = models.CharField(_("کد رهگیری"), max_length=16, unique=True)
    kind = models.CharField(_("نوع درخواست"), max_length=64, db_index=True)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("متقاضی"),
    )
    branch = models.ForeignKey(
        "branches.Branch", on_delete=models.PROTECT, related_name="cases", verbose_name=_("شعبه")
    )
    # A case routed to an agency (کارگزاری): reviewed by the agency's staff only; `branch` is
    # the agency's supervising branch (شعبه ناظر) and its staff do not see the case.
    agency = models.ForeignKey(
        "branches.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("کارگزاری"),
    )
    subject = models.CharField(_("موضوع"), max_length=200)
    payload = models.JSONField(_("جزئیات"), default=dict, blank=True)
    status = models.CharField(
        _("وضعیت"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.DRAFT
    )
    status_reason = models.TextField(_("دلیل آخرین تغییر"), blank=True)
    # The named official responsible for the case (میز خدمت).
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
        verbose_name=_("کارشناس مسئول"),
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    forwarded_at = models.DateTimeField(null=True, blank=True)
    due_date = models.DateField(_("موعد پاسخ"), null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("پرونده")
        verbose_name_plural = _("پرونده‌ها")
        indexes = [
            models.Index(fields=["branch", "status", "due_date"]),
            models.Index(fields=["applicant", "-created_at"]),
            models.Index(fields=["assigned_to", "status"]),
            # The staff queue: a branch's open cases in due order, read 50 at a time.
            models.Index(
                fields=["branch", "due_date", "forwarded_at", "id"],
                condition=models.Q(status__in=["forwarded", "under_review", "needs_info"]),
                name="case_open_queue",
            ),
            # The same queue of an agency's open cases.
            models.Index(
                fields=["agency", "due_date", "forwarded_at", "id"],
                condition=models.Q(
                    agency__isnull=False, status__in=["forwarded", "under_review", "needs_info"]
                ),
                name="case_agency_open_queue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.kind}"

    @property
    def status_label(self) -> str:
        """The status as people read it («ارسال‌شده به کارگزاری» for a case at an agency)."""
        return case_status_label(self.status, at_agency=bool(self.agency_id))

    @property
    def place(self):
        """Where the case is reviewed: its agency when routed to one, else its branch."""
        return self.agency if self.agency_id else self.branch


class CaseDocument(TimeStampedModel):
    """An uploaded document; the file lives under a random name outside the web root."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    document_type = models.CharField(_("نوع مدرک"), max_length=64)
    original_name = models.CharField(_("نام فایل"), max_length=255)
    stored_name = models.CharField(max_length=128, unique=True)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    pages = models.PositiveSmallIntegerField(default=1)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("مدرک پرونده")
        verbose_name_plural = _("مدارک پرونده")

    def __str__(self) -> str:
        return f"{self.case_id}:{self.document_type}"


class CaseEvent(models.Model):
    """One step of a case's history: a status change, an assignment or a message."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    action = models.CharField(max_length=32)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("رویداد پرونده")
        verbose_name_plural = _("تاریخچه پرونده")

    def __str__(self) -> str:
        return f"{self.case_id} {self.action} {self.from_status}->{self.to_status}"
