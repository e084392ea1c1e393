"""The Art. 58 dependents table (issue #13, DOMAIN.md §4).

`DependentParameters`: the ages that decide who an insured person's treatment coverage extends
to, in force from a Jalali year until a later row (rows carry over);
`tamin.rules.coverage_figures.dependent_terms` reads it into
`tamin.rules.coverage.DependentTerms`. [to confirm] values are data: staff correct them here,
never in code.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

_YEAR = [MinValueValidator(1300), MaxValueValidator(1500)]
_AGE = [MinValueValidator(1), MaxValueValidator(120)]


class DependentParameters(models.Model):
    effective_from = models.PositiveSmallIntegerField(
        _("از سال شمسی"), unique=True, validators=_YEAR
    )
    child_age_limit = models.PositiveSmallIntegerField(
        _("سن پوشش هر فرزند (تا پیش از این سن)"), default=18, validators=_AGE
    )
    son_age_limit = models.PositiveSmallIntegerField(
        _("سن پوشش پسر بدون گواهی تحصیل (تا پیش از این سن)"), default=20, validators=_AGE
    )
    son_student_age_limit = models.PositiveSmallIntegerField(
        _("سن پوشش پسر دانشجو با گواهی تحصیل (تا پیش از این سن)"), default=25, validators=_AGE
    )
    daughter_age_limit = models.PositiveSmallIntegerField(
        _("سن پوشش دختر مجرد (تا پیش از این سن)"),
        null=True,
        blank=True,
        default=20,
        validators=_AGE,
        help_text=_("خالی: دختر مجرد بدون محدودیت سنی تحت پوشش است."),
    )
    father_min_age = models.PositiveSmallIntegerField(
        _("کمترین سن پدر"), default=60, validators=_AGE
    )
    mother_min_age = models.PositiveSmallIntegerField(
        _("کمترین سن مادر"), default=55, validators=_AGE
    )
    husband_min_age = models.PositiveSmallIntegerField(
        _("کمترین سن شوهر بیمه‌شده زن"), default=60, validators=_AGE
    )
    note = models.TextField(_("منبع و وضعیت تأیید"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("سن‌های پوشش افراد تبعی")
        verbose_name_plural = _("سن‌های پوشش افراد تبعی")
        constraints = [
            # A student son is covered at least as long as any son.
            models.CheckConstraint(
                condition=Q(son_student_age_limit__gte=F("son_age_limit")),
                name="dependent_parameters_student_limit_not_below_son_limit",
            ),
        ]

    def __str__(self) -> str:
        return str(self.effective_from)
