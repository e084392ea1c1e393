"""PDF data classes of the insured app: every value is a ready-to-print string.

Built by `insured.services.pdfs` (Jalali dates, Persian digits, rial already
formatted) and rendered by `tamin.core.pdf.render` with
templates/insured/pdf/records.html and declaration.html.
"""

from __future__ import annotations

from dataclasses import dataclass

RECORDS_KIND = "insured.records"
DECLARATION_KIND = "insured.declaration"


@dataclass(frozen=True)
class PersonFacts:
    full_name: str
    honorific: str  # «آقای» / «خانم»
    father_name: str
    national_code: str
    insurance_number: str
    birth_date: str


@dataclass(frozen=True)
class WorkshopRow:
    number: str
    code: str
    name: str
    first: str  # «فروردین ۱۳۶۹»
    last: str
    months: str
    days: str


@dataclass(frozen=True)
class MonthRow:
    period: str  # «۱۴۰۳/۰۱»
    month_name: str
    workshop: str
    days: str
    wage: str  # «—» before 1386
    job_title: str


@dataclass(frozen=True)
class YearBlock:
    year: str
    rows: tuple[MonthRow, ...]
    days: str  # as reported in that year (sum over workshops)
    wage: str


@dataclass(frozen=True)
class RecordTotals:
    total_days: str  # overlaps counted once
    years: str
    reported_days: str
    overlap_days: str
    wage_total: str
    first: str
    last: str
    record_count: str


@dataclass(frozen=True)
class RecordStatement:
    """سوابق بیمه‌ای: summary (totals, workshops) and detail by year → month."""

    person: PersonFacts
    issued_on: str
    totals: RecordTotals
    workshops: tuple[WorkshopRow, ...]
    years: tuple[YearBlock, ...]
    wage_from_year: str


@dataclass(frozen=True)
class RecordDeclarationLetter:
    """اعلام سابقه: a letter to the institution the person names, with totals and workshops."""

    person: PersonFacts
    issued_on: str
    institution: str
    purpose: str
    totals: RecordTotals
    workshops: tuple[WorkshopRow, ...]
