"""Forms of the correspondence area: the timeline filter, letters both ways, and staff's
workshop lookup (shape only)."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from employers.forms.notices import PeriodFilterForm
from employers.forms.workshops import BootstrapForm
from employers.selectors.correspondence import correspondence_kind_choices
from tamin.core.forms import PlainTextField, WorkshopCodeField


class CorrespondenceFilterForm(PeriodFilterForm):
    kind = forms.ChoiceField(
        label=_("نوع"),
        required=False,
        error_messages={"invalid_choice": _("این نوع در فهرست نیست.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("همه")), *correspondence_kind_choices()]


class LetterForm(BootstrapForm):
    subject = PlainTextField(label=_("موضوع"), max_length=150)
    text = PlainTextField(
        label=_("متن نامه"), max_length=4000, multiline=True, widget=forms.Textarea({"rows": 6})
    )


class BranchLetterForm(LetterForm):
    # One per rendered form: sending it twice sends one letter.
    token = forms.CharField(widget=forms.HiddenInput, max_length=32)

    def clean_token(self):
        token = self.cleaned_data["token"]
        if not re.fullmatch(r"[0-9a-f]{32}", token, flags=re.ASCII):
            raise forms.ValidationError(_("فرم نامه منقضی شده است؛ صفحه را دوباره باز کنید."))
        return token


class WorkshopLookupForm(BootstrapForm):
    workshop_code = WorkshopCodeField()
