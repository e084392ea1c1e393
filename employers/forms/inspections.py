"""Forms of the inspections area: the staff's report with its workers on no list, and the
employer's objection (shape only; the service checks the rules)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from branches.selectors.inspections import inspection_result_choices
from employers.forms.workshops import BootstrapForm
from tamin.core.forms import (
    DigitsIntegerField,
    JalaliDateField,
    NationalCodeField,
    PlainTextField,
    WorkshopCodeField,
)
from tamin.core.jalali import MONTH_NAMES, ORGANIZATION_YEAR_MIN


def _bounds(message) -> dict:
    """Django's own messages for a bound write the limit in Latin digits; ours say it in words."""
    return {"min_value": message, "max_value": message}


# How many empty worker rows the form offers at first, and adds on «ردیف بیشتر».
WORKER_ROWS_STEP = 3
MAX_WORKER_ROWS = 500


class InspectionReportForm(BootstrapForm):
    workshop_code = WorkshopCodeField()
    inspected_on = JalaliDateField(
        label=_("تاریخ بازرسی"), min_year=ORGANIZATION_YEAR_MIN, not_in_future=True
    )
    inspector_name = PlainTextField(label=_("نام بازرس"), max_length=120)
    reason = PlainTextField(label=_("علت بازرسی"), max_length=120, required=False)
    result = forms.ChoiceField(
        label=_("نتیجه بازرسی"),
        error_messages={"invalid_choice": _("نتیجه بازرسی را از فهرست انتخاب کنید.")},
    )
    workers_seen = DigitsIntegerField(
        label=_("تعداد کارکنان دیده‌شده"),
        min_value=0,
        max_value=100_000,
        error_messages=_bounds(_("تعداد کارکنان دیده‌شده معتبر نیست.")),
    )
    findings = PlainTextField(
        label=_("یافته‌ها"),
        max_length=4000,
        required=False,
        multiline=True,
        widget=forms.Textarea({"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result"].choices = [("", _("انتخاب کنید")), *inspection_result_choices()]


class WorkerNotListedForm(BootstrapForm):
    """One worker found at work who was on no list (a row of the report's table)."""

    national_code = NationalCodeField(label=_("کد ملی"))
    full_name = PlainTextField(label=_("نام و نام خانوادگی"), max_length=120)
    year = DigitsIntegerField(
        label=_("سال"),
        min_value=ORGANIZATION_YEAR_MIN,
        max_value=1500,
        error_messages=_bounds(_("سال کارکرد باید بین ۱۳۰۰ و ۱۵۰۰ باشد.")),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr", "size": 4}),
    )
    month = forms.TypedChoiceField(
        label=_("ماه"),
        coerce=int,
        choices=[("", "—"), *((str(n), name) for n, name in enumerate(MONTH_NAMES, start=1))],
    )
    days = DigitsIntegerField(
        label=_("روزهای کارکرد"),
        min_value=1,
        max_value=31,
        error_messages=_bounds(_("روزهای کارکرد باید بین ۱ و ۳۱ باشد.")),
    )
    daily_wage = DigitsIntegerField(
        label=_("دستمزد روزانه (ریال)"),
        min_value=1,
        max_value=10**12,
        error_messages=_bounds(_("دستمزد روزانه باید مبلغی مثبت به ریال باشد.")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["national_code"].widget.attrs.pop("autocomplete", None)


class _WorkerRows(forms.BaseFormSet):
    # Django's own message writes the limit in Latin digits.
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_many_forms": _("حداکثر ۵۰۰ نفر در یک گزارش بازرسی ثبت می‌شود."),
    }


WorkerNotListedFormSet = forms.formset_factory(
    WorkerNotListedForm,
    formset=_WorkerRows,
    extra=WORKER_ROWS_STEP,
    max_num=MAX_WORKER_ROWS,
    validate_max=True,
    absolute_max=MAX_WORKER_ROWS,
)


class InspectionObjectionForm(BootstrapForm):
    text = PlainTextField(
        label=_("شرح اعتراض"),
        max_length=4000,
        multiline=True,
        widget=forms.Textarea({"rows": 5}),
        help_text=_("پس از ثبت، مدارک را در صفحه درخواست بارگذاری و آن را به شعبه ارسال کنید."),
    )
