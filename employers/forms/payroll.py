"""Form of the payroll software key the workshop's owner issues."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from employers.services.payroll import NAME_MAX_LENGTH
from tamin.core.forms import PlainTextField


class PayrollKeyForm(forms.Form):
    name = PlainTextField(
        label=_("نام نرم‌افزار یا شرکت"),
        max_length=NAME_MAX_LENGTH,
        help_text=_("برای شناختن کلید در همین صفحه، مثلاً «نرم‌افزار حقوق سپیدار»."),
    )
    may_submit = forms.BooleanField(
        label=_("این نرم‌افزار لیست بدون خطا را خودش ارسال کند"),
        required=False,
        help_text=_(
            "ارسال لیست یعنی ثبت سوابق کارگران و بدهکار شدن کارگاه به حق بیمه آن. "
            "اگر این گزینه را نزنید، نرم‌افزار فقط لیست را بارگذاری و بررسی می‌کند "
            "و ارسال را خودتان در پرتال انجام می‌دهید."
        ),
    )
