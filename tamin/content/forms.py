"""Search and filter forms of the public content pages (shape only; blank means "all")."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tamin.content.models import Audience, LegalKind
from tamin.core.forms import PlainTextField

QUERY_MAX_LENGTH = 80


def _query_field(label) -> PlainTextField:
    return PlainTextField(label=label, required=False, max_length=QUERY_MAX_LENGTH)


class FilterForm(forms.Form):
    def filters(self) -> dict[str, str]:
        """The valid fields' values ("" for a blank or invalid one: that filter is dropped)."""
        self.is_valid()
        return {name: self.cleaned_data.get(name) or "" for name in self.fields}


class NewsSearchForm(FilterForm):
    q = _query_field(_("جستجو در اخبار"))


class FaqFilterForm(FilterForm):
    audience = forms.ChoiceField(
        label=_("برای"),
        required=False,
        choices=[("", _("همه مخاطبان")), *[c for c in Audience.choices if c[0] != Audience.ALL]],
    )
    q = _query_field(_("جستجو در پرسش‌ها و پاسخ‌ها"))


class LegalFilterForm(FilterForm):
    kind = forms.ChoiceField(
        label=_("نوع"), required=False, choices=[("", _("همه")), *LegalKind.choices]
    )
    q = _query_field(_("جستجو در عنوان، شماره و متن"))


class SampleFormFilterForm(FilterForm):
    q = _query_field(_("جستجو در نام و شماره فرم"))
