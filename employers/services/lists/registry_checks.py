"""The checks only the portal can make: the list is this workshop's, for the month chosen
at upload, and every worker is a known insured person with that national code. Also the
list year's money figures, as the portal's table holds them."""

from __future__ import annotations

from dataclasses import replace

from django.utils.translation import gettext as _

from employers import listfile
from employers.listfile.types import KAR, WOR, ListIssue
from employers.models import ListFormat, Workshop
from insured.selectors.coverage import unemployment_coverage_by_insurance_numbers
from insured.selectors.lookup import insured_national_codes_by_insurance_numbers
from tamin.core.jalali import format_period, persian_digits
from tamin.rules.premiums import PremiumRates, premium_rates


def with_registry_coverage(parsed: listfile.ParsedList) -> listfile.ParsedList:
    """The list with each worker's unemployment insurance coverage as the registry marks it.

    The registry decides (a DBF cannot say; a CSV's UNEMP column gives way to it), so the
    file checker then checks DSK_BIC exactly: 3 % of the covered workers' MASH. A worker
    the registry does not know keeps the file's word (the list is refused for it anyway).
    """
    covered = unemployment_coverage_by_insurance_numbers(r.insurance_number for r in parsed.rows)
    rows = tuple(
        replace(row, unemployment_covered=covered[row.insurance_number])
        if covered.get(row.insurance_number, row.unemployment_covered) != row.unemployment_covered
        else row  # already as the registry says (or unknown to it): the same row
        for row in parsed.rows
    )
    known = all(row.insurance_number in covered for row in parsed.rows)
    return replace(parsed, rows=rows, coverage_stated=parsed.coverage_stated or known)


def list_year_rates(year: int) -> PremiumRates | None:
    """The money figures of the list's year, as published in the portal's table."""
    return premium_rates(year=year)


def _header_issues(
    *, header: listfile.ListHeader, workshop: Workshop, year: int, month: int, file_format: str
) -> list[ListIssue]:
    # Issues name the file the way the file layer does: DSKKAR00, or CSV/XLSX, whose
    # header is on line 2.
    is_dbf = file_format == ListFormat.DBF
    file, row = (KAR, 1) if is_dbf else (file_format.upper(), 2)
    issues = []
    if header.workshop_code != workshop.code:
        issues.append(
            ListIssue(
                file,
                row,
                "DSK_ID",
                "workshop_mismatch",
                _("کد کارگاه پرونده (%(file)s) با کد این کارگاه (%(ours)s) یکی نیست.")
                % {
                    "file": persian_digits(header.workshop_code),
                    "ours": persian_digits(workshop.code),
                },
            )
        )
    if (header.year, header.month) != (year, month):
        issues.append(
            ListIssue(
                file,
                row,
                "DSK_MM",
                "period_mismatch",
                _("لیست برای %(file)s است، اما برای %(chosen)s بارگذاری شده است.")
                % {
                    "file": format_period(header.year, header.month)
                    if 1 <= header.month <= 12
                    else persian_digits(f"{header.year}/{header.month}"),
                    "chosen": format_period(year, month),
                },
            )
        )
    return issues


def _worker_issues(*, rows: tuple[listfile.ListRow, ...], file: str) -> list[ListIssue]:
    national_codes = insured_national_codes_by_insurance_numbers(r.insurance_number for r in rows)
    issues = []
    for row in rows:
        national_code = national_codes.get(row.insurance_number)
        if national_code is None:
            issues.append(
                ListIssue(
                    file,
                    row.row_number,
                    "DSW_ID1",
                    "unknown_worker",
                    _(
                        "شماره بیمه %(number)s در سامانه ثبت نشده است؛ ابتدا بیمه‌شده جدید را ثبت کنید."
                    )
                    % {"number": persian_digits(row.insurance_number)},
                )
            )
        elif row.national_code and national_code != row.national_code:
            issues.append(
                ListIssue(
                    file,
                    row.row_number,
                    "PER_NATCOD",
                    "national_code_mismatch",
                    _("کد ملی با کد ملی ثبت‌شده برای شماره بیمه %(number)s یکی نیست.")
                    % {"number": persian_digits(row.insurance_number)},
                )
            )
    return issues


def registry_issues(
    *,
    parsed: listfile.ParsedList,
    workshop: Workshop,
    year: int,
    month: int,
    file_format: str,
) -> list[ListIssue]:
    """The checks only the portal can make: this workshop, this month, known workers."""
    wor = WOR if file_format == ListFormat.DBF else file_format.upper()
    return [
        *_header_issues(
            header=parsed.header, workshop=workshop, year=year, month=month, file_format=file_format
        ),
        *_worker_issues(rows=parsed.rows, file=wor),
    ]
