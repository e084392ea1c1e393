"""Forms of the abroad pages: shape only (the service checks the package, the age, the
country, the passport number, the branch and each file)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from insured.forms.uploads import DocumentsField
from insured.models import Sex
from insured.services.abroad import COUNTRY_MAX, FATHER_NAME_MAX, REQUIRED_DOCUMENTS
from tamin.core.forms import PlainTextField

_DOCUMENT_LABELS = dict(REQUIRED_DOCUMENTS)


class AbroadRequestForm(forms.Form):
    package_code = forms.ChoiceField(
        label=_("طرح"), error_messages={"invalid_choice": _("یکی از طرح‌های فهرست را انتخاب کنید.")}
    )
    country = PlainTextField(label=_("کشور محل اقامت"), max_length=COUNTRY_MAX)
    passport_number = PlainTextField(
        label=_("شماره گذرنامه"),
        max_length=20,
        help_text=_("همان‌طور که در گذرنامه نوشته شده است، با حروف لاتین؛ مانند K12345678."),
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    sex = forms.ChoiceField(
        label=_("جنسیت"),
        choices=[("", _("انتخاب کنید")), *Sex.choices],
        error_messages={"invalid_choice": _("جنسیت را انتخاب کنید.")},
    )
    father_name = PlainTextField(label=_("نام پدر"), max_length=FATHER_NAME_MAX, required=False)
    branch_code = forms.ChoiceField(
        label=_("شعبه رسیدگی‌کننده"),
        error_messages={"invalid_choice": _("یکی از شعب فهرست را انتخاب کنید.")},
    )
    passport = DocumentsField(label=_DOCUMENT_LABELS["passport"])
    residence_proof = DocumentsField(label=_DOCUMENT_LABELS["residence_proof"])

    def __init__(self, *args, packages, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["package_code"].choices = packages
        self.fields["branch_code"].choices = branches

    def documents(self) -> list:
        """(document type, upload) pairs for the service, in the kind's order."""
        return [
            (key, upload)
            for key, _label in REQUIRED_DOCUMENTS
            for upload in self.cleaned_data.get(key) or []
        ]
