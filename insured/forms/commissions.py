"""Forms of the medical commission pages: shape only (the service checks the commission, the
slot, an open request, the files)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from insured.forms.uploads import DocumentsField
from insured.models.commissions import CommissionReason
from insured.services.commissions import MAX_DESCRIPTION, MAX_DOCUMENTS
from tamin.core.forms import DigitsIntegerField, PlainTextField, upload_help_text
from tamin.core.jalali import persian_digits


def _slot_field() -> DigitsIntegerField:
    return DigitsIntegerField(
        label=_("زمان کمیسیون"),
        min_value=1,
        error_messages={
            "required": _("زمان کمیسیون را انتخاب کنید."),
            "invalid": _("زمان کمیسیون را انتخاب کنید."),
            "min_value": _("زمان کمیسیون را انتخاب کنید."),
            "max_value": _("زمان کمیسیون را انتخاب کنید."),
        },
    )


class CommissionRequestForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("موضوع درخواست"),
        choices=CommissionReason.choices,
        error_messages={"invalid_choice": _("موضوع درخواست را انتخاب کنید.")},
    )
    slot_id = _slot_field()
    description = PlainTextField(
        label=_("توضیحات (اختیاری)"),
        required=False,
        max_length=MAX_DESCRIPTION,
        multiline=True,
        widget=forms.Textarea({"rows": 3}),
    )
    documents = DocumentsField(
        label=_("مدارک پزشکی"),
        help_text=upload_help_text(
            _(
                "گزارش پزشک معالج، نتایج آزمایش و تصویربرداری، سوابق بستری؛ {formats}، "
                "حداکثر {max} فایل. بدون مدارک، درخواست و نوبت ثبت می‌شود اما تا بارگذاری آن‌ها "
                "به شعبه نمی‌رود."
            ),
            max=persian_digits(MAX_DOCUMENTS),
        ),
    )


class SlotForm(forms.Form):
    slot_id = _slot_field()
