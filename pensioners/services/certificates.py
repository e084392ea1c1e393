"""Certificates a pensioner takes to a bank or a court: the salary certificate (گواهی حقوق)
and the certificate of overdue-installment deduction (گواهی کسر اقساط معوق).

Flow:
1. `certificate_issue` (a page or the API): the pensioner names the institution it is
   addressed to; the kind's figures are read and fixed in `PensionCertificate.content`
   (JSON), so the certificate always says what was true the day it was issued. There is
   no branch review: it is issued at once. A salary certificate states the pension
   number, kind, start date, the monthly pension in force and, when a payslip exists, the
   last payslip's period, payments, deductions, loan installments and net. A certificate
   of deduction states each active loan with overdue installments (lender, reference,
   installment, how many are overdue, their total, what the last payslip deducted) and
   that they are deducted from the pension monthly; with none, there is nothing to
   certify and it is refused. At most `CERTIFICATES_PER_DAY` a day per pensioner.
2. The PDF is never rendered in the request: the service starts a
   `tamin.core.document_requests` request (kind `pensioners.certificate`), and the page
   sends the person to the kernel's `/documents/<id>/`, which polls and downloads.
3. The worker runs `certificate_pdf_issue`: it checks the owner again and renders the
   content through `tamin.core.pdf.render` (verification code + QR); `/verify/<code>`
   shows the kind, the name, the last four digits of the national code, the figures and
   the addressee. One certificate is one document (its id is the content key).

`register_document_kinds()` is called from `pensioners.kinds.register()`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pensioners.models import Pension, PensionCertificate, Pensioner
from pensioners.selectors.certificates import (
    CERTIFICATE_DOCUMENT_KIND,
    certificate_content_key,
    certificates_issued_since,
    loan_last_deductions,
    local_day_start,
    overdue_loans_for_pension,
    payslip_latest,
)
from pensioners.selectors.pensions import pension_amount
from tamin.core import pdf
from tamin.core.document_requests import document_issuer_register, document_request_start
from tamin.core.documents import document_kind_register
from tamin.core.exceptions import ApplicationError
from tamin.core.identifiers import has_control_characters
from tamin.core.jalali import (
    format_code,
    format_jalali_date,
    format_jalali_datetime,
    format_period,
    format_rial,
    persian_digits,
)
from tamin.core.models import IssuedDocument
from tamin.core.services import audit_record
from tamin.core.words import number_to_words

DOCUMENT_KIND = CERTIFICATE_DOCUMENT_KIND
ADDRESSEE_MIN_LENGTH = 2
ADDRESSEE_MAX_LENGTH = 120
# A person must not fill the document store: certificates a pensioner may take a day.
CERTIFICATES_PER_DAY = 10


def register_document_kinds() -> None:
    """The certificate's label on /verify/<code> and the worker's issue function."""
    document_kind_register(kind=DOCUMENT_KIND, label=gettext_lazy("گواهی مستمری‌بگیر"))
    document_issuer_register(kind=DOCUMENT_KIND, issue=_certificate_pdf_issue_for_request)


# --- the addressee ------------------------------------------------------------------------


def _refused(message: str, *, code: str, field: str) -> ApplicationError:
    return ApplicationError(message, code=code, extra={"field": field})


def addressee_clean(value: Any) -> str:
    """The institution's name as printed: trimmed, spaces collapsed, 2–120 characters."""
    if not isinstance(value, str):
        value = ""
    if has_control_characters(value):  # bidi overrides too: they would reorder the print
        raise _refused(
            _("نام مؤسسه نویسه‌های نامعتبر دارد."), code="control_characters", field="addressee"
        )
    text = " ".join(value.split())
    if not text:
        raise _refused(
            _("نام مؤسسه یا سازمانی را که گواهی خطاب به آن است وارد کنید."),
            code="addressee_required",
            field="addressee",
        )
    if len(text) < ADDRESSEE_MIN_LENGTH:
        raise _refused(
            _("نام مؤسسه دست‌کم %(n)s نویسه است.") % {"n": persian_digits(ADDRESSEE_MIN_LENGTH)},
            code="addressee_too_short",
            field="addressee",
        )
    if len(text) > ADDRESSEE_MAX_LENGTH:
        raise _refused(
            _("نام مؤسسه حداکثر %(n)s نویسه می‌تواند باشد.")
            % {"n": persian_digits(ADDRESSEE_MAX_LENGTH)},
            code="addressee_too_long",
            field="addressee",
        )
    return text


# --- the content, fixed at issue ---------------------------------------------------------


def _pension_facts(pension: Pension) -> dict[str, Any]:
    pensioner = pension.pensioner
    return {
        "pensioner_name": pensioner.full_name,
        "father_name": pensioner.father_name,
        "national_code": pensioner.national_code,
        "pension_number": pension.number,
        "pension_kind": pension.kind,
        "pension_kind_label": str(Pension.Kind(pension.kind).label),
        "relation": pension.relation,
        "insured_name": pension.insured_name,
        "start_date": pension.start_date.isoformat(),
        "branch_name": pensioner.branch.name,
    }


def _salary_content(pension: Pension) -> dict[str, Any]:
    amount = pension_amount(pension=pension)
    if amount <= 0:
        raise ApplicationError(
            _("مبلغ این مستمری هنوز با حکمی تعیین نشده است؛ گواهی حقوق برای آن صادر نمی‌شود."),
            code="certificate_no_amount",
        )
    payslip = payslip_latest(pension=pension)
    return {
        **_pension_facts(pension),
        "monthly_amount": amount,
        "payslip": None
        if payslip is None
        else {
            "year": payslip.year,
            "month": payslip.month,
            "total_payments": payslip.total_payments,
            "total_deductions": payslip.total_deductions,
            "total_loans": payslip.total_loans,
            "net": payslip.net,
        },
    }


def _overdue_content(pension: Pension) -> dict[str, Any]:
    loans = list(overdue_loans_for_pension(pension=pension))
    if not loans:
        raise ApplicationError(
            _(
                "این مستمری قسط معوقی ندارد، پس گواهی کسر اقساط معوق چیزی برای گواهی کردن "
                "ندارد. اگر گواهی مبلغ مستمری را می‌خواهید، «گواهی حقوق» را انتخاب کنید."
            ),
            code="certificate_nothing_overdue",
            extra={"field": "kind"},
        )
    payslip = payslip_latest(pension=pension)
    deducted = loan_last_deductions(payslip=payslip, loans=loans)
    rows = [
        {
            "lender": loan.lender,
            "reference": loan.reference,
            "installment_amount": loan.installment_amount,
            "overdue_installments": loan.overdue_installments,
            "overdue_total": loan.installment_amount * loan.overdue_installments,
            "remaining_installments": loan.remaining_installments,
            "last_deducted": deducted.get(loan.pk),
        }
        for loan in loans
    ]
    return {
        **_pension_facts(pension),
        "loans": rows,
        "overdue_total": sum(row["overdue_total"] for row in rows),
        "deducted_monthly": True,
        "last_payslip": None if payslip is None else {"year": payslip.year, "month": payslip.month},
    }


_CONTENT = {
    PensionCertificate.Kind.SALARY: _salary_content,
    PensionCertificate.Kind.OVERDUE_INSTALLMENTS: _overdue_content,
}


# --- issuing ------------------------------------------------------------------------------


def _owned_by(pension: Pension, user) -> bool:
    national_code = getattr(user, "national_code", "") or ""
    return bool(national_code) and pension.pensioner.national_code == national_code


@transaction.atomic
def certificate_issue(*, user, pension: Pension, kind: str, addressee: str) -> PensionCertificate:
    """Issue a certificate of `kind` for the user's own `pension`, addressed to `addressee`.

    Issued at once (no branch review); its PDF is prepared by the worker through the
    kernel's document request, whose id the certificate keeps.
    """
    if kind not in PensionCertificate.Kind.values:
        raise _refused(
            _("نوع گواهی را از فهرست انتخاب کنید."), code="certificate_kind", field="kind"
        )
    addressee = addressee_clean(addressee)
    # One issue at a time per pensioner: the daily count and the insert are serialized.
    pensioner = Pensioner.objects.select_for_update().get(pk=pension.pensioner_id)
    pension = Pension.objects.select_related("pensioner", "pensioner__branch").get(pk=pension.pk)
    if not _owned_by(pension, user):
        raise ApplicationError(_("این مستمری به نام شما نیست."), code="certificate_not_owner")
    if pension.status != Pension.Status.ACTIVE:
        raise ApplicationError(
            _("این مستمری «%(status)s» است؛ گواهی فقط برای مستمری برقرار صادر می‌شود.")
            % {"status": pension.get_status_display()},
            code="certificate_pension_not_active",
        )
    issued_today = certificates_issued_since(pensioner_id=pensioner.pk, since=local_day_start())
    if issued_today >= CERTIFICATES_PER_DAY:
        raise ApplicationError(
            _(
                "امروز %(n)s گواهی برای شما صادر شده که بیشترین تعداد مجاز در یک روز است. "
                "گواهی‌های امروز در فهرست گواهی‌ها هست؛ گواهی تازه را از فردا بگیرید."
            )
            % {"n": persian_digits(CERTIFICATES_PER_DAY)},
            code="certificate_daily_limit",
        )
    certificate = PensionCertificate(
        pension=pension, kind=kind, addressee=addressee, content=_CONTENT[kind](pension)
    )
    certificate.full_clean()
    certificate.save()
    document_request = document_request_start(
        owner=user,
        kind=DOCUMENT_KIND,
        content_key=certificate_content_key(certificate),
        parameters={"certificate_id": certificate.pk},
        filename=certificate_filename(certificate),
    )
    certificate.document_request_id = document_request.pk
    certificate.save(update_fields=["document_request_id", "updated_at"])
    audit_record(
        action="pensioners.certificate_issued",
        actor=user,
        target=certificate,
        after={
            "kind": kind,
            "pension": pension.number,
            "addressee": addressee,
            "document_request_id": document_request.pk,
        },
    )
    return certificate


def certificate_filename(certificate: PensionCertificate) -> str:
    name = {
        PensionCertificate.Kind.SALARY: "گواهی-حقوق",
        PensionCertificate.Kind.OVERDUE_INSTALLMENTS: "گواهی-کسر-اقساط-معوق",
    }[PensionCertificate.Kind(certificate.kind)]
    return f"{name}-{certificate.pk}.pdf"


# --- the PDF (the worker's side) ---------------------------------------------------------


@dataclass(frozen=True)
class LoanLine:
    number: str
    lender: str
    reference: str
    installment_amount: str
    overdue_installments: str
    overdue_total: str
    remaining_installments: str
    last_deducted: str  # «—» when the last payslip deducted nothing for it


@dataclass(frozen=True)
class CertificateDocument:
    """What the certificate prints: every value a ready Persian string (digits, Jalali, rial)."""

    kind: str
    title: str
    certificate_number: str
    addressee: str
    issued_on: str
    pensioner_name: str
    father_name: str
    national_code: str
    pension_number: str
    pension_kind: str
    insured_name: str
    is_survivor: bool
    start_date: str
    branch_name: str
    monthly_amount: str = ""
    monthly_amount_words: str = ""
    payslip_period: str = ""
    total_payments: str = ""
    total_deductions: str = ""
    total_loans: str = ""
    net: str = ""
    net_words: str = ""
    loans: tuple[LoanLine, ...] = ()
    overdue_total: str = ""
    overdue_total_words: str = ""
    last_payslip_period: str = ""


def amount_in_words(amount: int) -> str:
    """The amount in Persian words, as printed beside its digits («... ریال»)."""
    return number_to_words(amount)


def certificate_title(kind: str) -> str:
    return str(PensionCertificate.Kind(kind).label)


def _iso_date(value: str) -> str:
    return format_jalali_date(datetime.date.fromisoformat(value))


def certificate_document_data(*, certificate: PensionCertificate) -> CertificateDocument:
    """The printed form of the certificate's content (never today's figures)."""
    content = certificate.content
    common = {
        "kind": certificate.kind,
        "title": certificate_title(certificate.kind),
        "certificate_number": persian_digits(certificate.pk),
        "addressee": certificate.addressee,
        "issued_on": format_jalali_datetime(certificate.created_at),
        "pensioner_name": content["pensioner_name"],
        "father_name": content.get("father_name") or "—",
        "national_code": format_code(content["national_code"]),
        "pension_number": format_code(content["pension_number"]),
        "pension_kind": content["pension_kind_label"],
        "insured_name": content.get("insured_name") or "",
        "is_survivor": content.get("relation", "self") != "self",
        "start_date": _iso_date(content["start_date"]),
        "branch_name": content.get("branch_name") or "",
    }
    if certificate.kind == PensionCertificate.Kind.SALARY:
        payslip = content.get("payslip")
        return CertificateDocument(
            **common,
            monthly_amount=format_rial(content["monthly_amount"]),
            monthly_amount_words=amount_in_words(content["monthly_amount"]),
            payslip_period=format_period(payslip["year"], payslip["month"]) if payslip else "",
            total_payments=format_rial(payslip["total_payments"]) if payslip else "",
            total_deductions=format_rial(payslip["total_deductions"]) if payslip else "",
            total_loans=format_rial(payslip["total_loans"]) if payslip else "",
            net=format_rial(payslip["net"]) if payslip else "",
            net_words=amount_in_words(payslip["net"]) if payslip else "",
        )
    last = content.get("last_payslip")
    loans = tuple(
        LoanLine(
            number=persian_digits(index),
            lender=row["lender"],
            reference=format_code(row["reference"]),
            installment_amount=format_rial(row["installment_amount"]),
            overdue_installments=persian_digits(row["overdue_installments"]),
            overdue_total=format_rial(row["overdue_total"]),
            remaining_installments=persian_digits(row["remaining_installments"]),
            last_deducted=format_rial(row["last_deducted"]) if row["last_deducted"] else "—",
        )
        for index, row in enumerate(content["loans"], start=1)
    )
    return CertificateDocument(
        **common,
        loans=loans,
        overdue_total=format_rial(content["overdue_total"]),
        overdue_total_words=amount_in_words(content["overdue_total"]),
        last_payslip_period=format_period(last["year"], last["month"]) if last else "",
    )


def _summary(data: CertificateDocument) -> dict[str, str]:
    """What /verify/<code> shows whoever holds the code: what the certificate certifies.

    The national code by its last four digits only; the figures as printed. (PostgreSQL
    keeps a JSON object's keys in its own order, so each line stands on its own.)
    """
    national_code = data.national_code
    summary = {
        _("شمارهٔ گواهی"): data.certificate_number,
        _("نام مستمری‌بگیر"): data.pensioner_name,
        _("چهار رقم آخر کد ملی"): national_code[-4:],
        _("شماره مستمری"): data.pension_number,
        _("خطاب به"): data.addressee,
    }
    if data.kind == PensionCertificate.Kind.SALARY:
        summary[_("مستمری ماهانه")] = data.monthly_amount
        if data.payslip_period:
            summary[_("آخرین فیش حقوقی")] = _(
                "%(period)s — جمع پرداخت‌ها %(payments)s، کسور %(deductions)s، اقساط وام "
                "%(loans)s، خالص پرداختی %(net)s"
            ) % {
                "period": data.payslip_period,
                "payments": data.total_payments,
                "deductions": data.total_deductions,
                "loans": data.total_loans,
                "net": data.net,
            }
        return summary
    for line in data.loans:
        summary[_("وام %(n)s") % {"n": line.number}] = _(
            "%(lender)s، شمارهٔ وام %(reference)s: %(count)s قسط معوق به مبلغ %(total)s "
            "(هر قسط %(installment)s)"
        ) % {
            "lender": line.lender,
            "reference": line.reference,
            "count": line.overdue_installments,
            "total": line.overdue_total,
            "installment": line.installment_amount,
        }
    summary[_("جمع اقساط معوق")] = data.overdue_total
    return summary


@transaction.atomic
def certificate_pdf_issue(*, certificate: PensionCertificate, user) -> IssuedDocument:
    """Render the certificate's PDF from its fixed content (the worker's side).

    Once per certificate: a stored copy is returned as it is.
    """
    certificate = PensionCertificate.objects.select_related("pension", "pension__pensioner").get(
        pk=certificate.pk
    )
    if not _owned_by(certificate.pension, user):
        raise ApplicationError(_("این گواهی به نام شما نیست."), code="certificate_not_owner")
    data = certificate_document_data(certificate=certificate)
    template = {
        PensionCertificate.Kind.SALARY: "pensioners/pdf/certificate_salary.html",
        PensionCertificate.Kind.OVERDUE_INSTALLMENTS: "pensioners/pdf/certificate_overdue.html",
    }[PensionCertificate.Kind(certificate.kind)]
    document = pdf.render(
        template_name=template,
        data=data,
        kind=DOCUMENT_KIND,
        title=data.title,
        owner=user,
        summary=_summary(data),
        content_key=certificate_content_key(certificate),
    )
    audit_record(
        action="pensioners.certificate_pdf_issued",
        actor=user,
        target=certificate,
        after={"verification_code": document.verification_code},
    )
    return document


def _certificate_pdf_issue_for_request(*, user, certificate_id: int) -> IssuedDocument:
    certificate = PensionCertificate.objects.filter(pk=certificate_id).first()
    if certificate is None:
        raise ApplicationError(_("این گواهی پیدا نشد."), code="certificate_missing")
    return certificate_pdf_issue(certificate=certificate, user=user)
