"""Forms of the dependents pages: shape only (the services check Art. 58, duplicates, the
documents and the booklet's people).

Adding a dependent takes two steps: `DependentForm` (the facts) is checked and answered with
the coverage and the documents it needs; `DependentConfirmForm` carries the same facts back
in hidden fields with a file input per document (`proof_<key>`), and files the request.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from insured.models.dependents import InsuredDependent
from tamin.core.forms import JalaliDateField, NationalCodeField, PlainTextField
from tamin.core.jalali import BIRTH_YEAR_MIN
from tamin.rules.coverage import PROOFS

ACCEPTED_FILES = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
FACT_FIELDS = (
    "relation",
    "national_code",
    "first_name",
    "last_name",
    "birth_date",
    "married",
    "disabled",
    "student_certificate_until",
    "supported_by_insured",
    "has_own_pension",
)


class _ManyFilesInput(forms.FileInput):
    allow_multiple_selected = True


class DocumentsField(forms.FileField):
    """Zero or more uploaded files from one `<input type=file multiple>`, as a list."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget", _ManyFilesInput(attrs={"accept": ACCEPTED_FILES, "multiple": True})
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data]
        clean_one = super().clean
        return [clean_one(upload, initial) for upload in uploads if upload]


class DependentForm(forms.Form):
    relation = forms.ChoiceField(
        label=_("نسبت با شما"),
        choices=[("", _("انتخاب کنید")), *InsuredDependent.Relation.choices],
    )
    national_code = NationalCodeField(label=_("کد ملی"))
    first_name = PlainTextField(label=_("نام"), max_length=60)
    last_name = PlainTextField(label=_("نام خانوادگی"), max_length=80)
    birth_date = JalaliDateField(label=_("تاریخ تولد"), min_year=BIRTH_YEAR_MIN, not_in_future=True)
    married = forms.BooleanField(label=_("متأهل است"), required=False)
    disabled = forms.BooleanField(label=_("به تشخیص کمیسیون پزشکی ازکارافتاده است"), required=False)
    student_certificate_until = JalaliDateField(
        label=_("اعتبار گواهی اشتغال به تحصیل تا (پسر ۲۰ تا ۲۵ ساله)"),
        required=False,
        help_text=_(
            "آخرین روز نیم‌سالی که گواهی برای آن صادر شده است؛ اگر گواهی ندارد خالی بگذارید."
        ),
    )
    supported_by_insured = forms.BooleanField(
        label=_("معاش او را من تأمین می‌کنم (برای پدر، مادر و شوهر لازم است)"),
        required=False,
        initial=True,
    )
    has_own_pension = forms.BooleanField(
        label=_("خود از تأمین اجتماعی مستمری می‌گیرد"), required=False
    )

    def facts(self) -> dict:
        """The cleaned facts, as the services take them."""
        return {name: self.cleaned_data[name] for name in FACT_FIELDS}


class DependentConfirmForm(DependentForm):
    """The same facts in hidden fields, and a file input for each document the rule asks for."""

    def __init__(self, *args, needs_proof: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        for name in FACT_FIELDS:
            self.fields[name].widget = forms.HiddenInput()
        for key, label in PROOFS:
            if key in needs_proof:
                self.fields[f"proof_{key}"] = DocumentsField(label=label)

    def documents(self) -> list[tuple[str, object]]:
        """(document type, upload) of every file chosen."""
        return [
            (key, upload)
            for key, _label in PROOFS
            for upload in self.cleaned_data.get(f"proof_{key}", []) or []
        ]

    @property
    def proof_fields(self):
        return [self[name] for name in self.fields if name.startswith("proof_")]


class DependentRemoveForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("علت حذف"),
        choices=[("", _("انتخاب کنید")), *InsuredDependent.RemovalReason.choices],
    )


class BookletRequestForm(forms.Form):
    request_kind = forms.ChoiceField(
        label=_("درخواست"),
        choices=[("issue", _("صدور دفترچه")), ("renewal", _("تمدید دفترچه"))],
        widget=forms.RadioSelect,
        initial="renewal",
    )
    people = forms.MultipleChoiceField(
        label=_("برای چه کسانی"), widget=forms.CheckboxSelectMultiple
    )
    special_patient = forms.BooleanField(
        label=_("یکی از افراد انتخاب‌شده «بیمار خاص» است (دیالیزی، تالاسمی، هموفیلی، ام‌اس و …)"),
        required=False,
    )

    def __init__(self, *args, people: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].choices = people
