"""Forms of the installments area: shape only (the service checks the table and the terms)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tamin.core.forms import DigitsIntegerField

# A plan's total is rial in a bigint column; no debt comes near this.
TOTAL_MAX = 10**15


class PlanChoiceForm(forms.Form):
    """The down payment share the person picks (GET: preview; POST: agree)."""

    down_payment_percent = DigitsIntegerField(
        label=_("پیش‌پرداخت (درصد)"),
        min_value=1,
        max_value=100,
        error_messages={
            "required": _("درصد پیش‌پرداخت را انتخاب کنید."),
            "invalid": _("درصد پیش‌پرداخت را از جدول انتخاب کنید."),
            "min_value": _("درصد پیش‌پرداخت را از جدول انتخاب کنید."),
            "max_value": _("درصد پیش‌پرداخت را از جدول انتخاب کنید."),
        },
    )


class PlanAgreeForm(PlanChoiceForm):
    """The confirmation: the choice and the total the preview showed."""

    expected_total = DigitsIntegerField(min_value=0, max_value=TOTAL_MAX, widget=forms.HiddenInput)


class InstallmentPayForm(forms.Form):
    """Which installment the pay button was for (0 = the down payment)."""

    number = DigitsIntegerField(min_value=0, max_value=1000, widget=forms.HiddenInput)
