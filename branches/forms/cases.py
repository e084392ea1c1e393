"""Forms of the case pages: they check the shape of input; the services check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from branches.models.cases import OPEN_CASE_STATUSES, case_status_label
from branches.registry import CaseKind, case_kinds
from branches.selectors.cases import AssignedFilter, CaseQueueFilters, SlaFilter
from branches.services.cases import DECISIONS, MIN_REASON_LENGTH
from tamin.core.forms import PlainTextField
from tamin.core.identifiers import normalize_digits

REASON_MAX = 4000


def _reason_field(label: str) -> forms.CharField:
    return PlainTextField(
        multiline=True,
        label=label,
        min_length=MIN_REASON_LENGTH,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("نوشتن دلیل الزامی است."),
            "min_length": _("دلیل را روشن‌تر و کامل‌تر بنویسید."),
        },
    )


class QueueFilterForm(forms.Form):
    branch = forms.TypedChoiceField(label=_("شعبه"), coerce=int, required=False)
    kind = forms.ChoiceField(label=_("نوع درخواست"), required=False)
    status = forms.ChoiceField(label=_("وضعیت"), required=False)
    sla = forms.ChoiceField(
        label=_("موعد پاسخ"),
        required=False,
        choices=[
            ("", _("همه")),
            (SlaFilter.OVERDUE, _("گذشته از موعد")),
            (SlaFilter.DUE_SOON, _("نزدیک به موعد")),
            (SlaFilter.ON_TIME, _("در موعد")),
        ],
    )
    older_than_days = forms.IntegerField(
        label=_("قدیمی‌تر از (روز)"), required=False, min_value=1, max_value=3650
    )
    assigned = forms.ChoiceField(label=_("کارشناس مسئول"), required=False)

    def __init__(self, *args, memberships, members, at_agency: bool = False, **kwargs):
        """`members`: (user id, name) of the place's staff (`place_member_names`)."""
        data = args[0] if args else kwargs.get("data")
        if data is not None and "older_than_days" in data:
            data = data.copy()
            data["older_than_days"] = normalize_digits(data.get("older_than_days") or "")
            args = (data, *args[1:])
        super().__init__(*args, **kwargs)
        self.fields["branch"].choices = [(m.branch_id, m.branch.name) for m in memberships]
        self.fields["kind"].choices = [("", _("همه")), *((k.key, k.label) for k in case_kinds())]
        self.fields["status"].choices = [
            ("", _("همه پرونده‌های باز")),
            *((s.value, case_status_label(s, at_agency=at_agency)) for s in OPEN_CASE_STATUSES),
        ]
        self.fields["assigned"].choices = [
            ("", _("همه")),
            (AssignedFilter.MINE, _("پرونده‌های من")),
            (AssignedFilter.UNASSIGNED, _("بدون کارشناس")),
            *((str(user_id), name) for user_id, name in members),
        ]

    def filters(self) -> CaseQueueFilters:
        if not self.is_bound or not self.is_valid():
            return CaseQueueFilters()
        data = self.cleaned_data
        return CaseQueueFilters(
            kind=data.get("kind") or "",
            status=data.get("status") or "",
            sla=data.get("sla") or "",
            older_than_days=data.get("older_than_days"),
            assigned=data.get("assigned") or "",
        )


class AssignForm(forms.Form):
    """The head's choice of assignee among the branch's active members."""

    assignee = forms.ModelChoiceField(
        label=_("سپردن به"), queryset=None, empty_label=None, to_field_name="user_id"
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        field.queryset = members
        field.label_from_instance = lambda m: m.user.get_full_name() or m.user.national_code


class RequestInfoForm(forms.Form):
    reason = _reason_field(_("چه اطلاعات یا مدرکی لازم است؟"))

    def __init__(self, *args, **kwargs):
        # Shares the staff case page with DecisionForm: distinct ids keep each label on its field.
        kwargs.setdefault("auto_id", "info_%s")
        super().__init__(*args, **kwargs)


class DecisionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("نتیجه"),
        choices=[(s.value, s.label) for s in DECISIONS],
        widget=forms.RadioSelect,
    )
    reason = _reason_field(_("دلیل تصمیم"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "decision_%s")
        super().__init__(*args, **kwargs)


class DocumentUploadForm(forms.Form):
    document_type = forms.ChoiceField(label=_("نوع مدرک"))
    file = forms.FileField(label=_("فایل (PDF، JPEG یا PNG)"))

    def __init__(self, *args, kind: CaseKind, **kwargs):
        kwargs.setdefault("auto_id", "upload_%s")
        super().__init__(*args, **kwargs)
        self.fields["document_type"].choices = list(kind.document_types)


class AnswerForm(forms.Form):
    note = _reason_field(_("پاسخ شما"))
    document_type = forms.ChoiceField(label=_("نوع مدرک پیوست"), required=False)
    file = forms.FileField(label=_("مدرک پیوست (اختیاری)"), required=False)

    def __init__(self, *args, kind: CaseKind, **kwargs):
        # Shares the applicant's case page with DocumentUploadForm: distinct ids for the labels.
        kwargs.setdefault("auto_id", "answer_%s")
        super().__init__(*args, **kwargs)
        self.fields["document_type"].choices = list(kind.document_types)

    def documents(self) -> list:
        upload = self.cleaned_data.get("file")
        if not upload:
            return []
        return [(self.cleaned_data.get("document_type") or "other", upload)]
