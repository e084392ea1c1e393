"""The six-digit code a person types (sign-in, registration, password reset)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tamin.core.forms import DigitsField


class CodeForm(forms.Form):
    code = DigitsField(
        label=_("کد پیامک‌شده"),
        length=6,
        max_length=12,
        message=_("کد باید ۶ رقم باشد."),
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "class": "otp-input",
                "dir": "ltr",
            }
        ),
    )
