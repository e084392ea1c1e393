"""check(): every file rule of DOMAIN.md §6 on a parsed list, all errors at once.

Only what the files alone can tell; the portal adds the registry checks (the
workshop is the uploader's, the workers are known and which of them are covered by
unemployment insurance). Money is integer rial; every share, cap and charge is
`tamin.rules.premiums` (one rounding: half up to the rial).

Unemployment insurance (DSK_BIC): a CSV/XLSX says per row who is covered (UNEMP),
so BIC is checked exactly; a DBF cannot say, so from the files alone BIC is only
bounded: 0 ≤ BIC ≤ 3 % of TMASH (rounded on the total or per row, whichever is
higher). The portal sets each row's coverage from the registry before checking.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext as _

from employers.listfile.dbf import KAR_ATTRS, WOR_ATTRS
from employers.listfile.types import (
    KAR,
    N12_MAX,
    WOR,
    CheckReport,
    ListIssue,
    ListRow,
    ParsedList,
    YearRates,
)
from tamin.core.identifiers import national_code_is_valid
from tamin.core.jalali import format_number, jalali_month_days, persian_digits
from tamin.rules.premiums import (
    insurable_cap_for_days,
    insurable_over_cap,
    premium_charge,
    premium_share,
    year_figures_unpublished_message,
)

FORBIDDEN = set("\"'<>&")
SEXES = {"مرد", "زن"}
_KAR_FIELD = {attr: name for name, attr in KAR_ATTRS.items()}
_WOR_FIELD = {attr: name for name, attr in WOR_ATTRS.items()}
_TEXT_ROW_ATTRS = (
    "workshop_code",
    "list_no",
    "insurance_number",
    "first_name",
    "last_name",
    "father_name",
    "id_number",
    "id_place",
    "sex",
    "nationality",
    "job_title",
    "job_code",
    "national_code",
    "id_issue_date",
    "birth_date",
    "start_date",
    "end_date",
)
_TEXT_HEADER_ATTRS = (
    "workshop_code",
    "workshop_name",
    "employer_name",
    "address",
    "list_no",
    "description",
    "contract_row",
)
_FORMULA_START = ("=", "+", "-", "@")


def _fa(value: int) -> str:
    # Written as the portal writes numbers: messages are shown as they are (and in the CLI report).
    return format_number(value)


class _Collector:
    def __init__(self, kar_file: str, wor_file: str):
        self.kar_file = kar_file
        self.wor_file = wor_file
        self.issues: list[ListIssue] = []

    def header(self, attr_or_field: str, code: str, message: str, *, row: int = 1) -> None:
        field = _KAR_FIELD.get(attr_or_field, attr_or_field)
        self.issues.append(ListIssue(self.kar_file, row, field, code, message))

    def row(self, row: int, attr: str, code: str, message: str) -> None:
        field = _WOR_FIELD.get(attr, attr)
        self.issues.append(ListIssue(self.wor_file, row, field, code, message))


_FORBIDDEN_RE = re.compile("[" + re.escape("".join(FORBIDDEN)) + "]")
# [0-9], not \d: \d also takes fullwidth and other Unicode digits that int() would accept.
_DATE_RE = re.compile(r"[0-9]{8}", re.ASCII)
_INSURANCE_NUMBER_RE = re.compile(r"[0-9]{1,10}", re.ASCII)


def _text_rules(value: str, report, formula_check: bool) -> None:
    # A compiled character class scans in C: this runs for every text field of every row.
    if _FORBIDDEN_RE.search(value):
        report("forbidden_character", _("نویسه‌های \" ' < > & در متن مجاز نیستند."))
    if formula_check and value.startswith(_FORMULA_START):
        report("formula", _("متن نباید با = + - @ شروع شود (فرمول صفحه‌گسترده پذیرفته نمی‌شود)."))


def _date_issue(value: str) -> str | None:
    if not value:
        return None
    if not _DATE_RE.fullmatch(value):
        return _("تاریخ باید ۸ رقم به شکل YYYYMMDD شمسی باشد.")
    year, month, day = int(value[:4]), int(value[4:6]), int(value[6:])
    if (
        not 1200 <= year <= 1500
        or not 1 <= month <= 12
        or not 1 <= day <= jalali_month_days(year, month)
    ):
        return _("این تاریخ در تقویم شمسی وجود ندارد.")
    return None


def check(parsed: ParsedList, rates: YearRates | None) -> CheckReport:
    """Every rule, every row. `rates` None = the year's parameters are unknown (an error)."""
    tabular = parsed.source_format in ("csv", "xlsx")
    kar_file = wor_file = parsed.source_format.upper() if tabular else ""
    if not tabular:
        kar_file, wor_file = KAR, WOR
    out = _Collector(kar_file, wor_file)
    out.issues.extend(parsed.issues)
    header = parsed.header
    rows = parsed.rows
    # The header is record 1 of DSKKAR00, line 2 of a CSV/XLSX (docs/monthly-list.md).
    header_row = 2 if tabular else 1

    # --- the header record
    if not re.fullmatch(r"[0-9]{10}", header.workshop_code, flags=re.ASCII):
        out.header(
            "workshop_code", "workshop_code", _("کد کارگاه باید ۱۰ رقم باشد."), row=header_row
        )
    if not header.workshop_name:
        out.header("workshop_name", "required", _("نام کارگاه خالی است."), row=header_row)
    if not header.employer_name:
        out.header("employer_name", "required", _("نام کارفرما خالی است."), row=header_row)
    if not 1 <= header.month <= 12:
        out.header("month", "month_invalid", _("ماه لیست باید بین ۱ تا ۱۲ باشد."), row=header_row)
    if not header.year:
        out.header("year", "year_invalid", _("سال لیست خالی است."), row=header_row)
    elif rates is None or rates.year != header.year:
        out.header(
            "year",
            "rates_unknown_year",
            year_figures_unpublished_message(header.year),
            row=header_row,
        )
        rates = None
    if header.kind != 0:
        out.header(
            "kind",
            "kind_invalid",
            _("نوع لیست (DSK_KIND) باید ۰ باشد؛ در این پرونده %(kind)s است.")
            % {"kind": persian_digits(header.kind)},
            row=header_row,
        )
    for attr in _TEXT_HEADER_ATTRS:
        _text_rules(
            getattr(header, attr),
            lambda code, msg, attr=attr: out.header(attr, code, msg, row=header_row),
            tabular,
        )

    month_days = (
        jalali_month_days(header.year, header.month)
        if 1 <= header.month <= 12 and header.year
        else 31
    )
    month_start = month_end = ""
    if header.year and 1 <= header.month <= 12:
        month_start = f"{header.year:04d}{header.month:02d}01"
        month_end = f"{header.year:04d}{header.month:02d}{month_days:02d}"

    if not rows:
        out.issues.append(ListIssue(wor_file, 0, "", "no_rows", _("لیست هیچ کارگری ندارد.")))

    # --- rows
    seen_insurance: dict[str, int] = {}
    seen_national: dict[str, int] = {}
    sums = dict.fromkeys(
        (
            "days",
            "daily_wage",
            "monthly_wage",
            "insurable_benefits",
            "insurable_total",
            "total_pay",
            "insured_share",
            "spouse_allowance",
        ),
        0,
    )
    seniority = 0
    for row in rows:
        n = row.row_number

        def report(attr, code, message, n=n):
            out.row(n, attr, code, message)

        if row.workshop_code != header.workshop_code:
            report(
                "workshop_code",
                "workshop_mismatch",
                _("کد کارگاه این ردیف با کد کارگاه سرآیند (DSK_ID) یکی نیست."),
            )
        if (row.year, row.month) != (header.year, header.month):
            report(
                "year" if row.year != header.year else "month",
                "period_mismatch",
                _("سال و ماه این ردیف با سال و ماه سرآیند یکی نیست."),
            )
        if not _INSURANCE_NUMBER_RE.fullmatch(row.insurance_number):
            report(
                "insurance_number", "insurance_number", _("شماره بیمه خالی است یا فقط رقم نیست.")
            )
        elif row.insurance_number in seen_insurance:
            report(
                "insurance_number",
                "duplicate_insurance_number",
                _("شماره بیمه %(number)s در ردیف %(row)s هم آمده است.")
                % {
                    "number": persian_digits(row.insurance_number),
                    "row": persian_digits(seen_insurance[row.insurance_number]),
                },
            )
        else:
            seen_insurance[row.insurance_number] = n
        if row.national_code:
            if not national_code_is_valid(row.national_code):
                report(
                    "national_code",
                    "national_code_checksum",
                    _("کد ملی معتبر نیست (۱۰ رقم با رقم کنترل درست)."),
                )
            elif row.national_code in seen_national:
                report(
                    "national_code",
                    "duplicate_national_code",
                    _("کد ملی %(code)s در ردیف %(row)s هم آمده است.")
                    % {
                        "code": persian_digits(row.national_code),
                        "row": persian_digits(seen_national[row.national_code]),
                    },
                )
            else:
                seen_national[row.national_code] = n
        elif row.nationality in ("", "ایرانی"):
            report("national_code", "required", _("کد ملی کارگر ایرانی خالی است."))
        if not row.first_name:
            report("first_name", "required", _("نام خالی است."))
        if not row.last_name:
            report("last_name", "required", _("نام خانوادگی خالی است."))
        if row.sex not in SEXES:
            report(
                "sex",
                "sex_unknown",
                _("جنسیت «%(sex)s» شناخته نیست؛ فقط «مرد» یا «زن».") % {"sex": row.sex},
            )
        for attr in _TEXT_ROW_ATTRS:
            value = getattr(row, attr)
            # Fast path: most values are clean; build the reporter only for a dirty one.
            if _FORBIDDEN_RE.search(value) or (tabular and value.startswith(_FORMULA_START)):
                _text_rules(value, lambda code, msg, attr=attr: report(attr, code, msg), tabular)
        for attr in ("id_issue_date", "birth_date", "start_date", "end_date"):
            problem = _date_issue(getattr(row, attr))
            if problem:
                report(attr, "date_invalid", problem)
        if (
            month_end
            and not _date_issue(row.start_date)
            and row.start_date
            and row.start_date > month_end
        ):
            report(
                "start_date", "start_after_month", _("تاریخ شروع کار بعد از پایان ماه لیست است.")
            )
        if (
            month_start
            and not _date_issue(row.end_date)
            and row.end_date
            and row.end_date < month_start
        ):
            report("end_date", "end_before_month", _("تاریخ ترک کار پیش از آغاز ماه لیست است."))
        if row.days > month_days:
            report(
                "days",
                "days_over_month",
                _("روزهای کارکرد (%(days)s) از روزهای این ماه (%(month_days)s) بیشتر است.")
                % {"days": persian_digits(row.days), "month_days": persian_digits(month_days)},
            )
        if row.insurable_total != row.monthly_wage + row.insurable_benefits:
            report(
                "insurable_total",
                "mash_sum",
                _("جمع مشمول (DSW_MASH) باید دستمزد ماهانه + مزایای مشمول = %(total)s باشد.")
                % {"total": _fa(row.monthly_wage + row.insurable_benefits)},
            )
        if row.total_pay < row.insurable_total:
            report(
                "total_pay",
                "total_below_insurable",
                _("جمع کل پرداختی (DSW_TOTL) کمتر از جمع مشمول است."),
            )
        # Without the year's figures no share or cap can be checked (rates_unknown_year).
        expected_bime = (
            premium_share(amount=row.insurable_total, permille=rates.insured_rate_permille)
            if rates is not None
            else row.insured_share
        )
        if row.insured_share != expected_bime:
            report(
                "insured_share",
                "bime_rounding",
                _("سهم بیمه‌شده باید %(percent)s٪ جمع مشمول با گرد کردن = %(share)s باشد.")
                % {"percent": _percent(rates.insured_rate_permille), "share": _fa(expected_bime)},
            )
        if rates is not None and insurable_over_cap(
            insurable_total=row.insurable_total, days=row.days, rates=rates
        ):
            cap = insurable_cap_for_days(days=row.days, rates=rates)
            report(
                "insurable_total",
                "over_cap",
                _("جمع مشمول از سقف %(days)s روز در سال %(year)s (%(cap)s ریال) بیشتر است.")
                % {
                    "days": persian_digits(row.days),
                    "year": persian_digits(rates.year),
                    "cap": _fa(cap),
                },
            )
        for key in sums:
            sums[key] += getattr(row, key)
        seniority += row.seniority_daily * row.days
    charge = premium_charge(rows=rows, rates=rates) if rates is not None else None

    # --- header reconciliation
    expected = {
        "worker_count": len(rows),
        "total_days": sums["days"],
        "total_daily_wage": sums["daily_wage"],
        "total_monthly_wage": sums["monthly_wage"],
        "total_benefits": sums["insurable_benefits"],
        "total_insurable": sums["insurable_total"],
        "total_pay": sums["total_pay"],
        "total_insured_share": sums["insured_share"],
        "total_spouse": sums["spouse_allowance"],
        "total_seniority": seniority,
    }
    if charge is not None:
        expected["total_employer_share"] = charge.employer
    widths = {"worker_count": 99_999, "total_days": 999_999}
    for attr, value in expected.items():
        limit = widths.get(attr, N12_MAX)
        if value > limit:
            out.header(
                attr,
                "total_overflow",
                _(
                    "جمع این ستون (%(total)s) در فیلد %(field)s جا نمی‌شود (حداکثر %(limit)s)؛ "
                    "لیست را به چند لیست تقسیم کنید."
                )
                % {"total": _fa(value), "field": _KAR_FIELD[attr], "limit": _fa(limit)},
                row=header_row,
            )
        elif getattr(header, attr) != value and not (
            tabular and _KAR_FIELD[attr] not in header.raw
        ):
            out.header(
                attr,
                "total_mismatch",
                _("مقدار سرآیند %(stated)s است ولی جمع ردیف‌ها %(total)s است.")
                % {"stated": _fa(getattr(header, attr)), "total": _fa(value)},
                row=header_row,
            )
    unemployment = _unemployment_check(out, parsed, rates, charge, header_row, tabular)
    totals = {
        "worker_count": len(rows),
        "total_days": sums["days"],
        "total_insurable": sums["insurable_total"],
        "total_pay": sums["total_pay"],
        "insured_share": sums["insured_share"],
        "employer_share": charge.employer if charge is not None else 0,
        "unemployment_share": unemployment,
    }
    return CheckReport(ok=not out.issues, issues=tuple(out.issues), totals=totals)


def _percent(permille: int) -> str:
    return format_number((Decimal(permille) / 10).normalize(), grouped=False)


def _unemployment_check(out, parsed, rates, charge, header_row: int, tabular: bool) -> int:
    """Check DSK_BIC and return the list's unemployment share (0 without the year's rates).

    Every row's coverage known (CSV/XLSX, or set by the portal from the registry): BIC must
    be 3 % of the covered workers' MASH, rounded per row or on their total. A DBF alone does
    not say who is covered: then only 0 ≤ BIC ≤ 3 % of TMASH (the higher rounding).
    """
    header = parsed.header
    if rates is None:
        return 0
    permille = rates.unemployment_rate_permille
    stated = header.total_unemployment
    if tabular and "DSK_BIC" not in header.raw:
        return charge.unemployment  # left out: the portal computes it
    if parsed.coverage_stated:
        covered_total = sum(r.insurable_total for r in parsed.rows if r.unemployment_covered)
        expected = charge.unemployment
        if stated not in (expected, premium_share(amount=covered_total, permille=permille)):
            out.header(
                "total_unemployment",
                "bic_mismatch",
                _(
                    "بیمه بیکاری (DSK_BIC) باید %(percent)s٪ جمع مشمول کارگران مشمول بیمه بیکاری = "
                    "%(total)s باشد (یا صفر اگر هیچ کارگری مشمول نیست)."
                )
                % {"percent": _percent(permille), "total": _fa(expected)},
                row=header_row,
            )
        return expected
    highest = max(
        premium_share(amount=sum(r.insurable_total for r in parsed.rows), permille=permille),
        sum(premium_share(amount=r.insurable_total, permille=permille) for r in parsed.rows),
    )
    if stated > highest:
        out.header(
            "total_unemployment",
            "bic_over_bound",
            _(
                "بیمه بیکاری (DSK_BIC) %(stated)s از %(percent)s٪ جمع دستمزد مشمول همه کارگران "
                "(%(highest)s) بیشتر است."
            )
            % {"stated": _fa(stated), "percent": _percent(permille), "highest": _fa(highest)},
            row=header_row,
        )
    return stated


def row_totals(rows: Sequence[ListRow]) -> dict[str, int]:
    """The DSKKAR00 totals that are sums of the rows (DOMAIN.md §6), by ListHeader field."""
    return {
        "worker_count": len(rows),
        "total_days": sum(r.days for r in rows),
        "total_daily_wage": sum(r.daily_wage for r in rows),
        "total_monthly_wage": sum(r.monthly_wage for r in rows),
        "total_benefits": sum(r.insurable_benefits for r in rows),
        "total_insurable": sum(r.insurable_total for r in rows),
        "total_pay": sum(r.total_pay for r in rows),
        "total_insured_share": sum(r.insured_share for r in rows),
        "total_seniority": sum(r.seniority_daily * r.days for r in rows),
        "total_spouse": sum(r.spouse_allowance for r in rows),
    }


def with_computed_totals(parsed: ParsedList, rates: YearRates) -> ParsedList:
    """The same list with every DSKKAR00 total recomputed from the rows (for CSV/XLSX → DBF)."""
    from dataclasses import replace

    rows = parsed.rows
    charge = premium_charge(rows=rows, rates=rates)
    header = replace(
        parsed.header,
        **row_totals(rows),
        total_employer_share=charge.employer,
        total_unemployment=charge.unemployment,
    )
    return replace(parsed, header=header)
