"""Forms of the objection pages (missing days, a missing record): shape only; the services
check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tamin.core.forms import DigitsIntegerField, PlainTextField, WorkshopCodeField
from tamin.core.jalali import JALALI_YEAR_MAX, persian_digits

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


def _year(label: str) -> DigitsIntegerField:
    # The services say which years may be claimed; the cap keeps jdatetime in range.
    return DigitsIntegerField(label=label, max_value=JALALI_YEAR_MAX)


def _description() -> PlainTextField:
    return PlainTextField(
        label=_("توضیحات"),
        required=False,
        max_length=2000,
        multiline=True,
        widget=forms.Textarea({"rows": 3}),
    )


def _month(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, choices=MONTH_CHOICES, coerce=int)


class MissingDaysForm(forms.Form):
    workshop_code = forms.ChoiceField(label=_("کارگاه"))
    year = _year(_("سال"))
    month = _month(_("ماه"))
    claimed_days = DigitsIntegerField(label=_("روزهای کارکرد واقعی"))
    description = _description()

    def __init__(self, *args, workshops: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop_code"].choices = [
            (code, f"{name} ({persian_digits(code)})") for code, name in workshops
        ]


class MissingRecordForm(forms.Form):
    workshop_code = WorkshopCodeField()
    workshop_name = PlainTextField(label=_("نام کارگاه"), max_length=120)
    from_year = _year(_("از سال"))
    from_month = _month(_("از ماه"))
    to_year = _year(_("تا سال"))
    to_month = _month(_("تا ماه"))
    daily_wage = DigitsIntegerField(
        label=_("دستمزد روزانه (ریال)"), min_value=0, max_value=None, initial=0
    )
    description = _description()
