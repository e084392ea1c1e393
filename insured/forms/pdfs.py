"""The declaration letter form (shape only; the service checks the rules)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from insured.services.pdfs import INSTITUTION_MAX_LENGTH, PURPOSE_MAX_LENGTH
from tamin.core.forms import PlainTextField


class DeclarationForm(forms.Form):
    institution = PlainTextField(
        label=_("نام سازمان یا مؤسسهٔ گیرندهٔ نامه"),
        max_length=INSTITUTION_MAX_LENGTH,
        error_messages={
            "required": _("نام مؤسسه یا سازمانی را که نامه خطاب به آن است وارد کنید."),
            "max_length": _("نام مؤسسه حداکثر ۱۲۰ نویسه می‌تواند باشد."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    purpose = PlainTextField(
        label=_("موضوع یا علت درخواست (اختیاری)"),
        max_length=PURPOSE_MAX_LENGTH,
        required=False,
        error_messages={"max_length": _("این متن حداکثر ۲۰۰ نویسه می‌تواند باشد.")},
    )
