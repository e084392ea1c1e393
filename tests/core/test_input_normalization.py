"""The kernel's edge: only Persian, Arabic-Indic and ASCII digits are digits; Jalali years
stay in a range people type; audit rows survive NUL bytes and lone surrogates."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from tamin.core import identifiers, jalali
from tamin.core.forms import DigitsField, DigitsIntegerField, JalaliDateField, PlainTextField
from tamin.core.models import AuditLog
from tamin.core.services import audit_record

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")
NATIONAL_CODE = "0013542419"


@pytest.mark.parametrize("table", [FULLWIDTH, DEVANAGARI])
def test_other_unicode_digits_are_invalid_not_converted(table):
    # given a valid national code, mobile and Sheba written in digits Python calls digits
    code = NATIONAL_CODE.translate(table)
    # when / then every validator refuses them
    assert not identifiers.national_code_is_valid(code)
    with pytest.raises(ValidationError):
        identifiers.validate_national_code(code)
    with pytest.raises(ValidationError):
        identifiers.validate_mobile("09" + "121234567".translate(table))
    with pytest.raises(ValidationError):
        identifiers.validate_workshop_code("1234567890".translate(table))
    # and normalize_digits leaves them alone (it converts only Persian and Arabic-Indic)
    assert identifiers.normalize_digits(code) == code


def test_persian_and_arabic_indic_digits_still_count():
    identifiers.validate_national_code("۰۰۱۳۵۴۲۴۱۹")
    identifiers.validate_national_code("٠٠١٣٥٤٢٤١٩")
    identifiers.validate_mobile("۰۹۱۲۱۲۳۴۵۶۷")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12", 12),
        ("۱۲", 12),
        ("١٢", 12),
        ("１２", None),
        ("²", None),
        ("0", None),
        ("-3", None),
        (str(2**31), None),
        ("9" * 5000, None),
        ("", None),
        (None, None),
        (" 7 ", 7),
    ],
)
def test_parse_positive_int(typed, expected):
    assert identifiers.parse_positive_int(typed) == expected


@pytest.mark.parametrize(
    "typed", ["9378/01/01", "9999/12/29", "0001/01/01", "1199/12/29", "1501/01/01"]
)
def test_jalali_years_out_of_range_are_a_persian_error(typed):
    # given a year jdatetime cannot hold (9378+) or nobody types for a real date
    with pytest.raises(ValidationError) as excinfo:
        jalali.parse_jalali_date(typed)
    # then the error names the year range in Persian
    assert excinfo.value.code == "jalali_year_range"
    assert "سال باید میان" in excinfo.value.messages[0]


def test_jalali_date_with_fullwidth_digits_is_a_format_error():
    with pytest.raises(ValidationError) as excinfo:
        jalali.parse_jalali_date("1370/05/21".translate(FULLWIDTH))
    assert excinfo.value.code == "jalali_format"


def test_jalali_date_field_bounds_and_future():
    # given a field for a signing date (not before 1300, not in the future)
    field = JalaliDateField(min_year=jalali.ORGANIZATION_YEAR_MIN, not_in_future=True)
    assert field.clean("1403/01/15") == dt.date(2024, 4, 3)
    for typed in ("0001/01/01", "1299/12/29", "1499/01/01"):
        with pytest.raises(ValidationError):
            field.clean(typed)


@given(st.text(max_size=30))
def test_jalali_parse_never_raises_anything_but_validation_error(text):
    with contextlib.suppress(ValidationError):
        jalali.parse_jalali_date(text)


@given(st.text(max_size=30))
def test_digit_fields_never_raise_anything_but_validation_error(text):
    for field in (DigitsField(length=6), DigitsIntegerField(), PlainTextField(multiline=True)):
        with contextlib.suppress(ValidationError):
            field.clean(text)


def test_digits_integer_field_refuses_fullwidth_and_overflow():
    field = DigitsIntegerField(min_value=1)
    assert field.clean("۱۲٬۰۰۰") == 12000
    for typed in ("１２", "²", str(2**31), "9" * 30):
        with pytest.raises(ValidationError):
            field.clean(typed)


def test_plain_text_refuses_control_characters_but_keeps_line_breaks_when_multiline():
    with pytest.raises(ValidationError):
        PlainTextField().clean("نام\x1b[31m")
    with pytest.raises(ValidationError):
        PlainTextField().clean("خط اول\nخط دوم")
    assert PlainTextField(multiline=True).clean("خط اول\r\nخط دوم") == "خط اول\r\nخط دوم"


def test_plain_text_refuses_bidi_overrides_but_keeps_zwnj_and_plain_marks():
    # an override or an isolate typed into a name reorders what is printed around it
    for spoof in ("بانک\u202eملت", "بانک\u2067ملت\u2069", "\u202aabc\u202c"):
        with pytest.raises(ValidationError):
            PlainTextField().clean(spoof)
        with pytest.raises(ValidationError):
            PlainTextField(multiline=True).clean(spoof)
    # Persian spelling's ZWNJ and the plain direction marks are text
    assert PlainTextField().clean("می‌خواهم") == "می‌خواهم"
    assert PlainTextField().clean("بانک\u200fملت") == "بانک\u200fملت"


def test_audit_row_keeps_nul_and_lone_surrogates_visible(db, postgres_required):
    # given a probe whose national code carries a NUL and whose detail a lone surrogate
    # (PostgreSQL refuses \x00 in text and \u0000 in jsonb; a surrogate is not UTF-8)
    row = audit_record(
        action="registration.invalid_national_code",
        target_type="national_code",
        target_id="00135\x0042419",
        detail={"typed": "\ud800\x00", "nested": ["\x00"], "\x00key": 1},
        before={"value": "\x00"},
    )
    # when it is read back from the database
    row = AuditLog.objects.get(pk=row.pk)
    # then it was written, with the bytes escaped rather than lost
    assert row.target_id == "00135\\x0042419"
    assert row.detail == {"typed": "\\ud800\\x00", "nested": ["\\x00"], "\\x00key": 1}
    assert row.before == {"value": "\\x00"}


@pytest.mark.django_db
def test_audit_row_fields_longer_than_their_columns_are_cut():
    row = audit_record(action="probe", target_type="national_code", target_id="9" * 500)
    assert len(AuditLog.objects.get(pk=row.pk).target_id) == 64
