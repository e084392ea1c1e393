"""Forms of the workshops area (Persian labels; Jalali dates typed as text)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from branches.selectors.directory import branch_search
from tamin.core.forms import (
    JalaliDateField,
    NationalCodeField,
    PlainTextField,
    WorkshopCodeField,
)
from tamin.core.jalali import BIRTH_YEAR_MIN, ORGANIZATION_YEAR_MIN

SEX_CHOICES = (("male", _("مرد")), ("female", _("زن")))


def _digits(widget_attrs: dict | None = None) -> forms.TextInput:
    return forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr", **(widget_attrs or {})})


def _branches_by_province() -> list[tuple[str, list[tuple[str, str]]]]:
    """The directory's active branches as option groups, one per province."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for branch in branch_search():
        city = branch.city.name
        label = branch.name if city in branch.name else f"{branch.name} ({city})"
        groups.setdefault(branch.province.name, []).append((branch.code, label))
    return list(groups.items())


class BootstrapForm(forms.Form):
    """Adds Bootstrap classes so `_fields.html` can render any widget (selects included)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class WorkshopRegisterForm(BootstrapForm):
    code = WorkshopCodeField(widget=_digits())
    name = PlainTextField(label=_("نام کارگاه"), max_length=120)
    employer_name = PlainTextField(label=_("نام کارفرما"), max_length=120)
    address = PlainTextField(label=_("نشانی کارگاه"), max_length=255)
    # Chosen from the directory, never typed: only an active branch is a choice.
    branch_code = forms.ChoiceField(
        label=_("شعبه"),
        help_text=_("شعبه‌ای که کارگاه در حوزه آن است؛ شعب هر استان با هم آمده‌اند."),
        error_messages={"invalid_choice": _("این شعبه در فهرست شعب نیست؛ از فهرست انتخاب کنید.")},
    )
    started_on = JalaliDateField(
        label=_("تاریخ شروع فعالیت کارگاه"),
        min_year=ORGANIZATION_YEAR_MIN,
        not_in_future=True,
        help_text=_("لیست ماهانه از ماه شروع فعالیت به بعد هر ماه لازم است."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch_code"].choices = [
            ("", _("شعبه را انتخاب کنید")),
            *_branches_by_province(),
        ]


class RepresentativeAddForm(forms.Form):
    national_code = NationalCodeField(label=_("کد ملی حسابدار"), widget=_digits())


class WorkerForm(BootstrapForm):
    national_code = NationalCodeField(label=_("کد ملی"), widget=_digits())
    first_name = PlainTextField(label=_("نام"), max_length=60)
    last_name = PlainTextField(label=_("نام خانوادگی"), max_length=60)
    father_name = PlainTextField(label=_("نام پدر"), max_length=60)
    birth_date = JalaliDateField(label=_("تاریخ تولد"), min_year=BIRTH_YEAR_MIN, not_in_future=True)
    sex = forms.ChoiceField(label=_("جنسیت"), choices=SEX_CHOICES)
    nationality = PlainTextField(label=_("تابعیت"), max_length=30, initial="ایرانی")


class StaffSearchForm(forms.Form):
    q = PlainTextField(label=_("کد یا نام کارگاه"), max_length=120, required=False)


class ENotificationForm(BootstrapForm):
    opt_in = forms.BooleanField(label=_("ابلاغ الکترونیک فعال باشد"), required=False)
    signed_on = JalaliDateField(
        label=_("تاریخ امضای تعهدنامه"),
        required=False,
        min_year=ORGANIZATION_YEAR_MIN,
        not_in_future=True,
    )
