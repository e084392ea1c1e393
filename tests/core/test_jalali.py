"""Jalali calendar, Persian digits, rial amounts and contribution periods."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import jdatetime
import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from tamin.core import jalali

UTC = dt.UTC


def _esfand_has_30_days(year: int) -> bool:
    # Oracle independent of isleap(): does 30 Esfand exist in jdatetime?
    try:
        jdatetime.date(year, 12, 30)
    except ValueError:
        return False
    return True


# --- Month lengths ----------------------------------------------------------------


@pytest.mark.parametrize("month", range(1, 7))
def test_first_six_months_have_31_days(month):
    assert jalali.jalali_month_days(1404, month) == 31


@pytest.mark.parametrize("month", range(7, 12))
def test_months_seven_to_eleven_have_30_days(month):
    assert jalali.jalali_month_days(1404, month) == 30


@pytest.mark.parametrize(
    ("year", "days"),
    [(1399, 30), (1400, 29), (1401, 29), (1402, 29), (1403, 30), (1404, 29), (1408, 30)],
)
def test_esfand_length_in_known_years(year, days):
    # given years checked against jdatetime (1399 and 1403 are leap years)
    # when / then
    assert jalali.jalali_month_days(year, 12) == days


@given(st.integers(min_value=1200, max_value=1600))
def test_esfand_length_agrees_with_jdatetime(year):
    expected = 30 if _esfand_has_30_days(year) else 29
    assert jalali.jalali_month_days(year, 12) == expected


@pytest.mark.parametrize("month", [0, 13, -1])
def test_month_out_of_range_raises(month):
    with pytest.raises(ValueError, match="month"):
        jalali.jalali_month_days(1404, month)


# --- Parsing ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["1370/05/21", "۱۳۷۰/۰۵/۲۱", "1370-5-21", "13700521", " ۱۳۷۰/۵/۲۱ ", "١٣٧٠/٠٥/٢١"],
)
def test_parse_jalali_date_accepts_common_forms(typed):
    # given a Jalali date typed in any of the usual ways
    # when
    parsed = jalali.parse_jalali_date(typed)
    # then it is the Gregorian date of 21 Mordad 1370
    assert parsed == dt.date(1991, 8, 12)


def test_parse_jalali_date_accepts_30_esfand_of_leap_year():
    assert jalali.parse_jalali_date("۱۴۰۳/۱۲/۳۰") == dt.date(2025, 3, 20)


@pytest.mark.parametrize("typed", ["", "abc", "1370", "70/05/21", "1370.05.21", "۱۳۷۰/۰۵/۲۱/۱"])
def test_parse_jalali_date_rejects_bad_format_in_persian(typed):
    # given / when
    with pytest.raises(ValidationError) as excinfo:
        jalali.parse_jalali_date(typed)
    # then the message tells the expected form in Persian
    assert excinfo.value.code == "jalali_format"
    assert "سال/ماه/روز" in excinfo.value.messages[0]


@pytest.mark.parametrize(
    "typed", ["1370/13/01", "1370/00/10", "1370/01/00", "1370/07/31", "1402/12/30", "1404/01/32"]
)
def test_parse_jalali_date_rejects_impossible_dates_in_persian(typed):
    with pytest.raises(ValidationError) as excinfo:
        jalali.parse_jalali_date(typed)
    assert excinfo.value.code == "jalali_range"
    assert "تقویم شمسی" in excinfo.value.messages[0]


@given(st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_formatted_date_parses_back(day):
    # given any date shown in Jalali with Persian digits
    shown = jalali.format_jalali_date(day)
    # when it is typed back
    # then the same day comes out
    assert jalali.parse_jalali_date(shown) == day


# --- Formatting ---------------------------------------------------------------------


def test_persian_digits():
    assert jalali.persian_digits(1234567890) == "۱۲۳۴۵۶۷۸۹۰"
    assert jalali.persian_digits("a-0") == "a-۰"


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (0, "۰ ریال"),
        (7, "۷ ریال"),
        (1000, "۱٬۰۰۰ ریال"),
        (12345678, "۱۲٬۳۴۵٬۶۷۸ ریال"),
        (-1234567, "−۱٬۲۳۴٬۵۶۷ ریال"),
        (-5, "−۵ ریال"),
        (9_223_372_036_854_775_807, "۹٬۲۲۳٬۳۷۲٬۰۳۶٬۸۵۴٬۷۷۵٬۸۰۷ ریال"),
    ],
)
def test_format_rial(amount, shown):
    assert jalali.format_rial(amount) == shown


def test_format_rial_without_unit_and_none():
    assert jalali.format_rial(-1000, with_unit=False) == "−۱٬۰۰۰"
    assert jalali.format_rial(None) == ""


@pytest.mark.parametrize(
    ("year", "month", "shown"),
    [(1404, 1, "فروردین ۱۴۰۴"), (1404, 9, "آذر ۱۴۰۴"), (1399, 12, "اسفند ۱۳۹۹")],
)
def test_format_period(year, month, shown):
    assert jalali.format_period(year, month) == shown


def test_format_jalali_date_short_and_long():
    day = dt.date(2025, 11, 25)
    assert jalali.format_jalali_date(day) == "۱۴۰۴/۰۹/۰۴"
    assert jalali.format_jalali_date(day, long=True) == "۴ آذر ۱۴۰۴"
    assert jalali.format_jalali_date(None) == ""


def test_aware_instant_is_shown_in_tehran_date():
    # given 21:00 UTC on 20 March 2025, which is already 1 Farvardin 1404 in Tehran
    instant = dt.datetime(2025, 3, 20, 21, 0, tzinfo=UTC)
    # when / then
    assert jalali.format_jalali_date(instant) == "۱۴۰۴/۰۱/۰۱"
    assert jalali.format_jalali_datetime(instant) == "۱۴۰۴/۰۱/۰۱ ۰۰:۳۰"
    assert jalali.format_jalali_datetime(None) == ""


def test_to_jalali_date_converts_tehran_datetime():
    tehran = zoneinfo.ZoneInfo("Asia/Tehran")
    value = dt.datetime(2025, 3, 21, 0, 30, tzinfo=tehran)
    assert jalali.to_jalali_date(value) == jdatetime.date(1404, 1, 1)
