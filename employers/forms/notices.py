"""Forms of the notices area: the inbox filter and the paper service day (shape only)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from employers.forms.workshops import BootstrapForm
from employers.models import NoticeKind
from tamin.core.forms import JalaliDateField
from tamin.core.jalali import ORGANIZATION_YEAR_MIN


def _period_fields(form: forms.Form, *, from_label, to_label) -> None:
    form.fields["period_from"] = JalaliDateField(
        label=from_label, required=False, min_year=ORGANIZATION_YEAR_MIN
    )
    form.fields["period_to"] = JalaliDateField(
        label=to_label, required=False, min_year=ORGANIZATION_YEAR_MIN
    )


class PeriodFilterForm(BootstrapForm):
    """A GET filter with a period from/to (Jalali, both optional, from ≤ to)."""

    from_label = _("از تاریخ")
    to_label = _("تا تاریخ")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _period_fields(self, from_label=self.from_label, to_label=self.to_label)
        for name in ("period_from", "period_to"):
            self.fields[name].widget.attrs["class"] = "form-control"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_from"), cleaned.get("period_to")
        if start and end and start > end:
            raise forms.ValidationError(_("تاریخ شروع بازه نمی‌تواند بعد از تاریخ پایان باشد."))
        return cleaned


class NoticeFilterForm(PeriodFilterForm):
    from_label = _("ابلاغ‌شده از")
    to_label = _("ابلاغ‌شده تا")

    kind = forms.ChoiceField(
        label=_("نوع ابلاغیه"),
        required=False,
        choices=[("", _("همه"))],
        error_messages={"invalid_choice": _("این نوع ابلاغیه در فهرست نیست.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("همه")), *NoticeKind.choices]


class PaperServedForm(BootstrapForm):
    served_on = JalaliDateField(
        label=_("تاریخ تحویل ابلاغیه کاغذی"),
        min_year=ORGANIZATION_YEAR_MIN,
        not_in_future=True,
        help_text=_("روزی که ابلاغیه به کارفرما یا نماینده او تحویل شد؛ مهلت‌ها از همین روز است."),
    )
