"""Forms of the rulings area: the lines of a ruling issued by hand, the texts every ruling
has, the choice of an inspection or of months with no list, the paper service day.

Forms check the shape of what staff type (digits, lengths, Jalali dates); the services
check the rules (periods not in the future, no period twice, a year's figures).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from employers.forms.workshops import BootstrapForm
from employers.services.rulings import (
    DEFAULT_LEGAL_BASIS,
    MAX_LINE_AMOUNT,
    MAX_LINE_DESCRIPTION,
    MAX_LINES,
    MAX_TEXT,
    MAX_WORKERS,
    RulingLineInput,
)
from tamin.core.forms import DigitsIntegerField, JalaliDateField, PlainTextField
from tamin.core.jalali import JALALI_YEAR_MAX, MONTH_NAMES, ORGANIZATION_YEAR_MIN

MONTH_CHOICES = [("", _("ماه")), *((str(n), name) for n, name in enumerate(MONTH_NAMES, start=1))]


def _amount(label, *, required: bool = True) -> DigitsIntegerField:
    return DigitsIntegerField(
        label=label,
        min_value=0,
        max_value=MAX_LINE_AMOUNT,
        required=required,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}),
    )


class RulingLineForm(BootstrapForm):
    """One period of a ruling typed by hand; a row left blank is skipped."""

    year = DigitsIntegerField(
        label=_("سال"),
        min_value=ORGANIZATION_YEAR_MIN,
        max_value=JALALI_YEAR_MAX,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr", "size": 4}),
    )
    month = forms.TypedChoiceField(label=_("ماه"), choices=MONTH_CHOICES, coerce=int)
    principal = _amount(_("اصل بدهی (ریال)"))
    penalty = _amount(_("جریمه (ریال)"), required=False)
    description = PlainTextField(
        label=_("شرح دوره"), max_length=MAX_LINE_DESCRIPTION, required=False
    )

    def line(self) -> RulingLineInput:
        data = self.cleaned_data
        return RulingLineInput(
            year=data["year"],
            month=data["month"],
            principal=data["principal"],
            penalty=data.get("penalty") or 0,
            description=data.get("description") or "",
        )


class _LineFormSet(forms.BaseFormSet):
    """Every row is an extra row: one left blank is skipped, a filled one is checked."""

    def initial_form_count(self) -> int:
        return 0


LINES_PREFIX = "lines"
# Rows a new form starts with; «افزودن سطر» adds one at a time (no script needed).
START_LINES = 3


def line_formset(*, data=None, rows: int = START_LINES):
    """The lines formset: bound to `data`, or `rows` blank rows."""
    formset_class = forms.formset_factory(
        RulingLineForm,
        formset=_LineFormSet,
        extra=max(1, min(rows, MAX_LINES)),
        max_num=MAX_LINES,
        validate_max=True,
        absolute_max=MAX_LINES,
    )
    return formset_class(data, prefix=LINES_PREFIX)


def with_one_more_line(data) -> dict:
    """The posted form with one more blank row (the «افزودن سطر» button)."""
    data = data.copy()
    key = f"{LINES_PREFIX}-TOTAL_FORMS"
    try:
        total = int(data.get(key, START_LINES))
    except ValueError:
        total = START_LINES
    data[key] = str(max(0, min(total, MAX_LINES - 1)) + 1)
    data[f"{LINES_PREFIX}-INITIAL_FORMS"] = "0"
    return data


def form_data_of(*, lines, legal_basis: str, description: str) -> dict[str, str]:
    """A stored draft as the data of the forms (editing it), with one blank row after."""
    data = {
        f"{LINES_PREFIX}-TOTAL_FORMS": str(min(len(lines) + 1, MAX_LINES)),
        f"{LINES_PREFIX}-INITIAL_FORMS": "0",
        "legal_basis": legal_basis,
        "description": description,
    }
    for index, line in enumerate(lines[:MAX_LINES]):
        data.update(
            {
                f"{LINES_PREFIX}-{index}-year": str(line.year),
                f"{LINES_PREFIX}-{index}-month": str(line.month),
                f"{LINES_PREFIX}-{index}-principal": str(line.principal),
                f"{LINES_PREFIX}-{index}-penalty": str(line.penalty),
                f"{LINES_PREFIX}-{index}-description": line.description,
            }
        )
    return data


def ruling_lines_of(formset) -> list[RulingLineInput]:
    """The lines of a valid formset, rows left blank skipped."""
    return [form.line() for form in formset.forms if form.has_changed() and form.cleaned_data]


class RulingTextForm(BootstrapForm):
    """What every ruling says besides its figures."""

    legal_basis = PlainTextField(
        label=_("مستند قانونی"),
        multiline=True,
        max_length=MAX_TEXT,
        initial=DEFAULT_LEGAL_BASIS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("متن پیش‌فرض خلاصهٔ ماده ۱۰۰ قانون تأمین اجتماعی است؛ در صورت نیاز تغییرش دهید."),
    )
    description = PlainTextField(
        label=_("شرح حکم"),
        multiline=True,
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InspectionRulingForm(RulingTextForm):
    inspection = forms.TypedChoiceField(
        label=_("گزارش بازرسی"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("این گزارش بازرسی در فهرست نیست.")},
    )
    field_order = ["inspection", "legal_basis", "description"]

    def __init__(self, *args, inspections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspection"].choices = [(item.pk, str(item.pk)) for item in inspections]
        self.fields["inspection"].widget.attrs["class"] = "form-check-input"


class NoListRulingForm(RulingTextForm):
    periods = forms.MultipleChoiceField(
        label=_("ماه‌های بدون لیست"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("دست‌کم یک ماه را انتخاب کنید."),
            "invalid_choice": _("این ماه جزو ماه‌های بدون لیست نیست."),
        },
    )
    worker_count = DigitsIntegerField(
        label=_("تعداد کارکنان (برای ماه‌هایی که لیست پیشینی ندارند)"),
        min_value=1,
        max_value=MAX_WORKERS,
        required=False,
        help_text=_(
            "برای این ماه‌ها حق بیمهٔ این تعداد کارکن با حداقل دستمزد ماهانهٔ همان سال برآورد می‌شود."
        ),
    )
    field_order = ["periods", "worker_count", "legal_basis", "description"]

    def __init__(self, *args, months=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["periods"].choices = [(item.key, item.label) for item in months]
        self.fields["periods"].widget.attrs["class"] = "form-check-input"

    def clean_periods(self) -> list[tuple[int, int]]:
        return [tuple(int(part) for part in key.split("-")) for key in self.cleaned_data["periods"]]


class PaperServedForm(BootstrapForm):
    served_on = JalaliDateField(
        label=_("تاریخ تحویل حکم کاغذی"),
        min_year=ORGANIZATION_YEAR_MIN,
        not_in_future=True,
    )
