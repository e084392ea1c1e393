"""Forms of the benefit pages: the facts each benefit asks (shape only: the selector checks
the ranges and the rule decides), and the request form (payment account and one file per
required document)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from insured.selectors.benefits import (
    MAX_DAYS_OFF,
    MAX_DEPENDENTS,
    MAX_INVOICE,
    RELATIONS,
    Benefit,
)
from insured.services.benefits import MAX_DOCUMENTS
from tamin.core.forms import (
    DigitsIntegerField,
    JalaliDateField,
    NationalCodeField,
    PlainTextField,
    upload_help_text,
)
from tamin.core.jalali import persian_digits

ACCEPTED_FILES = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
FIRST_YEAR = 1300


def _date(label: str) -> JalaliDateField:
    return JalaliDateField(label=label, min_year=FIRST_YEAR, not_in_future=True)


def _flag(label: str) -> forms.BooleanField:
    return forms.BooleanField(label=label, required=False)


class MarriageFactsForm(forms.Form):
    marriage_date = _date(_("تاریخ ثبت ازدواج"))
    first_marriage = _flag(_("این نخستین ازدواج دائم و ثبت‌شده من است"))


class SicknessFactsForm(forms.Form):
    start_date = _date(_("تاریخ آغاز استراحت پزشکی"))
    days_off = DigitsIntegerField(
        label=_("تعداد روزهای استراحت"), min_value=1, max_value=MAX_DAYS_OFF
    )
    hospitalized = _flag(_("در بیمارستان بستری بوده‌ام"))
    work_accident = _flag(_("بیماری یا آسیب از حادثه ناشی از کار است"))
    has_dependents = _flag(_("همسر یا فرزند تحت تکفل دارم"))


class MaternityFactsForm(forms.Form):
    leave_start = _date(_("تاریخ آغاز مرخصی زایمان"))
    leave_days = DigitsIntegerField(
        label=_("روزهای مرخصی"),
        required=False,
        min_value=1,
        max_value=MAX_DAYS_OFF,
        help_text=_("اگر خالی بماند، همه روزهای مرخصی زایمان حساب می‌شود."),
    )


class OrthoticsFactsForm(forms.Form):
    device = PlainTextField(label=_("نام وسیله کمک‌پزشکی"), max_length=120)
    invoice_date = _date(_("تاریخ فاکتور"))
    invoice_amount = DigitsIntegerField(
        label=_("مبلغ فاکتور (ریال)"), min_value=1, max_value=MAX_INVOICE
    )


class FuneralFactsForm(forms.Form):
    deceased_national_code = NationalCodeField(label=_("کد ملی متوفی"))
    death_date = _date(_("تاریخ فوت"))
    relation = forms.ChoiceField(
        label=_("نسبت شما با متوفی"), choices=[("", "—"), *RELATIONS.items()]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Not the sign-in field's autocomplete: this is someone else's code.
        self.fields["deceased_national_code"].widget.attrs["autocomplete"] = "off"


class UnemploymentFactsForm(forms.Form):
    unemployed_on = _date(_("تاریخ بیکاری (پس از آخرین روز کار)"))
    involuntary = _flag(_("بیکاری من غیرارادی است (اخراج، تعطیلی کارگاه یا پایان قرارداد)"))
    dependents = DigitsIntegerField(
        label=_("تعداد افراد تحت تکفل"), min_value=0, max_value=MAX_DEPENDENTS, initial=0
    )


FACTS_FORMS: dict[str, type[forms.Form]] = {
    "marriage": MarriageFactsForm,
    "sickness": SicknessFactsForm,
    "maternity": MaternityFactsForm,
    "orthotics": OrthoticsFactsForm,
    "funeral": FuneralFactsForm,
    "unemployment": UnemploymentFactsForm,
}


def facts_form(kind: str, data=None, **kwargs) -> forms.Form:
    return FACTS_FORMS[kind](data, **kwargs)


class BenefitRequestForm(forms.Form):
    """The payment account and one file per required document (plus one other document).

    Bound together with the facts form of the same page, so the facts the person checked
    are the facts the request carries (the service runs the rule on them again).
    """

    # Radios on the page: each Sheba isolated left to right beside its bank's name.
    bank_account = forms.TypedChoiceField(
        label=_("واریز به حساب"), coerce=int, widget=forms.RadioSelect
    )

    def __init__(self, *args, benefit: Benefit, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.benefit = benefit
        self.fields["bank_account"].choices = [
            (account.pk, f"{account.bank_name} {account.sheba}".strip()) for account in accounts
        ]
        for document_type, label in benefit.documents:
            self.fields[f"doc_{document_type}"] = forms.FileField(
                label=label,
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_FILES}),
            )
        self.fields["doc_other"] = forms.FileField(
            label=_("سایر مدارک (اختیاری)"),
            required=False,
            widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_FILES}),
            help_text=upload_help_text(
                _("{formats}؛ حداکثر {max} فایل در هر درخواست."), max=persian_digits(MAX_DOCUMENTS)
            ),
        )

    def documents(self) -> list[tuple[str, object]]:
        """The uploaded files as (document type, file), in the benefit's order."""
        pairs = []
        for name, value in self.cleaned_data.items():
            if name.startswith("doc_") and value:
                pairs.append((name.removeprefix("doc_"), value))
        return pairs
