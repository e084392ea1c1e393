"""Form of the monthly list upload (the files themselves are read from request.FILES)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tamin.core.jalali import MONTH_NAMES


class ListUploadForm(forms.Form):
    year = forms.IntegerField(label=_("سال"), min_value=1380, max_value=1500)
    month = forms.TypedChoiceField(
        label=_("ماه"),
        coerce=int,
        choices=[(i, name) for i, name in enumerate(MONTH_NAMES, start=1)],
    )
