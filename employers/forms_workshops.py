"""Forms of the workshops area (Persian labels; Jalali dates typed as text)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tamin.core.identifiers import normalize_digits
from tamin.core.jalali import parse_jalali_date

SEX_CHOICES = (("male", _("مرد")), ("female", _("زن")))


class JalaliDateField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": "۱۴۰۳/۰۱/۱۵"}))
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        return parse_jalali_date(text) if text else None


def _digits(widget_attrs: dict | None = None) -> forms.TextInput:
    return forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr", **(widget_attrs or {})})


class WorkshopRegisterForm(forms.Form):
    code = forms.CharField(label=_("کد کارگاه (۱۰ رقم)"), max_length=20, widget=_digits())
    name = forms.CharField(label=_("نام کارگاه"), max_length=120)
    employer_name = forms.CharField(label=_("نام کارفرما"), max_length=120)
    address = forms.CharField(label=_("نشانی کارگاه"), max_length=255)
    branch_code = forms.CharField(
        label=_("کد شعبه"),
        max_length=10,
        widget=_digits(),
        help_text=_("شعبه‌ای که کارگاه در حوزه آن است (از فهرست شعب)."),
    )

    def clean_code(self) -> str:
        return normalize_digits(self.cleaned_data["code"]).strip()


class RepresentativeAddForm(forms.Form):
    national_code = forms.CharField(label=_("کد ملی حسابدار"), max_length=20, widget=_digits())


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


class WorkerForm(BootstrapForm):
    national_code = forms.CharField(label=_("کد ملی"), max_length=20, widget=_digits())
    first_name = forms.CharField(label=_("نام"), max_length=60)
    last_name = forms.CharField(label=_("نام خانوادگی"), max_length=60)
    father_name = forms.CharField(label=_("نام پدر"), max_length=60)
    birth_date = JalaliDateField(label=_("تاریخ تولد"))
    sex = forms.ChoiceField(label=_("جنسیت"), choices=SEX_CHOICES)
    nationality = forms.CharField(label=_("تابعیت"), max_length=30, initial="ایرانی")


class StaffSearchForm(forms.Form):
    q = forms.CharField(label=_("کد یا نام کارگاه"), max_length=120, required=False)


class ENotificationForm(BootstrapForm):
    opt_in = forms.BooleanField(label=_("ابلاغ الکترونیک فعال باشد"), required=False)
    signed_on = JalaliDateField(label=_("تاریخ امضای تعهدنامه"), required=False)
