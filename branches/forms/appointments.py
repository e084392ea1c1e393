"""Forms of the appointment pages (shape only)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from tamin.core.forms import DigitsIntegerField


class SlotForm(forms.Form):
    slot_id = DigitsIntegerField(min_value=1)


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("کد نوبت"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "off", "dir": "ltr", "class": "ltr"}),
    )
