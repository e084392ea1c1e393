"""Forms of the objections and inquiries pages: shape only; the services check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tamin.core.identifiers import normalize_digits
from tamin.core.jalali import persian_digits

MONTH_CHOICES = [
    (1, "فروردین"),
    (2, "اردیبهشت"),
    (3, "خرداد"),
    (4, "تیر"),
    (5, "مرداد"),
    (6, "شهریور"),
    (7, "مهر"),
    (8, "آبان"),
    (9, "آذر"),
    (10, "دی"),
    (11, "بهمن"),
    (12, "اسفند"),
]


class DigitsIntegerField(forms.IntegerField):
    """Accepts Persian and Arabic-Indic digits and thousands separators."""

    def to_python(self, value):
        if isinstance(value, str):
            value = normalize_digits(value).replace(",", "").replace("٬", "").strip()
        return super().to_python(value)


def _year(label: str) -> DigitsIntegerField:
    return DigitsIntegerField(label=label, widget=forms.TextInput(attrs={"inputmode": "numeric"}))


def _month(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, choices=MONTH_CHOICES, coerce=int)


class MissingDaysForm(forms.Form):
    workshop_code = forms.ChoiceField(label=_("کارگاه"))
    year = _year(_("سال"))
    month = _month(_("ماه"))
    claimed_days = DigitsIntegerField(
        label=_("روزهای کارکرد واقعی"), widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    description = forms.CharField(
        label=_("توضیحات"), required=False, max_length=2000, widget=forms.Textarea({"rows": 3})
    )

    def __init__(self, *args, workshops: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop_code"].choices = [
            (code, f"{name} ({persian_digits(code)})") for code, name in workshops
        ]


class MissingRecordForm(forms.Form):
    workshop_code = forms.CharField(
        label=_("کد کارگاه (۱۰ رقم)"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    workshop_name = forms.CharField(label=_("نام کارگاه"), max_length=120)
    from_year = _year(_("از سال"))
    from_month = _month(_("از ماه"))
    to_year = _year(_("تا سال"))
    to_month = _month(_("تا ماه"))
    daily_wage = DigitsIntegerField(
        label=_("دستمزد روزانه (ریال)"),
        min_value=0,
        initial=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    description = forms.CharField(
        label=_("توضیحات"), required=False, max_length=2000, widget=forms.Textarea({"rows": 3})
    )


class BankAccountForm(forms.Form):
    sheba = forms.CharField(
        label=_("شماره شبا"),
        max_length=40,
        help_text=_("با IR شروع می‌شود و ۲۴ رقم دارد."),
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )


class InspectionRequestForm(forms.Form):
    workshop_code = forms.CharField(
        label=_("کد کارگاه (۱۰ رقم)"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    workshop_name = forms.CharField(label=_("نام کارگاه"), max_length=120)
    description = forms.CharField(
        label=_("علت درخواست بازرسی"), max_length=2000, widget=forms.Textarea({"rows": 4})
    )
