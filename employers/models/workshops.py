"""Workshops and the people who act for them (owner, accountant)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
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
