"""Jalali (Solar Hijri) calendar, Persian digits and rial formatting for display.

Instants are stored as aware UTC and shown in Tehran time; periods (a
contribution month) are plain Jalali year + month integers.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import jdatetime
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from tamin.core.identifiers import normalize_digits

# Years a person may type for a Jalali date. jdatetime stops at 9377 (9378 would be
# Gregorian 10000) and nothing we record happened before 1200 or after 1500.
JALALI_YEAR_MIN = 1200
JALALI_YEAR_MAX = 1500
BIRTH_YEAR_MIN = 1280  # the oldest person we might still serve
ORGANIZATION_YEAR_MIN = 1300  # signatures, opt-ins and records are not older than this

PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")

MONTH_NAMES = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)
WEEKDAY_NAMES = ("شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه")


THOUSANDS_SEPARATOR = "٬"  # U+066C ARABIC THOUSANDS SEPARATOR
DECIMAL_SEPARATOR = "٫"  # U+066B ARABIC DECIMAL SEPARATOR
MINUS_SIGN = "−"  # U+2212: a hyphen would read as a dash in Persian text


def persian_digits(value: object) -> str:
    return str(value).translate(PERSIAN_DIGITS)


def format_code(value: object) -> str:
    """An identifier as every page and message writes it: a code of digits (and symbols:
    a national code, a USSD code) in Persian digits; one with Latin letters (a Sheba, a
    booking code, a bank's reference) exactly as typed, so it is read in one script."""
    text = str(value)
    return text if re.search(r"[A-Za-z]", text) else persian_digits(text)


def format_number(
    value: int | float | Decimal | None, *, places: int | None = None, grouped: bool = True
) -> str:
    """The one way a number is written: 12040000 -> «۱۲٬۰۴۰٬۰۰۰», Decimal("35.16") -> «۳۵٫۱۶».

    Persian digits, «٬» between thousands (unless grouped=False, as for a year), «٫» before
    the fraction, «−» for a negative. `places` fixes the digits after the separator; without
    it an int has none and a decimal keeps its own (4.0 -> «۴٫۰»).
    """
    if value is None:
        return ""
    grouping = "," if grouped else ""
    if places is not None:
        text = f"{value:{grouping}.{places}f}"
    elif isinstance(value, Decimal):
        text = f"{value:{grouping}f}"  # never an exponent
    else:
        text = f"{value:{grouping}}"
    text = text.replace(",", THOUSANDS_SEPARATOR).replace(".", DECIMAL_SEPARATOR)
    if text.startswith("-"):
        text = MINUS_SIGN + text[1:]
    return persian_digits(text)


def format_rial(amount: int | None, *, with_unit: bool = True) -> str:
    """12345678 -> «۱۲٬۳۴۵٬۶۷۸ ریال» (Persian thousands separator U+066C)."""
    if amount is None:
        return ""
    text = format_number(int(amount))
    return f"{text} ریال" if with_unit else text


def to_jalali_date(value: dt.date | dt.datetime) -> jdatetime.date:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return jdatetime.date.fromgregorian(date=value)


def format_jalali_date(value: dt.date | dt.datetime | None, *, long: bool = False) -> str:
    """1404/09/04 in Persian digits, or «۴ آذر ۱۴۰۴» with long=True."""
    if value is None:
        return ""
    j = to_jalali_date(value)
    if long:
        return persian_digits(f"{j.day} {MONTH_NAMES[j.month - 1]} {j.year}")
    return persian_digits(f"{j.year:04d}/{j.month:02d}/{j.day:02d}")


def format_jalali_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{format_jalali_date(local)} {persian_digits(local.strftime('%H:%M'))}"


def format_period(year: int, month: int) -> str:
    """A contribution/list month: «آذر ۱۴۰۴»."""
    return f"{MONTH_NAMES[month - 1]} {persian_digits(year)}"


def jalali_month_days(year: int, month: int) -> int:
    if not 1 <= month <= 12:
        raise ValueError("month out of range")
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if jdatetime.date(year, 1, 1).isleap() else 29


def parse_jalali_date(
    value: str,
    *,
    min_year: int = JALALI_YEAR_MIN,
    max_year: int = JALALI_YEAR_MAX,
    not_in_future: bool = False,
) -> dt.date:
    """Parse «۱۳۷۰/۰۵/۲۱», 1370-5-21 or 13700521 into a Gregorian date.

    Only Persian, Arabic-Indic and ASCII digits count; the year must lie in
    [min_year, max_year]; every refusal is a ValidationError with a Persian message.
    """
    text = normalize_digits(value)
    match = re.fullmatch(r"([0-9]{4})[/\-]?([0-9]{1,2})[/\-]?([0-9]{1,2})", text, flags=re.ASCII)
    if not match:
        raise ValidationError(
            _("تاریخ را به شکل سال/ماه/روز شمسی وارد کنید؛ مثلاً ۱۳۷۰/۰۵/۲۱."), code="jalali_format"
        )
    year, month, day = (int(part) for part in match.groups())
    if not min_year <= year <= max_year:
        raise ValidationError(
            _("سال باید میان %(min)s و %(max)s باشد.")
            % {"min": persian_digits(min_year), "max": persian_digits(max_year)},
            code="jalali_year_range",
        )
    if not 1 <= month <= 12 or not 1 <= day <= jalali_month_days(year, month):
        raise ValidationError(_("این تاریخ در تقویم شمسی وجود ندارد."), code="jalali_range")
    parsed = jdatetime.date(year, month, day).togregorian()
    if not_in_future and parsed > timezone.localdate():
        raise ValidationError(_("این تاریخ نمی‌تواند در آینده باشد."), code="jalali_future")
    return parsed


def today_jalali() -> jdatetime.date:
    return to_jalali_date(timezone.localdate())
