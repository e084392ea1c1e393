"""A monthly list's errors as people and programs read them.

* `monthly_list_error_summary` — per rule: its Persian label, its count and its first
  errors, from what the parse kept on the list (no query; bounded size).
* `monthly_list_errors` — every error (or one rule's), in the order found, to be
  paginated (the report page, the API).
* `monthly_list_errors_chunks` — every error in chunks by position, for the streamed CSV.

People see the Persian label of a rule, never its code; the code stays in the CSV
(its own column, for payroll software) and in the API.
Access is checked before: every caller holds a list from `monthly_list_get_for_user`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from employers.models import MonthlyList, MonthlyListError

ERRORS_PER_PAGE = 100
CSV_CHUNK_ROWS = 2_000

# The rules of employers.listfile (readers and `check`) and of the portal's registry checks.
RULE_LABELS = {
    # the files as a whole
    "files_count": _("تعداد پرونده‌ها"),
    "files_unknown": _("نام پرونده‌ها"),
    "dbf_pair_needed": _("نبودن یکی از دو پرونده DBF"),
    "not_bytes": _("پرونده خوانده نشد"),
    "not_text": _("پرونده متنی نیست"),
    "file_too_large": _("حجم بیش از حد پرونده"),
    "too_many_rows": _("تعداد ردیف بیش از حد"),
    "dbf_truncated": _("پرونده DBF ناقص"),
    "dbf_version": _("نسخه پرونده DBF"),
    "dbf_header": _("سرآیند خراب پرونده DBF"),
    "dbf_layout": _("فیلدهای پرونده DBF"),
    "tabular_layout": _("چیدمان پرونده CSV یا اکسل"),
    "csv_broken": _("پرونده CSV خراب"),
    "xlsx_broken": _("پرونده اکسل خراب"),
    "xlsx_bomb": _("پرونده اکسل بیش از اندازه بزرگ"),
    "header_record_count": _("تعداد رکورد سرآیند (DSKKAR00)"),
    "internal_error": _("خطای سامانه در خواندن پرونده"),
    "parse_abandoned": _("بررسی پرونده ناتمام ماند"),
    # the header (DSKKAR00)
    "workshop_code": _("کد کارگاه"),
    "month_invalid": _("ماه لیست"),
    "year_invalid": _("سال لیست"),
    "rates_unknown_year": _("نرخ‌های سال لیست"),
    "no_rows": _("لیست بدون کارگر"),
    "total_mismatch": _("جمع‌های سرآیند با ردیف‌ها نمی‌خواند"),
    "bic_mismatch": _("حق بیمه بیکاری"),
    "total_overflow": _("جمع بزرگ‌تر از گنجایش فیلد"),
    # the rows (DSKWOR00)
    "required": _("خانه خالی"),
    "workshop_mismatch": _("کد کارگاه ناهمخوان"),
    "period_mismatch": _("سال و ماه ناهمخوان"),
    "insurance_number": _("شماره بیمه نادرست"),
    "duplicate_insurance_number": _("شماره بیمه تکراری"),
    "national_code_checksum": _("کد ملی نادرست"),
    "duplicate_national_code": _("کد ملی تکراری"),
    "sex_unknown": _("جنسیت"),
    "forbidden_character": _("نویسه غیرمجاز در متن"),
    "formula": _("فرمول صفحه‌گسترده"),
    "space_edges": _("فاصله در آغاز یا پایان متن"),
    "number_invalid": _("عدد نادرست"),
    "number_overflow": _("عدد بزرگ‌تر از گنجایش فیلد"),
    "text_too_long": _("متن بلندتر از گنجایش فیلد"),
    "date_invalid": _("تاریخ نادرست"),
    "start_after_month": _("شروع کار پس از ماه لیست"),
    "end_before_month": _("ترک کار پیش از ماه لیست"),
    "days_over_month": _("روزهای کارکرد بیش از روزهای ماه"),
    "mash_sum": _("جمع دستمزد و مزایای مشمول"),
    "total_below_insurable": _("کل پرداختی کمتر از مشمول"),
    "bime_rounding": _("سهم بیمه‌شده (۷٪)"),
    "over_cap": _("بیش از سقف دستمزد مشمول"),
    # the portal's registry
    "unknown_worker": _("بیمه‌شده ثبت‌نشده"),
    "national_code_mismatch": _("کد ملی ناهمخوان با سامانه"),
}
OTHER_RULE_LABEL = _("سایر خطاها")


def error_rule_label(code: str) -> str:
    return str(RULE_LABELS.get(code, OTHER_RULE_LABEL))


@dataclass(frozen=True)
class RuleErrors:
    code: str  # for links and programs; never shown to people
    label: str
    count: int
    first: list[dict]  # {position, file, row, field, code, message}, at most the kept number

    @property
    def more(self) -> int:
        return self.count - len(self.first)


def monthly_list_error_summary(*, monthly_list: MonthlyList) -> list[RuleErrors]:
    """Per rule (in the order first met): label, count and first errors. No query."""
    return [
        RuleErrors(
            code=entry["code"],
            label=error_rule_label(entry["code"]),
            count=entry["count"],
            first=entry["first"],
        )
        for entry in monthly_list.error_summary or []
    ]


def monthly_list_first_errors(*, monthly_list: MonthlyList, limit: int) -> list[dict]:
    """The kept first errors of every rule, in the order found, at most `limit`. No query."""
    kept = [error for entry in monthly_list.error_summary or [] for error in entry["first"]]
    return sorted(kept, key=lambda error: error["position"])[:limit]


def monthly_list_errors(*, monthly_list: MonthlyList, code: str = "") -> QuerySet[MonthlyListError]:
    """Every stored error of the list (of one rule if `code`), in the order found."""
    errors = MonthlyListError.objects.filter(monthly_list=monthly_list)
    if code:
        errors = errors.filter(code=code)
    return errors.order_by("position")


def monthly_list_errors_chunks(
    *, monthly_list: MonthlyList, chunk_rows: int = CSV_CHUNK_ROWS
) -> Iterator[list[tuple]]:
    """(file, row, field, code, message) tuples in chunks, keyset-paged by position: each
    chunk is one short query, so a streamed download holds no cursor open between them."""
    after = 0
    while True:
        chunk = list(
            MonthlyListError.objects.filter(monthly_list=monthly_list, position__gt=after)
            .order_by("position")
            .values_list("position", "file", "row", "field", "code", "message")[:chunk_rows]
        )
        if not chunk:
            return
        after = chunk[-1][0]
        yield [values[1:] for values in chunk]
