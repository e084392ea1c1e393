"""Clearance certificates (مفاصا حساب): a request, smart issuance, the branch's decision, the PDF.

Flow:
1. A representative asks for a certificate for a workshop transfer (Art. 37) or for a
   contract (Art. 38: the contract's number, the other party, the amount in rial and
   its start and end) — `clearance_request_file`.
2. Smart issuance (DOMAIN.md §5): when `clearance_obstacles` finds nothing — every
   month due has a submitted list and nothing is owed — the request is `issued` at
   once. Otherwise it goes to the workshop's branch as a case of kind
   `employer_clearance` whose payload lists each reason (missing months by name, debts
   by period), the request takes the case's tracking code, and it stays `forwarded`.
3. The branch decides the case (`clearance_decided`, run inside `case_decide`):
   accepted → `issued`, as in 2; rejected or closed → `rejected`. The case's decision
   is sent to the applicant by the case flow (SMS and inbox).
4. An issued certificate's PDF is never rendered in a web request: `issued` starts a
   `tamin.core.document_requests` request (`clearance_certificate_prepare`), and the
   worker runs `clearance_certificate_issue`, which renders the PDF through
   `tamin.core.pdf` (verification code + QR, `/verify/<code>`) and serves it to the
   workshop's inbox as a notice (kind `certificate`, serve key `clearance:<id>`), once.

`register_document_kinds()` (called from `employers.kinds`) names the document on
`/verify/<code>` and gives the worker its issue function.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.registry import CODE, DATE, HIDDEN, RIAL, CaseKind, PayloadField
from branches.selectors.cases import case_get_for_kind
from branches.services.cases import case_create_draft, case_submit
from employers.models import (
    ClearanceKind,
    ClearanceRequest,
    ClearanceStatus,
    NoticeKind,
    Workshop,
)
from employers.selectors.clearance import (
    CLEARANCE_CASE_KIND,
    CLEARANCE_DOCUMENT_KIND,
    LIST_DEBT,
    MISSING_MONTH,
    PENALTY_DEBT,
    RULING_DEBT,
    ClearanceReason,
    clearance_obstacles,
    clearance_open_duplicate,
)
from employers.selectors.workshops import representative_role_for
from employers.services.notices import notice_serve
from tamin.core import pdf
from tamin.core.document_requests import document_issuer_register, document_request_start
from tamin.core.documents import document_kind_register
from tamin.core.exceptions import ApplicationError
from tamin.core.identifiers import has_control_characters, normalize_digits
from tamin.core.jalali import (
    format_code,
    format_jalali_date,
    format_period,
    format_rial,
    persian_digits,
    today_jalali,
)
from tamin.core.models import DocumentRequest, IssuedDocument
from tamin.core.services import audit_record

CONTRACT_NUMBER_MAX_LENGTH = 40
CONTRACT_PARTY_MAX_LENGTH = 120
# An amount in rial a bigint column holds with room to spare (18 digits).
CONTRACT_AMOUNT_MAX = 10**18 - 1
TRACKING_CODE_ATTEMPTS = 5

ARTICLES = {ClearanceKind.TRANSFER: "۳۷", ClearanceKind.CONTRACT: "۳۸"}


def register_document_kinds() -> None:
    """The certificate's label on /verify/<code> and the worker's issue function."""
    document_kind_register(kind=CLEARANCE_DOCUMENT_KIND, label=gettext_lazy("گواهی مفاصا حساب"))
    document_issuer_register(kind=CLEARANCE_DOCUMENT_KIND, issue=_certificate_issue_for_request)


# --- the contract (Art. 38) -------------------------------------------------------------


@dataclass(frozen=True)
class ContractTerms:
    number: str
    party: str
    amount: int
    start: datetime.date
    end: datetime.date


def _refused(message: str, *, code: str, field: str) -> ApplicationError:
    return ApplicationError(message, code=code, extra={"field": field})


def _contract_text(value: str, *, field: str, max_length: int, missing: str) -> str:
    value = value or ""
    if has_control_characters(value):
        raise _refused(_("این متن نویسه‌های نامعتبر دارد."), code="control_characters", field=field)
    text = " ".join(value.split())
    if not text:
        raise _refused(missing, code="contract_field_required", field=field)
    if len(text) > max_length:
        raise _refused(
            _("این متن حداکثر %(n)s نویسه می‌تواند باشد.") % {"n": persian_digits(max_length)},
            code="too_long",
            field=field,
        )
    return text


def contract_terms_problems(
    *,
    number: str,
    party: str,
    amount: int | None,
    start: datetime.date | None,
    end: datetime.date | None,
) -> list[ApplicationError]:
    """Every broken rule of an Art. 38 contract, each naming its field (none: it is valid)."""
    problems = []
    texts = (
        (
            normalize_digits(number or ""),
            "contract_number",
            CONTRACT_NUMBER_MAX_LENGTH,
            _("شمارهٔ قرارداد را وارد کنید."),
        ),
        (
            party,
            "contract_party",
            CONTRACT_PARTY_MAX_LENGTH,
            _("نام طرف قرارداد (کارفرمای اصلی) را وارد کنید."),
        ),
    )
    for value, field, max_length, missing in texts:
        try:
            _contract_text(value, field=field, max_length=max_length, missing=missing)
        except ApplicationError as problem:
            problems.append(problem)
    if amount is None or amount <= 0 or amount > CONTRACT_AMOUNT_MAX:
        problems.append(
            _refused(
                _("مبلغ قرارداد را به ریال و بیشتر از صفر وارد کنید."),
                code="contract_amount_invalid",
                field="contract_amount",
            )
        )
    if start is None:
        problems.append(
            _refused(
                _("تاریخ شروع قرارداد را وارد کنید."),
                code="contract_field_required",
                field="contract_start",
            )
        )
    if start is not None and start > timezone.localdate():
        # A certificate answers for work done: a contract not yet started has none.
        problems.append(
            _refused(
                _("تاریخ شروع قرارداد نمی‌تواند در آینده باشد."),
                code="contract_start_in_future",
                field="contract_start",
            )
        )
    if end is None:
        problems.append(
            _refused(
                _("تاریخ پایان قرارداد را وارد کنید."),
                code="contract_field_required",
                field="contract_end",
            )
        )
    if start is not None and end is not None and end <= start:
        problems.append(
            _refused(
                _("تاریخ پایان قرارداد باید بعد از تاریخ شروع آن باشد."),
                code="contract_end_before_start",
                field="contract_end",
            )
        )
    return problems


def contract_terms_clean(
    *,
    number: str,
    party: str,
    amount: int | None,
    start: datetime.date | None,
    end: datetime.date | None,
) -> ContractTerms:
    """The contract of an Art. 38 request, or the first broken rule (naming its field)."""
    problems = contract_terms_problems(
        number=number, party=party, amount=amount, start=start, end=end
    )
    if problems:
        raise problems[0]
    return ContractTerms(
        number=" ".join(normalize_digits(number).split()),
        party=" ".join(party.split()),
        amount=amount,
        start=start,
        end=end,
    )


# --- filing a request ------------------------------------------------------------------


def _tracking_code_new() -> str:
    """Jalali yymmdd + 8 random digits: the shape of every tracking code of the portal."""
    today = today_jalali()
    return f"{today.year % 100:02d}{today.month:02d}{today.day:02d}{secrets.randbelow(10**8):08d}"


def _case_payload(
    *, workshop: Workshop, kind: str, contract: ContractTerms | None, reasons: list[ClearanceReason]
) -> dict[str, Any]:
    """What the branch reads on the case: the workshop, the contract, and each reason."""
    payload: dict[str, Any] = {
        "branch_id": workshop.branch_id,
        "workshop_code": workshop.code,
        "workshop_name": workshop.name,
        "kind": str(ClearanceKind(kind).label),
    }
    if contract is not None:
        payload.update(
            contract_number=contract.number,
            contract_party=contract.party,
            contract_amount=contract.amount,
            contract_start=contract.start.isoformat(),
            contract_end=contract.end.isoformat(),
        )
    missing = [
        format_period(r.year, r.month) for r in reasons if r.code == MISSING_MONTH and r.month
    ]
    if missing:
        payload["missing_months"] = "، ".join(missing)
    by_code = {
        "list_debts": LIST_DEBT,
        "rulings_owed": RULING_DEBT,
        "penalties_owed": PENALTY_DEBT,
    }
    for key, code in by_code.items():
        # One line per field on the staff page: the sentences joined, without their stops.
        text = "؛ ".join(r.message.rstrip(".") for r in reasons if r.code == code)
        if text:
            payload[key] = text
    others = [r.message for r in reasons if r.code not in (MISSING_MONTH, *by_code.values())]
    if others:
        payload["other_reasons"] = " ".join(others)
    return payload


def _forward(
    *,
    user,
    workshop: Workshop,
    kind: str,
    contract: ContractTerms | None,
    reasons: list[ClearanceReason],
):
    case = case_create_draft(
        applicant=user,
        kind=CLEARANCE_CASE_KIND,
        subject=_("مفاصا حساب کارگاه %(code)s — %(name)s")
        % {"code": format_code(workshop.code), "name": workshop.name},
        payload=_case_payload(workshop=workshop, kind=kind, contract=contract, reasons=reasons),
    )
    return case_submit(case=case, actor=user)


def _save_with_tracking_code(clearance: ClearanceRequest, *, preferred: str = "") -> None:
    """Insert with `preferred` (the case's code) or a new code; a taken code is drawn again."""
    codes = [preferred] if preferred else []
    codes += [_tracking_code_new() for _attempt in range(TRACKING_CODE_ATTEMPTS)]
    clearance.full_clean(exclude=["tracking_code"], validate_unique=False)
    for code in codes:
        clearance.tracking_code = code
        try:
            with transaction.atomic():
                clearance.save(force_insert=True)
        except IntegrityError:
            clearance.pk = None
            continue
        return
    raise ApplicationError(  # pragma: no cover - 10^8 codes a day
        _("ساخت کد رهگیری ممکن نشد؛ دوباره تلاش کنید."), code="clearance_tracking_code"
    )


@transaction.atomic
def clearance_request_file(
    *,
    user,
    workshop: Workshop,
    kind: str,
    contract_number: str = "",
    contract_party: str = "",
    contract_amount: int | None = None,
    contract_start: datetime.date | None = None,
    contract_end: datetime.date | None = None,
    today: datetime.date | None = None,
) -> ClearanceRequest:
    """Ask for a certificate: issued at once when nothing stands in the way, else forwarded.

    A transfer (Art. 37) carries no contract: contract fields given with it are ignored.
    """
    if representative_role_for(user=user, workshop=workshop) is None:
        raise ApplicationError(
            _("شما نمایندهٔ این کارگاه نیستید."), code="clearance_not_representative"
        )
    if kind not in ClearanceKind.values:
        raise _refused(_("نوع مفاصا حساب را انتخاب کنید."), code="clearance_kind", field="kind")
    contract = (
        contract_terms_clean(
            number=contract_number,
            party=contract_party,
            amount=contract_amount,
            start=contract_start,
            end=contract_end,
        )
        if kind == ClearanceKind.CONTRACT
        else None
    )
    # One request at a time per workshop: the check below and the insert are serialized.
    workshop = (
        Workshop.objects.select_for_update(of=("self",))
        .select_related("branch")
        .get(pk=workshop.pk)
    )
    duplicate = clearance_open_duplicate(
        workshop=workshop, kind=kind, contract_number=contract.number if contract else ""
    )
    if duplicate is not None:
        raise ApplicationError(
            _(
                "درخواست مفاصا حساب دیگری از همین نوع با کد رهگیری %(code)s در شعبه در دست "
                "رسیدگی است؛ نتیجهٔ آن را در صفحهٔ درخواست ببینید."
            )
            % {"code": format_code(duplicate.tracking_code)},
            code="clearance_duplicate",
        )
    reasons = clearance_obstacles(workshop=workshop, today=today)
    clearance = ClearanceRequest(
        workshop=workshop,
        kind=kind,
        requested_by=user,
        contract_number=contract.number if contract else "",
        contract_party=contract.party if contract else "",
        contract_amount=contract.amount if contract else None,
        contract_start=contract.start if contract else None,
        contract_end=contract.end if contract else None,
    )
    if reasons:
        case = _forward(user=user, workshop=workshop, kind=kind, contract=contract, reasons=reasons)
        clearance.status = ClearanceStatus.FORWARDED
        clearance.reasons = [reason.as_data() for reason in reasons]
        clearance.case_id = case.pk
        _save_with_tracking_code(clearance, preferred=case.tracking_code)
        audit_record(
            action="employers.clearance_forwarded",
            actor=user,
            target=clearance,
            after={"status": clearance.status, "case_id": case.pk, "reasons": len(reasons)},
        )
        return clearance
    clearance.status = ClearanceStatus.ISSUED
    _save_with_tracking_code(clearance)
    audit_record(
        action="employers.clearance_issued",
        actor=user,
        target=clearance,
        after={"status": clearance.status, "kind": kind},
    )
    clearance_certificate_prepare(clearance=clearance, user=user)
    return clearance


# --- the branch's decision ------------------------------------------------------------


def clearance_decided(case_id: int, status: str) -> None:
    """The branch decided the case (inside `case_decide`): accepted → issued, else rejected."""
    clearance = (
        ClearanceRequest.objects.select_for_update(of=("self",))
        .select_related("workshop")
        .filter(case_id=case_id)
        .first()
    )
    if clearance is None or clearance.status != ClearanceStatus.FORWARDED:
        return
    case = case_get_for_kind(case_id=case_id, kind=CLEARANCE_CASE_KIND)
    before = {"status": clearance.status}
    clearance.status = ClearanceStatus.ISSUED if status == "accepted" else ClearanceStatus.REJECTED
    clearance.save(update_fields=["status", "updated_at"])
    audit_record(
        action="employers.clearance_decided",
        actor=case.decided_by,
        target=clearance,
        before=before,
        after={"status": clearance.status, "case_status": status},
    )
    if clearance.status == ClearanceStatus.ISSUED:
        clearance_certificate_prepare(clearance=clearance, user=clearance.requested_by)


# --- the certificate ---------------------------------------------------------------------


@dataclass(frozen=True)
class ClearanceCertificate:
    """What the certificate prints; every value a ready-to-print Persian string."""

    tracking_code: str
    kind: str  # «انتقال کارگاه (ماده ۳۷)»
    article: str  # «۳۷»
    is_contract: bool
    workshop_code: str
    workshop_name: str
    employer_name: str
    address: str
    branch_name: str
    requested_on: str
    issued_on: str
    by_branch: bool  # issued after the branch reviewed it (not at once)
    contract_number: str = ""
    contract_party: str = ""
    contract_amount: str = ""
    contract_start: str = ""
    contract_end: str = ""


def clearance_certificate_data(*, clearance: ClearanceRequest) -> ClearanceCertificate:
    workshop = clearance.workshop
    is_contract = clearance.kind == ClearanceKind.CONTRACT
    return ClearanceCertificate(
        tracking_code=format_code(clearance.tracking_code),
        kind=str(ClearanceKind(clearance.kind).label),
        article=ARTICLES[ClearanceKind(clearance.kind)],
        is_contract=is_contract,
        workshop_code=format_code(workshop.code),
        workshop_name=workshop.name,
        employer_name=workshop.employer_name,
        address=workshop.address or "—",
        branch_name=workshop.branch.name,
        requested_on=format_jalali_date(timezone.localtime(clearance.created_at)),
        issued_on=format_jalali_date(timezone.localdate(), long=True),
        by_branch=clearance.case_id is not None,
        contract_number=format_code(clearance.contract_number) if is_contract else "",
        contract_party=clearance.contract_party if is_contract else "",
        contract_amount=format_rial(clearance.contract_amount) if is_contract else "",
        contract_start=format_jalali_date(clearance.contract_start) if is_contract else "",
        contract_end=format_jalali_date(clearance.contract_end) if is_contract else "",
    )


def _content_key(clearance: ClearanceRequest) -> str:
    # One certificate per request: its identity, not its print date, is the content.
    return pdf.document_content_key(
        kind=CLEARANCE_DOCUMENT_KIND,
        data={"clearance": clearance.pk, "tracking_code": clearance.tracking_code},
    )


def clearance_certificate_filename(clearance: ClearanceRequest) -> str:
    return f"مفاصا-حساب-{clearance.tracking_code}.pdf"


def clearance_certificate_prepare(*, clearance: ClearanceRequest, user) -> DocumentRequest:
    """Ask the worker for the PDF of an issued certificate (again, after a failure)."""
    if clearance.status != ClearanceStatus.ISSUED:
        raise ApplicationError(
            _("این درخواست مفاصا حساب صادر نشده است."), code="clearance_not_issued"
        )
    return document_request_start(
        owner=user,
        kind=CLEARANCE_DOCUMENT_KIND,
        content_key=_content_key(clearance),
        parameters={"clearance_id": clearance.pk},
        filename=clearance_certificate_filename(clearance),
    )


def _summary(data: ClearanceCertificate) -> dict[str, str]:
    """What /verify/<code> shows anyone holding the code: nothing private."""
    summary = {
        _("کد کارگاه"): data.workshop_code,
        _("نام کارگاه"): data.workshop_name,
        _("نوع مفاصا حساب"): data.kind,
    }
    if data.is_contract:
        summary[_("شمارهٔ قرارداد")] = data.contract_number
    summary[_("کد رهگیری درخواست")] = data.tracking_code
    return summary


@transaction.atomic
def clearance_certificate_issue(*, clearance: ClearanceRequest, user) -> IssuedDocument:
    """Render the PDF of an issued certificate and serve it to the workshop (the worker's side).

    Once per request: a certificate already rendered is returned as it is.
    """
    clearance = (
        ClearanceRequest.objects.select_for_update(of=("self",))
        .select_related("workshop", "workshop__branch", "document")
        .get(pk=clearance.pk)
    )
    if clearance.status != ClearanceStatus.ISSUED:
        raise ApplicationError(
            _("این درخواست مفاصا حساب صادر نشده است."), code="clearance_not_issued"
        )
    if clearance.document is not None:
        return clearance.document
    data = clearance_certificate_data(clearance=clearance)
    title = _("گواهی مفاصا حساب — %(kind)s") % {"kind": data.kind}
    document = pdf.render(
        template_name="employers/pdf/clearance.html",
        data=data,
        kind=CLEARANCE_DOCUMENT_KIND,
        title=title,
        owner=user,
        summary=_summary(data),
        content_key=_content_key(clearance),
    )
    workshop = clearance.workshop
    notice = notice_serve(
        workshop=workshop,
        kind=NoticeKind.CERTIFICATE,
        serve_key=f"clearance:{clearance.pk}",
        title=title,
        body=_(
            "گواهی مفاصا حساب کارگاه «%(name)s» (%(kind)s) با کد رهگیری درخواست %(code)s صادر "
            "شد. اصالت آن با کد %(verification)s در صفحهٔ استعلام اصالت سند قابل بررسی است."
        )
        % {
            "name": workshop.name,
            "kind": data.kind,
            "code": data.tracking_code,
            "verification": document.verification_code,
        },
        content={
            "clearance_id": clearance.pk,
            "tracking_code": clearance.tracking_code,
            "kind": clearance.kind,
            "contract_number": clearance.contract_number,
            "verification_code": document.verification_code,
        },
        document=document,
    )
    clearance.document = document
    clearance.notice = notice
    clearance.save(update_fields=["document", "notice", "updated_at"])
    audit_record(
        action="employers.clearance_certificate_issued",
        actor=user,
        target=clearance,
        after={"verification_code": document.verification_code, "notice": notice.number},
    )
    return document


def _certificate_issue_for_request(*, user, clearance_id: int) -> IssuedDocument:
    clearance = ClearanceRequest.objects.filter(pk=clearance_id).first()
    if clearance is None:
        raise ApplicationError(_("این درخواست مفاصا حساب پیدا نشد."), code="clearance_missing")
    return clearance_certificate_issue(clearance=clearance, user=user)


# --- the case kind ----------------------------------------------------------------------


def _route(applicant, payload: dict[str, Any]) -> int:
    return int(payload.get("branch_id") or 0)


CASE_KINDS = (
    CaseKind(
        key=CLEARANCE_CASE_KIND,
        label="مفاصا حساب کارفرما",
        route=_route,
        sla_working_days=7,
        on_decision=clearance_decided,
        payload_fields=(
            PayloadField("workshop_code", "کد کارگاه", shown_as=CODE),
            PayloadField("workshop_name", "نام کارگاه"),
            PayloadField("kind", "نوع مفاصا حساب"),
            PayloadField("contract_number", "شمارهٔ قرارداد", shown_as=CODE),
            PayloadField("contract_party", "طرف قرارداد (کارفرمای اصلی)"),
            PayloadField("contract_amount", "مبلغ قرارداد", shown_as=RIAL),
            PayloadField("contract_start", "شروع قرارداد", shown_as=DATE),
            PayloadField("contract_end", "پایان قرارداد", shown_as=DATE),
            PayloadField("missing_months", "ماه‌های بدون لیست"),
            PayloadField("list_debts", "بدهی لیست‌ها (برآوردی)"),
            PayloadField("rulings_owed", "بدهی قطعی (احکام مطالباتی)"),
            PayloadField("penalties_owed", "جریمه‌های پرداخت‌نشده"),
            PayloadField("other_reasons", "دلایل دیگر"),
            PayloadField("branch_id", "شعبه", shown_as=HIDDEN),
        ),
    ),
)
