"""Forms of the payslips area: the bank account change request. Shape only; the service
checks the Sheba, the bank name, the same Sheba and an open request."""

from __future__ import annotations

from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from tamin.core.forms import PlainTextField, upload_help_text


class BankAccountChangeForm(forms.Form):
    sheba = PlainTextField(
        label=_("شماره شبای جدید"),
        max_length=40,
        help_text=mark_safe(  # noqa: S308 - a literal; the code isolated so it reads left to right
            _('با <bdi dir="ltr">IR</bdi> و ۲۴ رقم؛ حسابی که به نام خود شماست.')
        ),
        widget=forms.TextInput(
            attrs={"dir": "ltr", "autocomplete": "off", "placeholder": "IR…", "spellcheck": "false"}
        ),
    )
    bank_name = PlainTextField(label=_("نام بانک"), max_length=60)
    document = forms.FileField(
        label=_("نامهٔ بانک دربارهٔ حساب"),
        help_text=upload_help_text(
            _("نامه‌ای از بانک که شماره شبا و نام صاحب حساب را تأیید کند؛ با قالب {formats}.")
        ),
    )
