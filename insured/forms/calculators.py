"""Forms of the calculators (GET: they change nothing): shape and ranges only; the rules in
`tamin.rules` decide eligibility and amounts. Every refusal is Persian, with Persian digits."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from insured.selectors.calculators import MAX_DAYS_OFF, MAX_MONTHS_SERVED
from tamin.core.forms import DigitsIntegerField, JalaliDateField
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
            "required": _("این مقدار لازم است."),
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


class _DateAfterBirthMixin:
    """Refuses a date before the person's birth (the form is given the birth date)."""

    date_fields: tuple[str, ...] = ()

    def __init__(self, *args, birth_date=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.birth_date = birth_date

    def clean(self):
        cleaned = super().clean()
        for name in self.date_fields:
            value = cleaned.get(name)
            if value is not None and self.birth_date is not None and value < self.birth_date:
                self.add_error(name, _("این تاریخ پیش از تاریخ تولد شماست."))
        return cleaned


class MarriageCalculatorForm(_DateAfterBirthMixin, forms.Form):
    date_fields = ("marriage_date",)

    marriage_date = JalaliDateField(
        label=_("تاریخ ازدواج"),
        not_in_future=True,
        help_text=_("تاریخ ثبت عقد دائم، به شکل سال/ماه/روز شمسی."),
    )
    employed_on_marriage = forms.BooleanField(
        label=_("در تاریخ ازدواج شاغل و بیمه‌پرداز بودم"), required=False
    )
    first_permanent_marriage = forms.BooleanField(
        label=_("این نخستین ازدواج دائم ثبت‌شدهٔ من است"), required=False, initial=True
    )


class MilitaryCalculatorForm(forms.Form):
    months_served = bounded_integer(
        _("مدت خدمت سربازی (ماه)"),
        minimum=1,
        maximum=MAX_MONTHS_SERVED,
        help_text=_("ماه‌های خدمت سربازی که می‌خواهید به سابقهٔ شما افزوده شود."),
    )


class SicknessCalculatorForm(_DateAfterBirthMixin, forms.Form):
    date_fields = ("start",)

    start = JalaliDateField(
        label=_("نخستین روز استراحت"),
        not_in_future=True,
        help_text=_("همان تاریخ گواهی استراحت پزشک، به شکل سال/ماه/روز شمسی."),
    )
    days_off = bounded_integer(_("روزهای استراحت"), minimum=1, maximum=MAX_DAYS_OFF)
    hospitalized = forms.BooleanField(label=_("در بیمارستان بستری بوده‌ام"), required=False)
    work_accident = forms.BooleanField(
        label=_("بیماری یا آسیب از حادثهٔ ناشی از کار است"), required=False
    )
    has_dependents = forms.BooleanField(
        label=_("افراد تحت تکفل دارم (همسر، فرزند یا والدین)"), required=False
    )
