"""The password step of sign-in."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tamin.core.forms import NationalCodeField


class LoginForm(forms.Form):
    national_code = NationalCodeField()
    password = forms.CharField(
        label=_("گذرواژه"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
