"""Shape checks for the account pages; the rules live in services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tamin.core.identifiers import (
    normalize_digits,
    normalize_mobile,
    normalize_national_code,
    validate_mobile,
    validate_national_code,
)
from tamin.core.jalali import parse_jalali_date


class NationalCodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("کد ملی"))
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "username", "dir": "ltr"})

    def clean(self, value):
        value = normalize_national_code(super().clean(value))
        validate_national_code(value)
        return value


class MobileField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("شماره تلفن همراه"))
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", _("مثلاً ۰۹۱۲۱۲۳۴۵۶۷"))
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "tel", "autocomplete": "tel", "dir": "ltr"})

    def clean(self, value):
        value = normalize_mobile(super().clean(value))
        validate_mobile(value)
        return value


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
        return parse_jalali_date(self.cleaned_data["birth_date"])


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("کد پیامک‌شده"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "class": "otp-input",
                "dir": "ltr",
            }
        ),
    )

    def clean_code(self):
        code = normalize_digits(self.cleaned_data["code"]).replace(" ", "")
        if not code.isdigit() or len(code) != 6:
            raise ValidationError(_("کد باید ۶ رقم باشد."))
        return code


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


class LoginForm(forms.Form):
    national_code = NationalCodeField()
    password = forms.CharField(
        label=_("گذرواژه"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PasswordResetStartForm(forms.Form):
    national_code = NationalCodeField()
    mobile = MobileField()


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=_("ایمیل"),
        required=False,
        widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email"}),
    )
