"""Forms of the medical-claim pages (shape only; the services check the rules): the agency
search, the claim with its documents, and the agency staff's decision."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from branches.selectors.directory import cities_for_province, provinces
from insured.models.medical_claims import MedicalServiceKind
from insured.services.medical_claims import MAX_AMOUNT, MAX_DESCRIPTION, MAX_NOTE
from tamin.core.forms import DigitsIntegerField, JalaliDateField, PlainTextField
from tamin.core.identifiers import has_control_characters

# The oldest expense year a claim may name (a typo guard; how old a bill may be is the
# agency's call).
FIRST_EXPENSE_YEAR = 1390
AMOUNT_ERRORS = {
    "min_value": _("مبلغ باید بیش از صفر ریال باشد."),
    "max_value": _("این مبلغ بیش از اندازه است؛ آن را به ریال و بدون اعشار بنویسید."),
    "invalid": _("مبلغ را فقط با رقم و به ریال بنویسید."),
}


class AgencySearchForm(forms.Form):
    """Province, city and free text, as in the directory's agency list."""

    province = forms.ChoiceField(label=_("استان"), required=False)
    city = forms.ChoiceField(label=_("شهر"), required=False)
    q = PlainTextField(label=_("جستجو در نام و نشانی"), required=False, max_length=80)

    def __init__(self, data, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.fields["province"].choices = [("", _("همه استان‌ها"))] + [
            (province.slug, province.name) for province in provinces()
        ]
        province = data.get("province", "") if data else ""
        if has_control_characters(province):
            province = ""
        cities = cities_for_province(province=province[:64])
        self.fields["city"].choices = [("", _("همه شهرها"))] + [
            (str(city.pk), city.name if province else f"{city.name} ({city.province.name})")
            for city in cities
        ]

    def filters(self) -> dict:
        self.is_valid()  # keep the valid fields, drop the rest
        return {name: self.cleaned_data.get(name) or "" for name in ("province", "city", "q")}


class MedicalClaimForm(forms.Form):
    agency = forms.CharField(widget=forms.HiddenInput, max_length=8)
    service_kind = forms.ChoiceField(
        label=_("نوع خدمت درمانی"),
        choices=[("", "—"), *MedicalServiceKind.choices],
        error_messages={"invalid_choice": _("نوع خدمت درمانی را از فهرست برگزینید.")},
    )
    expense_date = JalaliDateField(
        label=_("تاریخ پرداخت هزینه"), min_year=FIRST_EXPENSE_YEAR, not_in_future=True
    )
    amount_claimed = DigitsIntegerField(
        label=_("مبلغ پرداخت‌شده (ریال)"),
        min_value=1,
        max_value=MAX_AMOUNT,
        error_messages=AMOUNT_ERRORS,
    )
    description = PlainTextField(
        label=_("توضیحات (اختیاری)"),
        required=False,
        max_length=MAX_DESCRIPTION,
        multiline=True,
        widget=forms.Textarea({"rows": 3}),
    )
    invoice = forms.FileField(label=_("صورتحساب یا فاکتور پرداخت"), required=False)
    prescription = forms.FileField(label=_("نسخه یا دستور پزشک"), required=False)


class MedicalClaimDecisionForm(forms.Form):
    ACCEPT = "accept"
    REJECT = "reject"

    decision = forms.ChoiceField(
        label=_("نتیجه"),
        choices=[(ACCEPT, _("پذیرش با مبلغ تأییدشده")), (REJECT, _("رد سند"))],
        widget=forms.RadioSelect,
    )
    amount_approved = DigitsIntegerField(
        label=_("مبلغ تأییدشده (ریال)"),
        required=False,
        min_value=1,
        max_value=MAX_AMOUNT,
        error_messages=AMOUNT_ERRORS,
    )
    note = PlainTextField(
        label=_("توضیح (برای رد الزامی است)"),
        required=False,
        max_length=MAX_NOTE,
        multiline=True,
        widget=forms.Textarea({"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.ACCEPT and data.get("amount_approved") is None:
            self.add_error("amount_approved", _("مبلغ تأییدشده را بنویسید."))
        return data
