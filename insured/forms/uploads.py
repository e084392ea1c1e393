"""Upload fields of the insured request forms: several files in one input, as a list."""

from __future__ import annotations

from django import forms

ACCEPTED_FILES = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


class _ManyFilesInput(forms.FileInput):
    allow_multiple_selected = True


class DocumentsField(forms.FileField):
    """Zero or more uploaded files from one `<input type=file multiple>`, as a list (the
    service checks the count and each file's content)."""

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
