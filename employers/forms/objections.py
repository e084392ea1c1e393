"""Forms of the objection pages: shape only (the services check terms, counts and files).

Several documents come in one file input (`multiple`); the field returns a list of
uploads, and the service decides how many an objection may carry.
"""

from __future__ import annotations

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from employers.forms.workshops import BootstrapForm
from employers.models import ObjectionStatus
from tamin.core.forms import DigitsIntegerField, JalaliDateField, PlainTextField
from tamin.core.identifiers import normalize_digits
from tamin.core.jalali import persian_digits

ACCEPTED_FILES = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


class _ManyFilesInput(forms.FileInput):
    allow_multiple_selected = True


class DocumentsField(forms.FileField):
    """Zero or more uploaded files from one `<input type=file multiple>`, as a list."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", _ManyFilesInput(attrs={"accept": ACCEPTED_FILES}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data]
        clean_one = super().clean
        return [clean_one(upload, initial) for upload in uploads if upload]


def _text(label, *, help_text=None) -> PlainTextField:
    return PlainTextField(
        label=label,
        max_length=4000,
        multiline=True,
        help_text=help_text,
        widget=forms.Textarea({"rows": 5}),
    )


class ObjectionFileForm(BootstrapForm):
    text = _text(_("شرح اعتراض"), help_text=_("بنویسید به کدام بخش حکم و به چه دلیل معترضید."))
    documents = DocumentsField(label=_("مدارک"))

    def __init__(self, *args, max_documents: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["documents"].help_text = _(
            "حداکثر %(max)s فایل؛ چند فایل را با هم انتخاب کنید."
        ) % {"max": persian_digits(max_documents)}


class AppealForm(ObjectionFileForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = _("شرح تجدیدنظرخواهی")
        self.fields["text"].help_text = _("بنویسید به کدام بخش رأی هیأت بدوی و به چه دلیل معترضید.")


class DocumentsAddForm(BootstrapForm):
    documents = DocumentsField(label=_("مدارک تکمیلی"), required=True)
    note = PlainTextField(
        label=_("توضیح (اختیاری)"),
        required=False,
        max_length=1000,
        multiline=True,
        widget=forms.Textarea({"rows": 2}),
    )


# --- branch staff -------------------------------------------------------------------------------


class StaffFilterForm(BootstrapForm):
    status = forms.ChoiceField(
        label=_("وضعیت"), required=False, choices=[("", _("همه")), *ObjectionStatus.choices]
    )
    q = PlainTextField(label=_("کد رهگیری، کد کارگاه یا شماره حکم"), required=False, max_length=40)
    branch = forms.TypedChoiceField(label=_("شعبه"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, branches: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].choices = [("", _("همه شعبه‌های من")), *branches]
        if len(branches) < 2:
            del self.fields["branch"]


class StatusChangeForm(BootstrapForm):
    status = forms.ChoiceField(label=_("وضعیت جدید"))
    note = PlainTextField(
        label=_("توضیح (برای نقص مدارک و رد، الزامی)"),
        required=False,
        max_length=300,
        multiline=True,
        widget=forms.Textarea({"rows": 2}),
    )

    def __init__(self, *args, moves: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (status, ObjectionStatus(status).label) for status in moves
        ]


_TIME = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])", re.ASCII)


class HearingForm(BootstrapForm):
    hearing_on = JalaliDateField(label=_("تاریخ جلسه"))
    hearing_time = forms.CharField(
        label=_("ساعت (مثلاً ۰۹:۳۰)"),
        max_length=5,
        widget=forms.TextInput(
            attrs={"dir": "ltr", "inputmode": "numeric", "placeholder": "۰۹:۳۰"}
        ),
    )
    place = PlainTextField(label=_("محل جلسه"), max_length=200)

    def clean_hearing_time(self) -> datetime.time:
        text = normalize_digits(self.cleaned_data["hearing_time"]).strip()
        match = _TIME.fullmatch(text)
        if match is None:
            raise ValidationError(_("ساعت را به شکل ۰۹:۳۰ بنویسید."), code="time")
        return datetime.time(int(match.group(1)), int(match.group(2)))

    def hearing_at(self) -> datetime.datetime:
        """The date and time in Tehran, aware."""
        return timezone.make_aware(
            datetime.datetime.combine(
                self.cleaned_data["hearing_on"], self.cleaned_data["hearing_time"]
            ),
            timezone.get_current_timezone(),
        )


class VoteForm(BootstrapForm):
    amount = DigitsIntegerField(
        label=_("مبلغ رأی (ریال)"),
        min_value=0,
        max_value=10**15,
        help_text=_("مبلغی که بدهی این حکم پس از رأی به آن می‌رسد."),
    )
    decided_on = JalaliDateField(label=_("تاریخ رأی"), not_in_future=True)
    reasoning = _text(_("متن و استدلال رأی"))


class OrganizationAppealForm(BootstrapForm):
    text = _text(_("دلایل تجدیدنظرخواهی سازمان"))
