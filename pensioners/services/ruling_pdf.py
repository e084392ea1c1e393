"""The printable pension ruling (PDF): its data, the request from a page, the worker's issue.

Flow: the ruling's page calls `ruling_pdf_request`, which builds the document's data (no
render), derives the content key from it and starts a `tamin.core.document_requests`
request — ready at once when a stored copy of the same content exists, otherwise the
worker calls `ruling_pdf_issue`, which checks again that the ruling is the person's and
renders templates/pensioners/pdf/ruling.html through `tamin.core.pdf.render`
(verification code + QR, `/verify/<code>`).

The data is everything the ruling says (DOMAIN.md §5b): the pensioner, the pension number
and kind, the start date, original and added service (days and years), the basis (average
wage), the pension before and after each ruling up to this one, and the monthly amount in
digits and in Persian words.

`register_document_kind()` is called from `pensioners.kinds.register()`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pensioners.models import Pension, PensionRuling
from pensioners.selectors.pensions import pensioner_account_ids
from pensioners.selectors.rulings import ruling_get_for_user, ruling_history
from tamin.core import pdf
from tamin.core.document_prerender import documents_prerender_queue
from tamin.core.document_requests import document_issuer_register, document_request_start
from tamin.core.documents import document_kind_register
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import format_jalali_date, format_number, format_rial, persian_digits
from tamin.core.models import DocumentRequest, IssuedDocument
from tamin.core.services import audit_record
from tamin.core.words import number_to_words
from tamin.rules.pensions import DAYS_PER_YEAR

RULING_KIND = "pensioners.ruling"
RULING_TEMPLATE = "pensioners/pdf/ruling.html"
# Rulings per pre-render message (one or two pages each).
PRERENDER_CHUNK_SIZE = 50


@dataclass(frozen=True)
class RulingPdfRow:
    number: str
    kind: str
    effective_from: str
    before: str
    after: str
    change: str
    note: str


@dataclass(frozen=True)
class PensionRulingDocument:
    """حکم مستمری as printed: every value a ready string (Jalali, Persian digits, rial)."""

    number: str
    kind: str
    year: str
    effective_from: str
    pensioner_name: str
    national_code: str
    pension_number: str
    pension_kind: str
    relation: str  # «همسر — سهم ۵۰۰ در هزار» for a survivor, "" otherwise
    insured_name: str
    insurance_number: str
    branch_name: str
    start_date: str
    original_days: str
    original_years: str
    added_days: str
    added_years: str
    total_years: str
    average_wage: str
    rows: tuple[RulingPdfRow, ...]
    amount: str
    amount_words: str
    minimum_applied: bool


def hundredths_text(hundredths: int) -> str:
    """Years kept in hundredths as written: 3000 → «۳۰٫۰۰»."""
    return format_number(Decimal(hundredths) / 100, places=2)


def years_text(days: int) -> str:
    """Days as years with two decimals, rounded down (the rule's way, not capped)."""
    return hundredths_text(days * 100 // DAYS_PER_YEAR)


def percent_text(permille: int) -> str:
    """200 → «۲۰», 125 → «۱۲٫۵»."""
    if permille % 10 == 0:
        return format_number(permille // 10)
    return format_number(Decimal(permille) / 10, places=1)


def register_document_kind() -> None:
    """The Persian label for /verify/<code> and the worker's issue function."""
    document_kind_register(kind=RULING_KIND, label=gettext_lazy("حکم مستمری"))
    document_issuer_register(kind=RULING_KIND, issue=_ruling_pdf_issue_for_request)


def _note(row) -> str:
    if row.is_grant:
        return _("برقراری")
    parts = []
    if row.increase_permille:
        parts.append(_("%(rate)s درصد") % {"rate": percent_text(row.increase_permille)})
    if row.increase_fixed:
        parts.append(_("%(fixed)s ثابت") % {"fixed": format_rial(row.increase_fixed)})
    if row.minimum_applied:
        parts.append(_("حداقل مستمری"))
    return "، ".join(parts)


def ruling_pdf_data(*, ruling: PensionRuling) -> PensionRulingDocument:
    pension = ruling.pension
    pensioner = pension.pensioner
    history = ruling_history(pension=pension, until=ruling)
    relation = ""
    if pension.kind == Pension.Kind.SURVIVORS:
        relation = _("%(relation)s — سهم %(share)s در هزار") % {
            "relation": pension.get_relation_display(),
            "share": format_number(pension.share_permille),
        }
    return PensionRulingDocument(
        number=persian_digits(ruling.number),
        kind=ruling.get_kind_display(),
        year=persian_digits(ruling.year),
        effective_from=format_jalali_date(ruling.effective_from),
        pensioner_name=pensioner.full_name,
        national_code=persian_digits(pensioner.national_code),
        pension_number=persian_digits(pension.number),
        pension_kind=pension.get_kind_display(),
        relation=relation,
        insured_name=pension.insured_name,
        insurance_number=persian_digits(pension.insurance_number),
        branch_name=pensioner.branch.name,
        start_date=format_jalali_date(pension.start_date),
        original_days=format_number(ruling.original_days),
        original_years=years_text(ruling.original_days),
        added_days=format_number(ruling.added_days),
        added_years=years_text(ruling.added_days),
        total_years=hundredths_text(ruling.years_hundredths),
        average_wage=format_rial(ruling.average_wage),
        rows=tuple(
            RulingPdfRow(
                number=persian_digits(row.ruling.number),
                kind=row.ruling.get_kind_display(),
                effective_from=format_jalali_date(row.ruling.effective_from),
                before="—" if row.amount_before is None else format_rial(row.amount_before),
                after=format_rial(row.amount_after),
                change="—" if row.change is None else format_rial(row.change),
                note=_note(row),
            )
            for row in history
        ),
        amount=format_rial(ruling.amount_after),
        amount_words=f"{number_to_words(ruling.amount_after)} ریال",
        minimum_applied=ruling.minimum_applied,
    )


def ruling_pdf_request(*, user, ruling: PensionRuling) -> DocumentRequest:
    """Ask for the ruling's PDF; ready at once when a stored copy of the same content exists."""
    data = ruling_pdf_data(ruling=ruling)
    return document_request_start(
        owner=user,
        kind=RULING_KIND,
        content_key=pdf.document_content_key(kind=RULING_KIND, data=data),
        parameters={"ruling_id": ruling.pk},
        filename=f"حکم-مستمری-{ruling.number}.pdf",
    )


@transaction.atomic
def ruling_pdf_issue(*, user, ruling_id: int) -> IssuedDocument:
    """Render (or find the stored copy of) the ruling's PDF for `user` (the worker's side)."""
    try:
        ruling = ruling_get_for_user(user=user, ruling_id=ruling_id)
    except Http404 as missing:
        raise ApplicationError(
            _("نسخهٔ چاپی این حکم برای شما در دسترس نیست."), code="ruling_not_available"
        ) from missing
    data = ruling_pdf_data(ruling=ruling)
    document = pdf.render(
        template_name=RULING_TEMPLATE,
        data=data,
        kind=RULING_KIND,
        title=_("حکم مستمری"),
        owner=user,
        summary={
            _("شمارهٔ حکم"): data.number,
            _("شمارهٔ مستمری"): data.pension_number,
            _("مستمری‌بگیر"): data.pensioner_name,
            _("مستمری ماهانه"): data.amount,
            _("تاریخ اجرا"): data.effective_from,
        },
        content_key=pdf.document_content_key(kind=RULING_KIND, data=data),
    )
    audit_record(
        action="pensioners.ruling_pdf_issue",
        actor=user,
        target=document,
        detail={"ruling_id": ruling.pk},
    )
    return document


def rulings_prerender_queue(*, ruling_ids: Collection[int]) -> int:
    """Queue the PDFs of new rulings (a yearly increase) to be rendered ahead; how many.

    For the pensioner's account (none when they never registered): two queries whatever
    the number; the worker renders after commit.
    """
    rows = list(
        PensionRuling.objects.filter(pk__in=ruling_ids).values_list(
            "pk", "pension__pensioner__national_code"
        )
    )
    owners = pensioner_account_ids(national_codes={code for _pk, code in rows})
    return documents_prerender_queue(
        kind=RULING_KIND,
        jobs=[(owners[code], {"ruling_id": pk}) for pk, code in rows if code in owners],
        chunk_size=PRERENDER_CHUNK_SIZE,
    )


def _ruling_pdf_issue_for_request(*, user, ruling_id: int) -> IssuedDocument:
    return ruling_pdf_issue(user=user, ruling_id=ruling_id)
