"""Forms of the calculators (GET: they change nothing): shape and ranges only; the rules in
`tamin.rules` decide eligibility and amounts. Every refusal is Persian, with Persian digits."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tamin.core.forms import DigitsIntegerField
from tamin.core.jalali import format_number
from tamin.rules.pension_file import MAX_ADDED_DAYS


def bounded_integer(
    label, *, minimum: int, maximum: int, required: bool = True, help_text=""
) -> DigitsIntegerField:
    """A whole number typed with any of our digits, between `minimum` and `maximum`, whose
    every refusal names the range in Persian digits."""
    message = _("عددی درست میان %(min)s و %(max)s وارد کنید.") % {
        "min": format_number(minimum),
        "max": format_number(maximum),
    }
    return DigitsIntegerField(
        label=label,
        required=required,
        min_value=minimum,
        max_value=maximum,
        help_text=help_text,
        error_messages={
            "invalid": message,
            "min_value": message,
            "max_value": message,
            "required": _("این فیلد لازم است."),
        },
    )


class PensionCalculatorForm(forms.Form):
    added_days = bounded_integer(
        _("سابقهٔ افزوده (روز)"),
        minimum=0,
        maximum=MAX_ADDED_DAYS,
        required=False,
        help_text=_("اختیاری: روزهایی که به سابقهٔ شما افزوده می‌شود، مانند خدمت سربازی خریداری‌شده."),
    )

    def clean_added_days(self) -> int:
        return self.cleaned_data.get("added_days") or 0
