"""The printable claim ruling (PDF): its data, the request from a page, the worker's issue.

Flow: a page calls `ruling_pdf_request` (the representative of a served ruling, or staff of
the workshop's branch once the ruling has its notice, e.g. to hand it over on paper). It
builds the document's data (no render), derives the content key from it, and starts a
`tamin.core.document_requests` request: ready at once when a stored copy of the same
content exists, otherwise the worker calls `ruling_pdf_issue`, which checks access again
(the person may have lost it since) and renders templates/employers/pdf/ruling.html
through `tamin.core.pdf.render` (verification code + QR, `/verify/<code>`).

The data is what the ruling said when served: its periods, principal, penalties, total,
legal basis, the notice's service date, last day to object and content hash. A paper
ruling printed before its service day shows the term in days instead of a date; once the
day is recorded its data (hence its key) changes, so the next request renders anew.

`register_document_kind()` is called from `employers.kinds.register()`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from employers.models import ClaimRuling, NoticeDelivery, RulingSource
from employers.selectors.rulings import ruling_get_for_staff, ruling_get_for_user, ruling_lines
from tamin.core import pdf
from tamin.core.document_requests import document_issuer_register, document_request_start
from tamin.core.documents import document_kind_register
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import format_jalali_date, format_rial, persian_digits
from tamin.core.models import DocumentRequest, IssuedDocument
from tamin.core.services import audit_record

RULING_KIND = "employers.ruling"
RULING_TEMPLATE = "employers/pdf/ruling.html"


@dataclass(frozen=True)
class RulingPdfLine:
    number: str
    period: str
    description: str
    principal: str
    penalty: str
    total: str


@dataclass(frozen=True)
class RulingDocument:
    """حکم مطالباتی as printed: every value a ready string (Jalali, Persian digits, rial)."""

    number: str
    source: str
    issued_on: str
    workshop_name: str
    workshop_code: str
    employer_name: str
    workshop_address: str
    branch_name: str
    lines: tuple[RulingPdfLine, ...]
    principal_total: str
    penalty_total: str
    total: str
    legal_basis: str
    description: str
    notice_number: str
    delivery: str
    served_on: str  # "" while a paper ruling waits for its service day
    respond_until: str  # "" then too
    respond_days: str
    content_sha256: str


def register_document_kind() -> None:
    """The Persian label for /verify/<code> and the worker's issue function."""
    document_kind_register(kind=RULING_KIND, label=gettext_lazy("حکم مطالباتی"))
    document_issuer_register(kind=RULING_KIND, issue=_ruling_pdf_issue_for_request)


def ruling_pdf_data(*, ruling: ClaimRuling) -> RulingDocument:
    notice = ruling.notice
    workshop = ruling.workshop
    lines = []
    for index, line in enumerate(ruling_lines(ruling=ruling), start=1):
        lines.append(
            RulingPdfLine(
                number=persian_digits(index),
                period=line.label,
                description=line.description,
                principal=format_rial(line.principal, with_unit=False),
                penalty=format_rial(line.penalty, with_unit=False),
                total=format_rial(line.total, with_unit=False),
            )
        )
    respond_days = notice.content.get("respond_days") if notice else None
    return RulingDocument(
        number=persian_digits(ruling.number),
        source=str(RulingSource(ruling.source).label),
        issued_on=format_jalali_date(ruling.created_at),
        workshop_name=workshop.name,
        workshop_code=persian_digits(workshop.code),
        employer_name=workshop.employer_name,
        workshop_address=workshop.address or "—",
        branch_name=workshop.branch.name,
        lines=tuple(lines),
        principal_total=format_rial(ruling.principal_total),
        penalty_total=format_rial(ruling.penalty_total),
        total=format_rial(ruling.total),
        legal_basis=ruling.legal_basis,
        description=ruling.description,
        notice_number=persian_digits(notice.number) if notice else "",
        delivery=str(NoticeDelivery(notice.delivery).label) if notice else "",
        served_on=format_jalali_date(notice.served_at) if notice and notice.served_at else "",
        respond_until=format_jalali_date(notice.respond_until)
        if notice and notice.respond_until
        else "",
        respond_days=persian_digits(respond_days) if respond_days is not None else "",
        content_sha256=notice.content_sha256 if notice else "",
    )


def _ruling_for_document(*, user, ruling_id: int) -> ClaimRuling:
    """The ruling if `user` may print it: its workshop's representative once served, or
    staff of its branch once it has its notice."""
    try:
        return ruling_get_for_user(user=user, ruling_id=ruling_id)
    except Http404:
        pass
    try:
        ruling = ruling_get_for_staff(user=user, ruling_id=ruling_id)
    except Http404:
        ruling = None
    if ruling is None or ruling.notice_id is None:
        raise ApplicationError(
            _("نسخهٔ چاپی این حکم برای شما در دسترس نیست."), code="ruling_not_available"
        )
    return ruling


def ruling_pdf_request(*, user, ruling: ClaimRuling) -> DocumentRequest:
    """Ask for the ruling's PDF; ready at once when a stored copy of the same content exists."""
    if ruling.notice_id is None:
        raise ApplicationError(
            _("نسخهٔ چاپی حکم پس از فرستادن آن برای ابلاغ آماده می‌شود."),
            code="ruling_not_served",
        )
    data = ruling_pdf_data(ruling=ruling)
    return document_request_start(
        owner=user,
        kind=RULING_KIND,
        content_key=pdf.document_content_key(kind=RULING_KIND, data=data),
        parameters={"ruling_id": ruling.pk},
        filename=f"حکم-مطالباتی-{ruling.number}.pdf",
    )


@transaction.atomic
def ruling_pdf_issue(*, user, ruling_id: int) -> IssuedDocument:
    """Render (or find the stored copy of) the ruling's PDF for `user` (the worker's side)."""
    ruling = _ruling_for_document(user=user, ruling_id=ruling_id)
    data = ruling_pdf_data(ruling=ruling)
    document = pdf.render(
        template_name=RULING_TEMPLATE,
        data=data,
        kind=RULING_KIND,
        title=_("حکم مطالباتی"),
        owner=user,
        summary={
            _("شمارهٔ حکم"): data.number,
            _("کارگاه"): f"{data.workshop_name} ({data.workshop_code})",
            _("مبلغ کل"): data.total,
            _("تاریخ ابلاغ"): data.served_on or "—",
        },
        content_key=pdf.document_content_key(kind=RULING_KIND, data=data),
    )
    audit_record(
        action="employers.ruling_pdf_issue",
        actor=user,
        target=document,
        detail={"ruling_id": ruling.pk},
    )
    return document


def _ruling_pdf_issue_for_request(*, user, ruling_id: int) -> IssuedDocument:
    return ruling_pdf_issue(user=user, ruling_id=ruling_id)
