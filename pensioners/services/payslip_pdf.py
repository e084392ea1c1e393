"""The printable payslip (one page): data classes, the request and the worker's issue.

Flow: the page's POST calls `payslip_pdf_request`, which builds the data (strings already
in Jalali, Persian digits and rial), derives the content key from everything printed
except the issue date, and starts a `tamin.core.document_requests` request. A payslip is
never edited, so its second download finds the stored copy of that content and the
request is ready at once (no render). Otherwise the worker runs `payslip_pdf_issue`
(registered as the kind's issue function) through `tamin.core.pdf.render`, which prints
a verification code and its QR.

Ahead of time: a new payslip's PDF is rendered by the worker right after it is issued
(`payslips_prerender_queue`, called by `pensioners.services.payslips` after commit), so
the first download is usually the stored copy too.

`register_document_kinds()` is called from `pensioners.kinds.register()`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from dataclasses import dataclass

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pensioners.models import Payslip
from pensioners.selectors.payslips import (
    payslip_adjustment_period,
    payslip_get_for_user,
    payslip_sections,
    sheba_masked,
)
from pensioners.selectors.pensions import pensioner_account_ids
from pensioners.services.payslips import period_range_text
from tamin.core import pdf
from tamin.core.document_prerender import documents_prerender_queue
from tamin.core.document_requests import document_issuer_register, document_request_start
from tamin.core.documents import document_kind_register
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import format_jalali_date, format_period, format_rial, persian_digits
from tamin.core.models import DocumentRequest, IssuedDocument
from tamin.core.services import audit_record

PAYSLIP_KIND = "pensioners.payslip"
TEMPLATE = "pensioners/pdf/payslip.html"
# Payslips per pre-render message: one page each, well inside the message's time budget.
PRERENDER_CHUNK_SIZE = 50


def register_document_kinds() -> None:
    document_kind_register(kind=PAYSLIP_KIND, label=gettext_lazy("فیش حقوقی مستمری"))
    document_issuer_register(kind=PAYSLIP_KIND, issue=_payslip_pdf_issue_for_request)


@dataclass(frozen=True)
class PayslipLine:
    title: str
    amount: str


@dataclass(frozen=True)
class PayslipBlock:
    label: str
    lines: tuple[PayslipLine, ...]
    total: str


@dataclass(frozen=True)
class PayslipDocument:
    """فیش حقوقی: who, which pension and month, the rows by kind with their totals, the net and the account."""

    full_name: str
    national_code: str
    pension_number: str
    pension_kind: str
    period: str
    adjustment_period: str  # «» when there is none
    blocks: tuple[PayslipBlock, ...]  # each kind with its own total
    net: str
    paid_to: str  # the Sheba, masked
    bank_name: str
    paid_on: str
    issued_on: str


def _amount(value: int) -> str:
    return format_rial(value, with_unit=False)


def payslip_document_data(*, payslip: Payslip) -> PayslipDocument:
    """The printable data of a payslip read by `payslip_get_for_user` (rows prefetched)."""
    pension = payslip.pension
    pensioner = pension.pensioner
    adjustment = payslip_adjustment_period(payslip=payslip)
    return PayslipDocument(
        full_name=pensioner.full_name,
        national_code=persian_digits(pensioner.national_code),
        pension_number=persian_digits(pension.number),
        pension_kind=pension.get_kind_display(),
        period=format_period(payslip.year, payslip.month),
        adjustment_period=period_range_text(*adjustment) if adjustment else "",
        blocks=tuple(
            PayslipBlock(
                label=section.label,
                lines=tuple(PayslipLine(row.title, _amount(row.amount)) for row in section.rows),
                total=_amount(section.total),
            )
            for section in payslip_sections(payslip=payslip)
        ),
        net=_amount(payslip.net),
        paid_to=sheba_masked(payslip.paid_to_sheba),
        bank_name=payslip.bank_name,
        paid_on=format_jalali_date(payslip.paid_on) if payslip.paid_on else "",
        issued_on=format_jalali_date(timezone.localdate(), long=True),
    )


def _content_key(data: PayslipDocument) -> str:
    # The issue date is left out: the same payslip downloaded on another day is the
    # stored copy, never a second render.
    return pdf.document_content_key(kind=PAYSLIP_KIND, data=dataclasses.replace(data, issued_on=""))


def _title(payslip: Payslip) -> str:
    return _("فیش حقوقی %(period)s") % {"period": format_period(payslip.year, payslip.month)}


@transaction.atomic
def payslip_pdf_issue(*, payslip: Payslip, user) -> IssuedDocument:
    """The payslip's PDF (the stored copy when this content was rendered before)."""
    data = payslip_document_data(payslip=payslip)
    document = pdf.render(
        template_name=TEMPLATE,
        data=data,
        kind=PAYSLIP_KIND,
        title=_title(payslip),
        owner=user,
        summary={
            _("نام و نام خانوادگی"): data.full_name,
            _("شماره مستمری"): data.pension_number,
            _("دوره"): data.period,
            _("خالص پرداختی (ریال)"): data.net,
        },
        content_key=_content_key(data),
    )
    audit_record(
        action="pensioners.payslip_pdf_issue",
        actor=user,
        target=document,
        detail={"payslip": payslip.pk},
    )
    return document


def payslip_pdf_request(*, payslip: Payslip, user) -> DocumentRequest:
    """Ask for the payslip's PDF; ready at once when its stored copy exists."""
    data = payslip_document_data(payslip=payslip)
    return document_request_start(
        owner=user,
        kind=PAYSLIP_KIND,
        content_key=_content_key(data),
        parameters={"payslip_id": payslip.pk},
        filename=f"فیش-حقوقی-{payslip.year}-{payslip.month:02d}.pdf",
    )


def payslips_prerender_queue(*, payslip_ids: Collection[int]) -> int:
    """Queue the PDFs of new payslips to be rendered ahead, for their pensioners' accounts.

    A payslip is never edited, so its content is known once issued: rendered now, the
    person's first download is the stored copy. Two queries whatever the number; a
    pensioner without an account (or a closed one) gets nothing queued. How many queued.
    """
    rows = list(
        Payslip.objects.filter(pk__in=payslip_ids).values_list(
            "pk", "pension__pensioner__national_code"
        )
    )
    owners = pensioner_account_ids(national_codes={code for _pk, code in rows})
    return documents_prerender_queue(
        kind=PAYSLIP_KIND,
        jobs=[(owners[code], {"payslip_id": pk}) for pk, code in rows if code in owners],
        chunk_size=PRERENDER_CHUNK_SIZE,
    )


def _payslip_pdf_issue_for_request(*, user, payslip_id: int) -> IssuedDocument:
    # The worker checks ownership again: the request's owner must own the payslip.
    try:
        payslip = payslip_get_for_user(user=user, payslip_id=payslip_id)
    except Http404:
        raise ApplicationError(_("این فیش حقوقی پیدا نشد."), code="payslip_unknown") from None
    return payslip_pdf_issue(payslip=payslip, user=user)
