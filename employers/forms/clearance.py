"""The clearance request form: the kind, and the contract for an Art. 38 certificate.

Each field refuses what cannot be read (digits, Jalali dates, control characters). The
contract's rules (every field present, amount above zero, end after start) are the
service's (`employers.services.clearance.contract_terms_problems`): the form shows every
problem beside its field at once, and the service checks them again before anything is
written.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from employers.forms.workshops import BootstrapForm
from employers.models import ClearanceKind
from employers.services.clearance import (
    CONTRACT_AMOUNT_MAX,
    CONTRACT_NUMBER_MAX_LENGTH,
    CONTRACT_PARTY_MAX_LENGTH,
    contract_terms_problems,
)
from tamin.core.forms import DigitsIntegerField, JalaliDateField, PlainTextField
from tamin.core.jalali import ORGANIZATION_YEAR_MIN

CONTRACT_FIELDS = (
    "contract_number",
    "contract_party",
    "contract_amount",
    "contract_start",
    "contract_end",
)


class ClearanceRequestForm(BootstrapForm):
    kind = forms.ChoiceField(
        label=_("نوع مفاصا حساب"),
        choices=[("", _("نوع را انتخاب کنید")), *ClearanceKind.choices],
        error_messages={
            "required": _("نوع مفاصا حساب را انتخاب کنید."),
            "invalid_choice": _("نوع مفاصا حساب را از فهرست انتخاب کنید."),
        },
    )
    contract_number = PlainTextField(
        label=_("شمارهٔ قرارداد"), max_length=CONTRACT_NUMBER_MAX_LENGTH, required=False
    )
    contract_party = PlainTextField(
        label=_("طرف قرارداد (کارفرمای اصلی)"),
        max_length=CONTRACT_PARTY_MAX_LENGTH,
        required=False,
    )
    contract_amount = DigitsIntegerField(
        label=_("مبلغ قرارداد (ریال)"),
        min_value=1,
        max_value=CONTRACT_AMOUNT_MAX,
        required=False,
        error_messages={
            "invalid": _("مبلغ را فقط با رقم وارد کنید."),
            "min_value": _("مبلغ قرارداد باید بیشتر از صفر باشد."),
            "max_value": _("این مبلغ بیش از حد مجاز است."),
        },
    )
    contract_start = JalaliDateField(
        label=_("تاریخ شروع قرارداد"),
        min_year=ORGANIZATION_YEAR_MIN,
        not_in_future=True,
        required=False,
    )
    contract_end = JalaliDateField(
        label=_("تاریخ پایان قرارداد"), min_year=ORGANIZATION_YEAR_MIN, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract_amount"].widget.attrs["dir"] = "ltr"

    def contract_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in CONTRACT_FIELDS]

    def kind_field(self) -> forms.BoundField:
        return self["kind"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == ClearanceKind.CONTRACT:
            # Every missing or contradictory field at once (the service checks them again);
            # a field that already failed its own shape check keeps only that message.
            problems = contract_terms_problems(
                number=cleaned.get("contract_number") or "",
                party=cleaned.get("contract_party") or "",
                amount=cleaned.get("contract_amount"),
                start=cleaned.get("contract_start"),
                end=cleaned.get("contract_end"),
            )
            for problem in problems:
                field = problem.extra["field"]
                if field not in self.errors:
                    self.add_error(field, problem.message)
        if cleaned.get("kind") == ClearanceKind.TRANSFER:
            # A transfer carries no contract: what was typed in those fields is dropped.
            for name in CONTRACT_FIELDS:
                self.errors.pop(name, None)
                cleaned[name] = "" if name in ("contract_number", "contract_party") else None
        return cleaned
