"""A pension's dependents and the papers they owe: the daughters' yearly declaration
and the sons' student certificate each term (DOMAIN.md §4)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tamin.core.models import TimeStampedModel


class PensionDependent(TimeStampedModel):
    class Relation(models.TextChoices):
        SPOUSE = "spouse", _("همسر")
        SON = "son", _("پسر")
        DAUGHTER = "daughter", _("دختر")
        FATHER = "father", _("پدر")
        MOTHER = "mother", _("مادر")

    pension = models.ForeignKey(
        "pensioners.Pension", on_delete=models.PROTECT, related_name="dependents"
    )
    relation = models.CharField(_("نسبت"), max_length=10, choices=Relation.choices)
    national_code = models.CharField(_("کد ملی"), max_length=10)
    first_name = models.CharField(_("نام"), max_length=60)
    last_name = models.CharField(_("نام خانوادگی"), max_length=80)
    birth_date = models.DateField(_("تاریخ تولد"))
    is_disabled = models.BooleanField(_("ازکارافتاده"), default=False)
    is_active = models.BooleanField(_("مشمول"), default=True)

    class Meta:
        verbose_name = _("فرد تبعی مستمری‌بگیر")
        verbose_name_plural = _("افراد تبعی مستمری‌بگیران")
        constraints = [
            models.UniqueConstraint(
                fields=["pension", "national_code"], name="pension_dependent_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class DependentObligationFiling(TimeStampedModel):
    """One paper a dependent owes for one period, filed online (a branch case) and decided."""

    class Kind(models.TextChoices):
        DAUGHTER_DECLARATION = "daughter_declaration", _("اعلام سالانه وضعیت دختر")
        STUDENT_CERTIFICATE = "student_certificate", _("گواهی اشتغال به تحصیل پسر")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("در انتظار بررسی")
        ACCEPTED = "accepted", _("پذیرفته شد")
        REJECTED = "rejected", _("رد شد")

    dependent = models.ForeignKey(
        PensionDependent, on_delete=models.PROTECT, related_name="filings"
    )
    kind = models.CharField(_("نوع"), max_length=24, choices=Kind.choices)
    period_key = models.CharField(_("دوره"), max_length=12)  # «1405» (a year) or «1405-1» (a term)
    case_id = models.PositiveBigIntegerField(_("شناسه درخواست"), null=True, blank=True)
    status = models.CharField(
        _("وضعیت"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )

    class Meta:
        verbose_name = _("تکلیف فرد تبعی")
        verbose_name_plural = _("تکالیف افراد تبعی")
        constraints = [
            models.UniqueConstraint(
                fields=["dependent", "kind", "period_key"],
                condition=~models.Q(status="rejected"),
                name="dependent_filing_one_live_per_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dependent_id} {self.kind} {self.period_key}"
