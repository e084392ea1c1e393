"""Printable contribution record (سوابق) and the declaration letter (اعلام سابقه).

Flow: build the document dataclass from the person's current records (two
queries: the summary selector and the month rows), derive a content key from
everything printed except the issue date, and hand both to
`tamin.core.pdf.render`. An unchanged history therefore gets the stored file
back (same IssuedDocument, no render); any new or corrected record version
changes the rows, hence the key, hence a new document.

Off the request: the views call `records_pdf_request` / `declaration_letter_request`,
which compute the key (the data, no render) and start a
`tamin.core.document_requests` request — ready at once when a stored copy of that
content exists, otherwise rendered by a worker through `records_pdf_issue` /
`declaration_letter_issue` (registered as the kinds' issue functions).

Ahead of time: when a person's history changes (a list or a correction writes their
records), `records_prerender_for_persons` queues a render of the new record for those
who have asked for it before (docs/operations.md, "Issued documents").

`register_document_kinds()` must be called from `InsuredConfig.ready()` so the
public verify page can name these documents and the worker can issue them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from decimal import Decimal
from itertools import groupby

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from insured.documents import (
    DECLARATION_KIND,
    RECORDS_KIND,
    MonthRow,
    PersonFacts,
    RecordDeclarationLetter,
    RecordStatement,
    RecordTotals,
    WorkshopRow,
    YearBlock,
)
from insured.models import InsuredPerson, Sex
from insured.selectors import contribution_records_current
from insured.selectors.records import WAGE_SHOWN_FROM_YEAR, contribution_record_summary
from tamin.core import pdf
from tamin.core.document_prerender import documents_prerender_queue
from tamin.core.document_requests import document_issuer_register, document_request_start
from tamin.core.documents import document_kind_register
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import (
    MONTH_NAMES,
    format_jalali_date,
    format_number,
    format_period,
    format_rial,
    persian_digits,
)
from tamin.core.models import DocumentRequest, IssuedDocument
from tamin.core.services import audit_record

INSTITUTION_MAX_LENGTH = 120
PURPOSE_MAX_LENGTH = 200
NO_WAGE = "—"
# Records per pre-render message: a 35-year record takes seconds to render.
RECORDS_PRERENDER_CHUNK_SIZE = 4


def register_document_kinds() -> None:
    """Persian labels for /verify/<code> and the worker's issue functions; from ready()."""
    document_kind_register(kind=RECORDS_KIND, label=gettext_lazy("گواهی سوابق بیمه‌ای"))
    document_kind_register(kind=DECLARATION_KIND, label=gettext_lazy("نامهٔ اعلام سابقه"))
    document_issuer_register(kind=RECORDS_KIND, issue=_records_pdf_issue_for_request)
    document_issuer_register(kind=DECLARATION_KIND, issue=_declaration_issue_for_request)


# --- building the data ----------------------------------------------------------


def _decimal_fa(value: Decimal) -> str:
    return format_number(value, places=2)


def _person_facts(person: InsuredPerson) -> PersonFacts:
    return PersonFacts(
        full_name=f"{person.first_name} {person.last_name}",
        honorific=_("خانم") if person.sex == Sex.FEMALE else _("آقای"),
        father_name=person.father_name,
        national_code=persian_digits(person.national_code),
        insurance_number=persian_digits(person.insurance_number),
        birth_date=format_jalali_date(person.birth_date),
    )


def _summary_parts(person: InsuredPerson) -> tuple[RecordTotals, tuple[WorkshopRow, ...]]:
    summary = contribution_record_summary(person=person)
    totals = RecordTotals(
        total_days=persian_digits(summary.total_days),
        years=_decimal_fa(summary.years),
        reported_days=persian_digits(summary.reported_days),
        overlap_days=persian_digits(summary.overlap_days),
        wage_total=format_rial(summary.wage_total, with_unit=False),
        first=summary.first.label if summary.first else NO_WAGE,
        last=summary.last.label if summary.last else NO_WAGE,
        record_count=persian_digits(summary.record_count),
    )
    workshops = tuple(
        WorkshopRow(
            number=persian_digits(index),
            code=persian_digits(shop.workshop_code),
            name=shop.workshop_name,
            first=format_period(shop.first.year, shop.first.month),
            last=format_period(shop.last.year, shop.last.month),
            months=persian_digits(shop.months),
            days=persian_digits(shop.days),
        )
        for index, shop in enumerate(summary.by_workshop, start=1)
    )
    return totals, workshops


def _year_blocks(person: InsuredPerson) -> tuple[YearBlock, ...]:
    rows = contribution_records_current(person=person).values_list(
        "year", "month", "workshop_code", "workshop_name", "days", "insurable_total", "job_title"
    )
    blocks = []
    for year, items in groupby(rows, key=lambda row: row[0]):
        month_rows = []
        days_sum = 0
        wage_sum = 0
        wage_shown = year >= WAGE_SHOWN_FROM_YEAR
        for _year, month, code, name, days, wage, job_title in items:
            days_sum += days
            wage_sum += wage
            month_rows.append(
                MonthRow(
                    period=persian_digits(f"{year}/{month:02d}"),
                    month_name=MONTH_NAMES[month - 1],
                    workshop=f"{name} ({persian_digits(code)})",
                    days=persian_digits(days),
                    wage=format_rial(wage, with_unit=False) if wage_shown else NO_WAGE,
                    job_title=job_title,
                )
            )
        blocks.append(
            YearBlock(
                year=persian_digits(year),
                rows=tuple(month_rows),
                days=persian_digits(days_sum),
                wage=format_rial(wage_sum, with_unit=False) if wage_shown else NO_WAGE,
            )
        )
    return tuple(blocks)


def _today() -> str:
    return format_jalali_date(timezone.localdate(), long=True)


def record_statement_data(*, person: InsuredPerson) -> RecordStatement:
    totals, workshops = _summary_parts(person)
    return RecordStatement(
        person=_person_facts(person),
        issued_on=_today(),
        totals=totals,
        workshops=workshops,
        years=_year_blocks(person),
        wage_from_year=persian_digits(WAGE_SHOWN_FROM_YEAR),
    )


def declaration_letter_data(
    *, person: InsuredPerson, institution: str, purpose: str = ""
) -> RecordDeclarationLetter:
    totals, workshops = _summary_parts(person)
    return RecordDeclarationLetter(
        person=_person_facts(person),
        issued_on=_today(),
        institution=institution,
        purpose=purpose,
        totals=totals,
        workshops=workshops,
    )


def _content_key(*, kind: str, data: RecordStatement | RecordDeclarationLetter) -> str:
    # The issue date is left out: a re-download on another day of an unchanged
    # history is the same document, served from storage.
    return pdf.document_content_key(kind=kind, data=dataclasses.replace(data, issued_on=""))


def _clean_text(value: str, *, max_length: int, field: str, required: bool) -> str:
    text = " ".join((value or "").split())
    if required and not text:
        raise ApplicationError(
            _("نام مؤسسه یا سازمانی را که نامه خطاب به آن است وارد کنید."),
            code="required",
            extra={"field": field},
        )
    if len(text) > max_length:
        raise ApplicationError(
            _("این متن حداکثر %(n)s نویسه می‌تواند باشد.") % {"n": persian_digits(max_length)},
            code="too_long",
            extra={"field": field},
        )
    if any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in text):
        raise ApplicationError(
            _("این متن نویسهٔ نامجاز دارد."), code="control_character", extra={"field": field}
        )
    return text


# --- services -------------------------------------------------------------------


@transaction.atomic
def records_pdf_issue(*, person: InsuredPerson, user) -> IssuedDocument:
    """The printable contribution record of `person` (stored copy when unchanged)."""
    data = record_statement_data(person=person)
    document = pdf.render(
        template_name="insured/pdf/records.html",
        data=data,
        kind=RECORDS_KIND,
        title=_("گواهی سوابق بیمه‌ای"),
        owner=user,
        summary={
            _("نام و نام خانوادگی"): data.person.full_name,
            _("شماره بیمه"): data.person.insurance_number,
            _("جمع روزهای سابقه"): data.totals.total_days,
        },
        content_key=_content_key(kind=RECORDS_KIND, data=data),
    )
    audit_record(
        action="insured.records_pdf_issue",
        actor=user,
        target=document,
        detail={"person_id": person.pk},
    )
    return document


@transaction.atomic
def declaration_letter_issue(
    *, person: InsuredPerson, user, institution: str, purpose: str = ""
) -> IssuedDocument:
    """The اعلام سابقه letter addressed to `institution` (stored copy when unchanged)."""
    institution = _clean_text(
        institution, max_length=INSTITUTION_MAX_LENGTH, field="institution", required=True
    )
    purpose = _clean_text(purpose, max_length=PURPOSE_MAX_LENGTH, field="purpose", required=False)
    data = declaration_letter_data(person=person, institution=institution, purpose=purpose)
    document = pdf.render(
        template_name="insured/pdf/declaration.html",
        data=data,
        kind=DECLARATION_KIND,
        title=_("اعلام سابقه بیمه‌ای"),
        owner=user,
        summary={
            _("نام و نام خانوادگی"): data.person.full_name,
            _("خطاب به"): institution,
            _("جمع روزهای سابقه"): data.totals.total_days,
        },
        content_key=_content_key(kind=DECLARATION_KIND, data=data),
    )
    audit_record(
        action="insured.declaration_letter_issue",
        actor=user,
        target=document,
        detail={"person_id": person.pk, "institution": institution},
    )
    return document


# --- off the request: start in the view, issue in the worker ------------------------


def records_pdf_request(*, person: InsuredPerson, user) -> DocumentRequest:
    """Ask for the record PDF of `person` (the user's own); ready at once when unchanged."""
    data = record_statement_data(person=person)
    return document_request_start(
        owner=user,
        kind=RECORDS_KIND,
        content_key=_content_key(kind=RECORDS_KIND, data=data),
        parameters={"person_id": person.pk},
        filename=f"سوابق-بیمه-{person.insurance_number}.pdf",
    )


def declaration_letter_request(
    *, person: InsuredPerson, user, institution: str, purpose: str = ""
) -> DocumentRequest:
    """Ask for the اعلام سابقه letter; the texts are checked here, before anything is queued."""
    institution = _clean_text(
        institution, max_length=INSTITUTION_MAX_LENGTH, field="institution", required=True
    )
    purpose = _clean_text(purpose, max_length=PURPOSE_MAX_LENGTH, field="purpose", required=False)
    data = declaration_letter_data(person=person, institution=institution, purpose=purpose)
    return document_request_start(
        owner=user,
        kind=DECLARATION_KIND,
        content_key=_content_key(kind=DECLARATION_KIND, data=data),
        parameters={"person_id": person.pk, "institution": institution, "purpose": purpose},
        filename=f"اعلام-سابقه-{person.insurance_number}.pdf",
    )


# --- rendered ahead when the history changes ----------------------------------------


def records_prerender_for_persons(*, person_ids: Collection[int]) -> int:
    """Queue the record PDFs of people whose history just changed; how many queued.

    Only people who have asked for their record PDF before (an issued copy or a request
    of it on their account): rendering every person a monthly list touches would cost
    hours of CPU per list at national size, while most never download it. One query
    finds them; the worker renders the current history (nothing when already stored).
    """
    if not person_ids:
        return 0
    asked = Exists(
        IssuedDocument.objects.filter(owner_id=OuterRef("user_id"), kind=RECORDS_KIND)
    ) | Exists(DocumentRequest.objects.filter(owner_id=OuterRef("user_id"), kind=RECORDS_KIND))
    rows = (
        InsuredPerson.objects.filter(pk__in=person_ids, user__is_active=True)
        .filter(asked)
        .values_list("user_id", "pk")
    )
    return documents_prerender_queue(
        kind=RECORDS_KIND,
        jobs=[(user_id, {"person_id": pk}) for user_id, pk in rows],
        chunk_size=RECORDS_PRERENDER_CHUNK_SIZE,
    )


def _records_pdf_issue_for_request(*, user, person_id: int) -> IssuedDocument:
    return records_pdf_issue(person=InsuredPerson.objects.get(pk=person_id), user=user)


def _declaration_issue_for_request(
    *, user, person_id: int, institution: str, purpose: str
) -> IssuedDocument:
    return declaration_letter_issue(
        person=InsuredPerson.objects.get(pk=person_id),
        user=user,
        institution=institution,
        purpose=purpose,
    )
