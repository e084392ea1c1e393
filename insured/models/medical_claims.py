"""Medical-expense claims (اسناد پزشکی) filed at an agency accepting medical documents.

An insured person who paid privately for care (a visit, a para-clinic bill, medicines…)
files the invoice and the prescription at an agency (کارگزاری) marked «پذیرش اسناد پزشکی».
The claim is reviewed as a case of kind `insured_medical_claim` routed to that agency, whose
staff accept it with the amount approved (never above the amount claimed) or reject it with
a reason. Where the case stands is the case's status; the claim keeps what was claimed and,
once accepted, what was approved.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tamin.core.models import TimeStampedModel

# The branches case kind a claim travels as (registered by insured.services.medical_claims).
MEDICAL_CLAIM_CASE_KIND = "insured_medical_claim"


class MedicalServiceKind(models.TextChoices):
    VISIT = "visit", _("ویزیت پزشک")
    PARACLINIC = "paraclinic", _("خدمات پاراکلینیکی (آزمایش، تصویربرداری)")
    MEDICINE = "medicine", _("دارو")
    PHYSIOTHERAPY = "physiotherapy", _("فیزیوتراپی و توان‌بخشی")
    HOSPITAL = "hospital", _("بستری و جراحی")
    DENTAL = "dental", _("دندان‌پزشکی")
    OTHER = "other", _("سایر خدمات درمانی")


class MedicalClaim(TimeStampedModel):
    person = models.ForeignKey(
        "insured.InsuredPerson", on_delete=models.PROTECT, related_name="medical_claims"
    )
    agency = models.ForeignKey(
        "branches.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("کارگزاری")
    )
    case = models.OneToOneField("branches.Case", on_delete=models.PROTECT, related_name="+")
    service_kind = models.CharField(
        _("نوع خدمت"), max_length=16, choices=MedicalServiceKind.choices
    )
    expense_date = models.DateField(_("تاریخ هزینه"))
    amount_claimed = models.PositiveBigIntegerField(_("مبلغ درخواستی (ریال)"))
    # Set when the agency accepts the claim: what it pays, at most what was claimed.
    amount_approved = models.PositiveBigIntegerField(
        _("مبلغ تأییدشده (ریال)"), null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("سند پزشکی")
        verbose_name_plural = _("اسناد پزشکی")
        indexes = [models.Index(fields=["person", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_claimed__gt=0), name="medical_claim_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(amount_approved__isnull=True)
                | Q(amount_approved__gt=0, amount_approved__lte=F("amount_claimed")),
                name="medical_claim_approved_within_claimed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.service_kind} {self.amount_claimed}"
