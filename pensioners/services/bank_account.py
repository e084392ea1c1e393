"""The account the pension is paid to changes only through a request the paying branch accepts.

    pensioner asks (new Sheba, bank, the bank's account letter)
        ──▶ `bank_account_change_request`: the Sheba checked, the same Sheba or a second
            open request refused; a branch case of kind `pensioner_bank_account_change`
            is created, the letter attached through the branches' document checks, and
            submitted (forwarded to the pensioner's paying branch)
    branch staff decide ──▶ `bank_account_change_decided` (inside the decision's
        transaction): on acceptance the pensioner's Sheba and bank are set, with an
        audit row; branches tells the person the result by SMS and in the inbox
        (template `case_decided`), as for every case.

Payslips keep the Sheba they were paid to; a change never rewrites them.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from branches.registry import CODE, HIDDEN, CaseKind, PayloadField
from branches.selectors.cases import case_get_for_kind
from branches.services.cases import case_create_draft, case_document_add, case_submit
from pensioners.models import Pensioner
from pensioners.selectors.payslips import (
    BANK_ACCOUNT_CHANGE,
    bank_account_open_request,
)
from tamin.core.exceptions import ApplicationError
from tamin.core.identifiers import normalize_sheba, validate_sheba
from tamin.core.services import audit_record

BANK_LETTER = "bank_account_letter"
SLA_WORKING_DAYS = 5
MAX_BANK_NAME = 60


def _sheba_checked(value: str) -> str:
    sheba = normalize_sheba(value or "")
    try:
        validate_sheba(sheba)
    except ValidationError as error:
        raise ApplicationError(
            error.messages[0], code="sheba_invalid", extra={"field": "sheba"}
        ) from None
    return sheba


def _bank_name_checked(value: str) -> str:
    name = " ".join((value or "").split())
    if not name:
        raise ApplicationError(
            _("نام بانک را بنویسید."), code="bank_name_required", extra={"field": "bank_name"}
        )
    if len(name) > MAX_BANK_NAME or any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in name):
        raise ApplicationError(
            _("نام بانک حداکثر ۶۰ نویسه و بدون نویسهٔ نامجاز است."),
            code="bank_name_invalid",
            extra={"field": "bank_name"},
        )
    return name


def _pensioner_of_user(user) -> Pensioner:
    pensioner = (
        Pensioner.objects.select_for_update().filter(national_code=user.national_code).first()
        if getattr(user, "is_authenticated", False) and user.national_code
        else None
    )
    if pensioner is None:
        raise ApplicationError(_("پروندهٔ مستمری شما پیدا نشد."), code="pensioner_unknown")
    return pensioner


@transaction.atomic
def bank_account_change_request(
    *, user, pensioner: Pensioner, sheba: str, bank_name: str, document: UploadedFile | None
):
    """Ask the paying branch to pay the pension to another account; returns the case.

    Bad input, the same Sheba, a second open request or a refused file change nothing.
    """
    # The pensioner is the account's own, by national code, whatever the caller passed.
    own = _pensioner_of_user(user)
    if own.pk != pensioner.pk:
        raise ApplicationError(_("پروندهٔ مستمری شما پیدا نشد."), code="pensioner_unknown")
    new_sheba = _sheba_checked(sheba)
    bank_name = _bank_name_checked(bank_name)
    if new_sheba == normalize_sheba(own.sheba):
        raise ApplicationError(
            _("مستمری شما هم‌اکنون به همین شماره شبا پرداخت می‌شود."),
            code="sheba_unchanged",
            extra={"field": "sheba"},
        )
    if bank_account_open_request(user=user) is not None:
        raise ApplicationError(
            _(
                "درخواست تغییر حساب دیگری از شما در دست بررسی است؛ "
                "پس از اعلام نتیجهٔ آن می‌توانید دوباره درخواست دهید."
            ),
            code="bank_change_open",
        )
    if document is None:
        raise ApplicationError(
            _("نامهٔ بانک دربارهٔ این حساب را پیوست کنید."),
            code="bank_letter_required",
            extra={"field": "document"},
        )
    payload = {"pensioner_id": own.pk, "sheba": new_sheba, "bank_name": bank_name}
    subject = _("تغییر حساب بانکی مستمری به %(bank)s") % {"bank": bank_name}
    case = case_create_draft(
        applicant=user, kind=BANK_ACCOUNT_CHANGE, subject=subject, payload=payload
    )
    case_document_add(case=case, uploaded_by=user, document_type=BANK_LETTER, upload=document)
    case = case_submit(case=case, actor=user)
    audit_record(
        action="pensioners.bank_account_change_requested",
        actor=user,
        target=own,
        after={"sheba": new_sheba, "bank_name": bank_name},
        detail={"case": case.pk, "tracking_code": case.tracking_code},
    )
    return case


def route_to_paying_branch(applicant, payload: dict[str, Any]) -> int:
    """`CaseKind.route`: the pensioner's paying branch (the applicant's own, by national code)."""
    pensioner = Pensioner.objects.filter(national_code=applicant.national_code).first()
    if pensioner is None:
        raise ApplicationError(_("پروندهٔ مستمری شما پیدا نشد."), code="pensioner_unknown")
    return pensioner.branch_id


def bank_account_change_decided(case_id: int, status: str) -> None:
    """The kind's `on_decision`: an accepted request sets the pensioner's Sheba and bank."""
    if status != "accepted":
        return
    case = case_get_for_kind(case_id=case_id, kind=BANK_ACCOUNT_CHANGE)
    pensioner = (
        Pensioner.objects.select_for_update()
        .filter(pk=case.payload.get("pensioner_id"), national_code=case.applicant.national_code)
        .first()
    )
    if pensioner is None:
        raise ApplicationError(_("پروندهٔ مستمری متقاضی پیدا نشد."), code="pensioner_unknown")
    sheba = _sheba_checked(case.payload.get("sheba", ""))
    bank_name = _bank_name_checked(case.payload.get("bank_name", ""))
    before = {"sheba": pensioner.sheba, "bank_name": pensioner.bank_name}
    pensioner.sheba = sheba
    pensioner.bank_name = bank_name
    pensioner.full_clean(validate_unique=False, validate_constraints=False)
    pensioner.save(update_fields=["sheba", "bank_name", "updated_at"])
    audit_record(
        action="pensioners.bank_account_changed",
        actor=case.decided_by,
        target=pensioner,
        before=before,
        after={"sheba": sheba, "bank_name": bank_name},
        detail={"case": case.pk, "tracking_code": case.tracking_code},
    )


CASE_KIND = CaseKind(
    key=BANK_ACCOUNT_CHANGE,
    label="تغییر حساب بانکی مستمری",
    route=route_to_paying_branch,
    required_documents=((BANK_LETTER, "نامهٔ بانک دربارهٔ حساب (شماره شبا به نام مستمری‌بگیر)"),),
    sla_working_days=SLA_WORKING_DAYS,
    on_decision=bank_account_change_decided,
    payload_fields=(
        PayloadField("pensioner_id", "مستمری‌بگیر", shown_as=HIDDEN),
        PayloadField("sheba", "شماره شبای جدید", shown_as=CODE),
        PayloadField("bank_name", "بانک"),
    ),
)
