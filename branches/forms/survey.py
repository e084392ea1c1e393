"""The survey answer form (shape only)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from tamin.core.forms import PlainTextField

RATING_LABELS = (
    (5, gettext_lazy("عالی")),
    (4, gettext_lazy("خوب")),
    (3, gettext_lazy("متوسط")),
    (2, gettext_lazy("ضعیف")),
    (1, gettext_lazy("خیلی ضعیف")),
)


class SurveyAnswerForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=gettext_lazy("امتیاز شما به این خدمت"),
        choices=[(str(value), label) for value, label in RATING_LABELS],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = PlainTextField(
        multiline=True,
        label=gettext_lazy("توضیح (اختیاری)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
