"""Filter forms of the public directory (shape only; the selectors ignore blank values)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from branches.models import BranchKind, MedicalCentreKind, Ownership
from branches.selectors import directory as selectors
from tamin.core.identifiers import has_control_characters


class PlaceFilterForm(forms.Form):
    province = forms.ChoiceField(label=_("استان"), required=False)
    city = forms.ChoiceField(label=_("شهر"), required=False)
    q = forms.CharField(label=_("جستجو در نام و نشانی"), required=False, max_length=80)

    def __init__(self, data, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.fields["province"].choices = [("", _("همه استان‌ها"))] + [
            (p.slug, p.name) for p in selectors.provinces()
        ]
        self.fields["city"].choices = city_choices(province=data.get("province", ""))

    def filters(self) -> dict:
        self.is_valid()  # keep the valid fields, drop the rest
        return {name: self.cleaned_data.get(name) or "" for name in self.fields}


class BranchFilterForm(PlaceFilterForm):
    kind = forms.ChoiceField(
        label=_("نوع"), required=False, choices=[("", _("همه")), *BranchKind.choices]
    )


class AgencyFilterForm(PlaceFilterForm):
    duty = forms.ChoiceField(label=_("وظیفه"), required=False)
    medical_documents = forms.BooleanField(label=_("فقط پذیرش اسناد پزشکی"), required=False)

    def __init__(self, data, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.fields["duty"].choices = [("", _("همه وظایف"))] + [
            (d.key, d.title) for d in selectors.agency_duties()
        ]


class CentreFilterForm(PlaceFilterForm):
    kind = forms.ChoiceField(
        label=_("نوع مرکز"), required=False, choices=[("", _("همه")), *MedicalCentreKind.choices]
    )
    ownership = forms.ChoiceField(
        label=_("مالکیت"), required=False, choices=[("", _("همه")), *Ownership.choices]
    )
    specialty = forms.ChoiceField(label=_("تخصص"), required=False)

    def __init__(self, data, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.fields["specialty"].choices = [("", _("همه تخصص‌ها"))] + [
            (str(s.pk), s.name) for s in selectors.specialties()
        ]


def city_choices(*, province: str) -> list[tuple[str, str]]:
    if has_control_characters(province):
        province = ""  # no slug has one, and PostgreSQL refuses NUL in a query
    cities = selectors.cities_for_province(province=province)
    if province:
        return [("", _("همه شهرها"))] + [(str(c.pk), c.name) for c in cities]
    return [("", _("همه شهرها"))] + [(str(c.pk), f"{c.name} ({c.province.name})") for c in cities]
