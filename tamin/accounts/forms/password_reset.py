"""The first step of a password reset."""

from __future__ import annotations

from django import forms

from tamin.core.forms import MobileField, NationalCodeField


class PasswordResetStartForm(forms.Form):
    national_code = NationalCodeField()
    mobile = MobileField()
