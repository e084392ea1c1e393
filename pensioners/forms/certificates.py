"""The "new certificate" form: the kind, the pension (when the person has several) and the
institution the certificate is addressed to.

The form checks shapes (a kind and a pension from the lists, a plain-text name of 2–120
characters); the service checks the rules again (the pension is the person's and
active, something overdue to certify, the daily limit) before anything is written.
The certificate of deduction is offered only when one of the pensions has an overdue
installment; the page says why it is absent otherwise.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pensioners.models import PensionCertificate
from pensioners.services.certificates import ADDRESSEE_MAX_LENGTH, ADDRESSEE_MIN_LENGTH
from tamin.core.forms import PlainTextField
from tamin.core.jalali import format_code


class CertificateForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("نوع گواهی"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("نوع گواهی را انتخاب کنید."),
            "invalid_choice": _("نوع گواهی را از فهرست انتخاب کنید."),
        },
    )
    pension = forms.TypedChoiceField(
        label=_("مستمری"),
        coerce=int,
        error_messages={
            "required": _("مستمری‌ای را که گواهی برای آن است انتخاب کنید."),
            "invalid_choice": _("مستمری را از فهرست انتخاب کنید."),
        },
    )
    addressee = PlainTextField(
        label=_("خطاب به (نام بانک، دادگاه یا مؤسسه)"),
        min_length=ADDRESSEE_MIN_LENGTH,
        max_length=ADDRESSEE_MAX_LENGTH,
        help_text=_("نام مؤسسه‌ای که گواهی را به آن می‌دهید؛ همین نام در گواهی چاپ می‌شود."),
        error_messages={
            "required": _("نام مؤسسه یا سازمانی را که گواهی خطاب به آن است وارد کنید."),
            "min_length": _("نام مؤسسه دست‌کم ۲ نویسه است."),
            "max_length": _("نام مؤسسه حداکثر ۱۲۰ نویسه می‌تواند باشد."),
        },
    )

    def __init__(self, *args, pensions, overdue_pension_ids: set[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.pensions = list(pensions)
        kinds = [(PensionCertificate.Kind.SALARY, PensionCertificate.Kind.SALARY.label)]
        if overdue_pension_ids:
            kinds.append(
                (
                    PensionCertificate.Kind.OVERDUE_INSTALLMENTS,
                    PensionCertificate.Kind.OVERDUE_INSTALLMENTS.label,
                )
            )
        self.fields["kind"].choices = kinds
        self.fields["pension"].choices = [
            (pension.pk, f"{pension.get_kind_display()} — {format_code(pension.number)}")
            for pension in self.pensions
        ]
        if len(self.pensions) == 1:
            # One pension: nothing to choose, the certificate is for it.
            self.fields["pension"].widget = forms.HiddenInput()
            self.fields["pension"].initial = self.pensions[0].pk
        else:
            self.fields["pension"].widget.attrs["class"] = "form-select"
        self.fields["addressee"].widget.attrs.update(
            {"class": "form-control", "autocomplete": "organization"}
        )

    def pension_chosen(self):
        pension_id = self.cleaned_data["pension"]
        return next(pension for pension in self.pensions if pension.pk == pension_id)
