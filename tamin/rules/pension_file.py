"""The pension calculator's input file (`manage.py pension compute FILE`), read and checked.

    {"sex": "male" | "female",
     "birth_date": "1345/06/15",            Jalali YYYY/MM/DD
     "on": "1404/07/01",                    the day the pension is computed for
     "added_days": 720,                     optional: added service (military service, …)
     "records": [{"year": 1380, "month": 1, "days": 31, "wage": 123456789,
                  "hard_job": true},        optional, false when absent
                 …]}

`pension_file_load(data)` refuses, with a Persian `PensionInputError` naming the record at
fault (1-based): a file over `MAX_BYTES` (before it is parsed), text that is not UTF-8 JSON,
a key twice, a top level that is not an object, a missing or unknown key, a value of the
wrong type (true is not a number, 1.0 is not a whole number), a number of more than
`MAX_DIGITS` digits, more than `MAX_RECORDS` records (before any record is read), a date
the Jalali calendar does not have (1402/12/30: Esfand 1402 has 29 days), a birth after `on`,
and what `service_months_validate` refuses (negative or too many days, months of one
period summed beyond its length, a month after `on`). Pure: no database.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import jdatetime

from tamin.core.identifiers import normalize_digits
from tamin.core.jalali import (
    JALALI_YEAR_MAX,
    JALALI_YEAR_MIN,
    format_number,
    jalali_month_days,
    persian_digits,
)
from tamin.rules.pensions import SEXES, PensionInputError, ServiceMonth, service_months_validate

MAX_BYTES = 2 * 1024 * 1024  # 1,000 records are about 80 kilobytes
MAX_RECORDS = 1000  # 83 years of months, or 35 years with two workshops a month
MAX_DIGITS = 15  # no figure of the file has more digits (a wage under 10^15 rial)
MAX_WAGE = 999_999_999_999  # rial, the largest amount a worker list can hold (N12)
MAX_ADDED_DAYS = 50 * 365

_TOP_REQUIRED = ("sex", "birth_date", "on", "records")
_TOP_OPTIONAL = ("added_days",)
_RECORD_REQUIRED = ("year", "month", "days", "wage")
_RECORD_OPTIONAL = ("hard_job",)
_DATE = re.compile(r"([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})", flags=re.ASCII)
_NAME_SHOWN = 40  # characters of an unknown key quoted back


@dataclass(frozen=True)
class PensionFile:
    """A checked input file: what `tamin.rules.pensions.pension_compute` takes."""

    sex: str
    birth_date: jdatetime.date
    on: jdatetime.date
    records: tuple[ServiceMonth, ...]
    added_days: int = 0


def _record_where(index: int) -> str:
    return f"سابقه شماره {format_number(index)}"


def _shown(name: str) -> str:
    """A key as quoted back in a message: control characters escaped, long ones cut."""
    text = name.encode("unicode_escape").decode("ascii") if not name.isprintable() else name
    return text if len(text) <= _NAME_SHOWN else text[:_NAME_SHOWN] + "…"


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose keys are each given once (a second value would be ambiguous)."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise PensionInputError(f"کلید «{_shown(key)}» دو بار آمده است.")
        result[key] = value
    return result


def _integer_literal(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise PensionInputError(
            f"عددی با بیش از {format_number(MAX_DIGITS)} رقم در پرونده است؛ "
            "هیچ مقداری در این پرونده چنین بزرگ نیست."
        )
    return int(text)


def _constant(name: str) -> Any:
    raise PensionInputError(f"مقدار «{name}» عدد نیست.")


def _document(data: str | bytes) -> Any:
    if len(data) > MAX_BYTES:
        raise PensionInputError(
            f"پرونده بزرگ‌تر از {format_number(MAX_BYTES // (1024 * 1024))} مگابایت است."
        )
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise PensionInputError("پرونده متن UTF-8 نیست؛ یک پرونده JSON بدهید.") from exc
    try:
        return json.loads(
            data,
            object_pairs_hook=_pairs,
            parse_int=_integer_literal,
            parse_constant=_constant,
        )
    except PensionInputError:
        raise
    except json.JSONDecodeError as exc:
        raise PensionInputError(
            f"پرونده JSON درست نیست (سطر {format_number(exc.lineno)}، "
            f"ستون {format_number(exc.colno)})."
        ) from exc
    except (ValueError, RecursionError) as exc:  # a float beyond range, nesting too deep
        raise PensionInputError("پرونده JSON درست نیست.") from exc


def _keys(
    item: dict[str, Any], required: tuple[str, ...], optional: tuple[str, ...], where: str
) -> None:
    for key in item:
        if key not in required and key not in optional:
            raise PensionInputError(
                f"{where}: کلید «{_shown(key)}» شناخته نیست؛ کلیدها: "
                + "، ".join(required + optional)
                + ".",
            )
    for key in required:
        if key not in item:
            raise PensionInputError(f"{where}: کلید «{key}» نیامده است.")


def _whole(value: Any, name: str, where: str, *, record: int | None = None) -> int:
    # bool is an int in Python; a JSON true is not a number, and 31.0 is not a whole number.
    if isinstance(value, bool) or not isinstance(value, int):
        raise PensionInputError(f"{where}: «{name}» باید عدد صحیح باشد.", record=record)
    return value


def _date(value: Any, name: str, label: str) -> jdatetime.date:
    if not isinstance(value, str):
        raise PensionInputError(f"«{name}» ({label}) باید متنی به شکل سال/ماه/روز شمسی باشد.")
    match = _DATE.fullmatch(normalize_digits(value.strip()))
    if not match:
        raise PensionInputError(
            f"«{name}» ({label}) باید به شکل سال/ماه/روز شمسی باشد؛ مثلاً 1345/06/15."
        )
    year, month, day = (int(part) for part in match.groups())
    shown = persian_digits(f"{year}/{month:02d}/{day:02d}")
    if not JALALI_YEAR_MIN <= year <= JALALI_YEAR_MAX:
        raise PensionInputError(
            f"«{name}» ({label}): سال باید میان {persian_digits(JALALI_YEAR_MIN)} و "
            f"{persian_digits(JALALI_YEAR_MAX)} باشد."
        )
    if not 1 <= month <= 12 or not 1 <= day <= jalali_month_days(year, month):
        raise PensionInputError(f"«{name}» ({label}): تاریخ {shown} در تقویم شمسی وجود ندارد.")
    return jdatetime.date(year, month, day)


def _record(item: Any, index: int) -> ServiceMonth:
    where = _record_where(index)
    if not isinstance(item, dict):
        raise PensionInputError(f"{where} باید یک شیء JSON باشد.", record=index)
    try:
        _keys(item, _RECORD_REQUIRED, _RECORD_OPTIONAL, where)
    except PensionInputError as exc:
        raise PensionInputError(exc.message, record=index) from exc
    year, month, days, wage = (
        _whole(item[name], name, where, record=index) for name in _RECORD_REQUIRED
    )
    if wage > MAX_WAGE:
        raise PensionInputError(
            f"{where}: دستمزد بیش از {format_number(MAX_WAGE)} ریال پذیرفته نیست.", record=index
        )
    hard_job = item.get("hard_job", False)
    if not isinstance(hard_job, bool):
        raise PensionInputError(f"{where}: «hard_job» باید true یا false باشد.", record=index)
    return ServiceMonth(year=year, month=month, days=days, wage=wage, hard_job=hard_job)


def pension_file_load(data: str | bytes) -> PensionFile:
    """The checked input, or `PensionInputError` with a Persian message (see the module doc)."""
    document = _document(data)
    if not isinstance(document, dict):
        raise PensionInputError(
            "پرونده باید یک شیء JSON با کلیدهای sex، birth_date، on و records باشد."
        )
    _keys(document, _TOP_REQUIRED, _TOP_OPTIONAL, "پرونده")
    sex = document["sex"]
    if not isinstance(sex, str) or sex not in SEXES:
        raise PensionInputError("«sex» (جنسیت) باید male یا female باشد.")
    birth_date = _date(document["birth_date"], "birth_date", "تاریخ تولد")
    on = _date(document["on"], "on", "تاریخ محاسبه")
    if birth_date > on:
        raise PensionInputError("تاریخ تولد پس از تاریخ محاسبه است.")
    added_days = _whole(document.get("added_days", 0), "added_days", "سابقه افزوده")
    if not 0 <= added_days <= MAX_ADDED_DAYS:
        raise PensionInputError(
            f"سابقه افزوده («added_days») باید میان ۰ و {format_number(MAX_ADDED_DAYS)} روز باشد."
        )
    items = document["records"]
    if not isinstance(items, list):
        raise PensionInputError("«records» (سوابق) باید فهرستی از ماه‌ها باشد.")
    if len(items) > MAX_RECORDS:
        raise PensionInputError(
            f"پرونده {format_number(len(items))} سابقه دارد؛ بیش از "
            f"{format_number(MAX_RECORDS)} سابقه پذیرفته نیست."
        )
    records = tuple(_record(item, index) for index, item in enumerate(items, start=1))
    service_months_validate(records, on=on)
    return PensionFile(
        sex=sex, birth_date=birth_date, on=on, records=records, added_days=added_days
    )
