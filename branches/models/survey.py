"""Performance survey (نظرسنجی): an invitation after a closed case or an attended appointment."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tamin.core.models import TimeStampedModel


class Survey(TimeStampedModel):
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="surveys"
    )
    branch = models.ForeignKey(
        "branches.Branch", null=True, blank=True, on_delete=models.PROTECT, related_name="surveys"
    )
    medical_centre = models.ForeignKey(
        "branches.MedicalCentre",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    case = models.OneToOneField(
        "branches.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="survey"
    )
    booking = models.OneToOneField(
        "branches.Booking", null=True, blank=True, on_delete=models.CASCADE, related_name="survey"
    )
    rating = models.PositiveSmallIntegerField(_("امتیاز"), null=True, blank=True)
    comment = models.TextField(_("توضیح"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("نظرسنجی")
        verbose_name_plural = _("نظرسنجی‌ها")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="survey_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(case__isnull=False) | Q(booking__isnull=False),
                name="survey_about_case_or_booking",
            ),
        ]

    def __str__(self) -> str:
        return f"survey {self.pk}"
