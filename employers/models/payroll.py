"""API keys a workshop's owner issues to a payroll vendor (نرم‌افزار حقوق و دستمزد).

A key lets the vendor's software upload the workshop's monthly lists, read their status
and errors, and — only when the owner allowed it — submit a valid list, through
`/api/v1/payroll/` (employers.api.payroll). The key itself is shown once; only its
SHA-256 is stored, with a short random `prefix` that names it on the owner's page.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from employers.models.workshops import Workshop


class PayrollApiKey(models.Model):
    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="payroll_keys", verbose_name=_("کارگاه")
    )
    # Who the key is for, in the owner's words (e.g. «نرم‌افزار حقوق سپیدار»).
    name = models.CharField(_("نام نرم‌افزار یا شرکت"), max_length=80)
    # The random part after "tpk_" (8 characters): shown to tell keys apart, never enough
    # to use one.
    prefix = models.CharField(_("شناسه کلید"), max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    may_submit = models.BooleanField(_("اجازه ارسال لیست"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("کلید نرم‌افزار حقوق و دستمزد")
        verbose_name_plural = _("کلیدهای نرم‌افزار حقوق و دستمزد")
        indexes = [models.Index(fields=["workshop", "created_at"])]

    def __str__(self) -> str:
        return f"{self.workshop_id} tpk_{self.prefix}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
