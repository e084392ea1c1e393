"""Registration: who you are, then a password (`PasswordSetForm`, also the last step of a
password reset). Shape only; the rules live in services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tamin.core.forms import MobileField, NationalCodeField
from tamin.core.jalali import BIRTH_YEAR_MIN, parse_jalali_date


class RegistrationForm(forms.Form):
    national_code = NationalCodeField()
    birth_date = forms.CharField(
        label=_("تاریخ تولد (شمسی)"),
        max_length=10,
        help_text=_("به شکل سال/ماه/روز، مثلاً ۱۳۷۰/۰۵/۲۱"),
        widget=forms.TextInput(
            attrs={"dir": "ltr", "inputmode": "numeric", "placeholder": "۱۳۷۰/۰۵/۲۱"}
        ),
    )
    mobile = MobileField()

    def clean_birth_date(self):
        return parse_jalali_date(
            self.cleaned_data["birth_date"], min_year=BIRTH_YEAR_MIN, not_in_future=True
        )


class PasswordSetForm(forms.Form):
    password1 = forms.CharField(
        label=_("گذرواژه"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("دست‌کم ۱۰ نویسه؛ از گذرواژه‌های رایج و فقط عددی استفاده نکنید."),
    )
    password2 = forms.CharField(
        label=_("تکرار گذرواژه"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            raise ValidationError(_("دو گذرواژه یکسان نیستند."))
        return data
