"""Medical commissions (کمیسیون پزشکی): where a commission sits and the requests made to it.

A commission sits as an appointment service of a branch (`branches.AppointmentService`);
`CommissionService` marks which services are commissions (staff add the row in the admin,
the demo seeds one). A `CommissionRequest` is the insured person's request for a disability
assessment: a branch case of kind `insured_medical_commission` (documents, decision) and
the booking of a slot of the commission's service. The booking is the latest one made for
the request; when it is cancelled (here or on «my appointments») the request waits for a
new slot while its case is open.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tamin.core.models import TimeStampedModel


class CommissionService(TimeStampedModel):
    """An appointment service of a branch at which the medical commission sits."""

    service = models.OneToOneField(
        "branches.AppointmentService",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("خدمت نوبت‌دهی"),
    )
    is_active = models.BooleanField(_("فعال"), default=True)

    class Meta:
        verbose_name = _("کمیسیون پزشکی")
        verbose_name_plural = _("کمیسیون‌های پزشکی")

    def __str__(self) -> str:
        return str(self.service)


class CommissionReason(models.TextChoices):
    TOTAL_DISABILITY = "total_disability", _("تعیین ازکارافتادگی کلی")
    PARTIAL_DISABILITY = "partial_disability", _("تعیین ازکارافتادگی جزئی")
    REVIEW = "review", _("تجدیدنظر در رأی کمیسیون پیشین")


class CommissionRequest(TimeStampedModel):
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "insured.InsuredPerson", on_delete=models.PROTECT, related_name="commission_requests"
    )
    case = models.OneToOneField("branches.Case", on_delete=models.PROTECT, related_name="+")
    commission = models.ForeignKey(
        CommissionService, on_delete=models.PROTECT, related_name="requests"
    )
    # The latest booking made for this request (live, cancelled, attended or missed).
    booking = models.ForeignKey(
        "branches.Booking", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("موضوع"), max_length=24, choices=CommissionReason.choices)
    description = models.TextField(_("توضیحات"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("درخواست کمیسیون پزشکی")
        verbose_name_plural = _("درخواست‌های کمیسیون پزشکی")
        indexes = [models.Index(fields=["applicant", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.person_id} {self.reason}"
