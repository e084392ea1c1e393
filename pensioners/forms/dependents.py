"""The form that files a dependent's paper: shape only (the service checks the rule, the
period, a second filing, the count and each file).

Several files come in one file input (`multiple`); the field returns a list of uploads.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pensioners.services.dependents import MAX_DOCUMENTS
from tamin.core.forms import PlainTextField
from tamin.core.jalali import persian_digits
from tamin.rules.dependents import KINDS

ACCEPTED_FILES = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


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


class DependentFilingForm(forms.Form):
    """One paper of one dependent: which (hidden: kind and period, as the page showed them)
    and its files."""

    kind = forms.ChoiceField(choices=[(kind, kind) for kind in KINDS], widget=forms.HiddenInput)
    period_key = PlainTextField(max_length=12, widget=forms.HiddenInput)
    documents = DocumentsField(
        label=_("فایل مدرک"),
        help_text=_(
            "حداکثر %(max)s فایل؛ چند فایل را با هم انتخاب کنید. بدون مدرک، درخواست ذخیره "
            "می‌شود اما تا بارگذاری مدرک به شعبه نمی‌رود."
        )
        % {"max": persian_digits(MAX_DOCUMENTS)},
    )

    def clean(self):
        cleaned = super().clean()
        if "kind" in self.errors or "period_key" in self.errors:
            # Hidden fields the page wrote: only a stale or forged form gets them wrong.
            raise ValidationError(
                _("این فرم معتبر نیست؛ صفحه را دوباره باز کنید و مدرک را از نو بفرستید."),
                code="filing_form",
            )
        return cleaned
