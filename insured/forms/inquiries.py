"""Forms of the inquiry pages (bank accounts, an inspection request): shape only; the
services check the rules."""

from __future__ import annotations

from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from tamin.core.forms import PlainTextField, WorkshopCodeField


class BankAccountForm(forms.Form):
    sheba = forms.CharField(
        label=_("شماره شبا"),
        max_length=40,
        # The Latin prefix is isolated so it reads left to right inside the Persian sentence.
        help_text=mark_safe(_('با <bdi dir="ltr">IR</bdi> شروع می‌شود و ۲۴ رقم دارد.')),  # noqa: S308 - a literal
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )


class InspectionRequestForm(forms.Form):
    workshop_code = WorkshopCodeField()
    workshop_name = PlainTextField(label=_("نام کارگاه"), max_length=120)
    description = PlainTextField(
        label=_("علت درخواست بازرسی"),
        max_length=2000,
        multiline=True,
        widget=forms.Textarea({"rows": 4}),
    )
