"""The pension calculator's input file: what is accepted, and every refusal in Persian with
the record at fault (tamin.rules.pension_file). Pure: no database."""

from __future__ import annotations

import json

import jdatetime
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tamin.rules.pension_file import MAX_BYTES, MAX_RECORDS, pension_file_load
from tamin.rules.pensions import PensionInputError, ServiceMonth


def _document(**changes):
    document = {
        "sex": "female",
        "birth_date": "1350/02/10",
        "on": "1404/07/01",
        "records": [
            {"year": 1404, "month": 1, "days": 31, "wage": 100_000_000},
            {"year": 1404, "month": 2, "days": 20, "wage": 60_000_000, "hard_job": True},
            {"year": 1404, "month": 2, "days": 11, "wage": 30_000_000},
        ],
    }
    document.update(changes)
    return document


def _refusal(data) -> PensionInputError:
    if not isinstance(data, str | bytes):
        data = json.dumps(data)
    with pytest.raises(PensionInputError) as refusal:
        pension_file_load(data)
    return refusal.value


def test_a_good_file_is_read():
    parsed = pension_file_load(json.dumps(_document(added_days=720)).encode())
    assert parsed.sex == "female"
    assert parsed.birth_date == jdatetime.date(1350, 2, 10)
    assert parsed.on == jdatetime.date(1404, 7, 1)
    assert parsed.added_days == 720
    assert parsed.records == (
        ServiceMonth(1404, 1, 31, 100_000_000),
        ServiceMonth(1404, 2, 20, 60_000_000, hard_job=True),
        ServiceMonth(1404, 2, 11, 30_000_000),
    )


def test_persian_digits_and_a_byte_order_mark_are_read():
    text = json.dumps(_document(on="۱۴۰۴/۰۷/۰۱"), ensure_ascii=False)
    parsed = pension_file_load(b"\xef\xbb\xbf" + text.encode())
    assert parsed.on == jdatetime.date(1404, 7, 1)


def test_esfand_30_exists_only_in_a_leap_year():
    # 1403 is leap: 1403/12/30 is a day, and a 30-day Esfand 1403 is a month
    parsed = pension_file_load(
        json.dumps(
            _document(on="1403/12/30", records=[{"year": 1403, "month": 12, "days": 30, "wage": 1}])
        )
    )
    assert parsed.on == jdatetime.date(1403, 12, 30)
    # 1402 has 29 days in Esfand: the date and the 30-day month are refused
    assert "وجود ندارد" in _refusal(_document(on="1402/12/30")).message
    assert "وجود ندارد" in _refusal(_document(on="1403/12/31")).message
    refusal = _refusal(
        _document(
            records=[
                {"year": 1402, "month": 11, "days": 30, "wage": 1},
                {"year": 1402, "month": 12, "days": 30, "wage": 1},
            ]
        )
    )
    assert refusal.record == 2
    assert refusal.message.startswith("سابقه شماره ۲")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "UTF-8"),
        ("not json at all", "JSON درست نیست"),
        ("", "JSON درست نیست"),
        ("[1, 2, 3]", "شیء JSON"),
        ('"male"', "شیء JSON"),
        ("[" * 100_000 + "]" * 100_000, "JSON درست نیست"),
        ('{"sex": NaN}', "عدد نیست"),
        ('{"sex": "male", "sex": "female"}', "دو بار"),
        ('{"sex": "male", "added_days": ' + "9" * 5000 + "}", "رقم"),
    ],
)
def test_what_is_not_a_json_object_is_refused(data, words):
    refusal = _refusal(data)
    assert words in refusal.message
    assert refusal.record is None


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"sex": "m"}, "male یا female"),
        ({"sex": None}, "male یا female"),
        ({"birth_date": "1350-02-10x"}, "سال/ماه/روز"),
        ({"birth_date": 13500210}, "سال/ماه/روز"),
        ({"birth_date": "1350/13/01"}, "وجود ندارد"),
        ({"birth_date": "1350/07/31"}, "وجود ندارد"),  # Mehr has 30 days
        ({"birth_date": "1199/01/01"}, "سال باید میان"),
        ({"birth_date": "1404/07/02"}, "تولد پس از تاریخ محاسبه"),
        ({"added_days": -1}, "سابقه افزوده"),
        ({"added_days": True}, "عدد صحیح"),
        ({"added_days": 10.0}, "عدد صحیح"),
        ({"added_days": 10**9}, "سابقه افزوده"),
        ({"records": {"year": 1404}}, "فهرست"),
        ({"extra": 1}, "«extra» شناخته نیست"),
        ({"\x00évil": 1}, "شناخته نیست"),
    ],
)
def test_bad_top_level_values_are_refused(changes, words):
    assert words in _refusal(_document(**changes)).message


def test_a_number_beyond_a_float_is_not_a_whole_number():
    text = json.dumps(_document()).replace('"on":', '"added_days": 1e999, "on":')
    assert "«added_days» باید عدد صحیح" in _refusal(text).message


def test_a_missing_key_is_named():
    document = _document()
    del document["on"]
    assert "«on» نیامده" in _refusal(document).message


@pytest.mark.parametrize(
    ("record", "words"),
    [
        ("1404/03", "شیء JSON"),
        ({"year": 1404, "month": 3, "days": 31}, "«wage» نیامده"),
        ({"year": 1404, "month": 3, "days": 31, "wage": 1, "bonus": 1}, "«bonus» شناخته نیست"),
        ({"year": 1404, "month": 3, "days": True, "wage": 1}, "«days» باید عدد صحیح"),
        ({"year": 1404, "month": 3, "days": 31, "wage": 1.5}, "«wage» باید عدد صحیح"),
        ({"year": 1404, "month": 3, "days": 31, "wage": "100"}, "«wage» باید عدد صحیح"),
        ({"year": 1404, "month": 3, "days": 31, "wage": -1}, "منفی"),
        ({"year": 1404, "month": 3, "days": -2, "wage": 1}, "منفی"),
        ({"year": 1404, "month": 3, "days": 32, "wage": 1}, "بیش از"),
        ({"year": 1404, "month": 3, "days": 31, "wage": 10**12}, "ریال پذیرفته نیست"),
        ({"year": 1404, "month": 3, "days": 31, "wage": 1, "hard_job": 1}, "true یا false"),
        ({"year": 1404, "month": 8, "days": 1, "wage": 1}, "پس از تاریخ محاسبه"),
        ({"year": 1404, "month": 1, "days": 1, "wage": 1}, "هم‌پوشانی"),  # 31 + 1 in Farvardin
    ],
)
def test_a_bad_record_is_refused_by_its_number(record, words):
    document = _document()
    document["records"].append(record)
    refusal = _refusal(document)
    assert refusal.record == 4
    assert refusal.message.startswith("سابقه شماره ۴")
    assert words in refusal.message


def test_too_many_records_are_refused_before_any_is_read():
    # given one record too many, each of them invalid (a record is read only after the count)
    document = _document(records=["not a record"] * (MAX_RECORDS + 1))
    refusal = _refusal(document)
    assert "بیش از ۱٬۰۰۰ سابقه" in refusal.message
    assert refusal.record is None
    # and exactly the limit is read (then its records are checked)
    assert _refusal(_document(records=["x"] * MAX_RECORDS)).record == 1


def test_a_file_over_the_limit_is_refused_before_it_is_parsed():
    data = b" " * MAX_BYTES + b"{}"
    assert "مگابایت" in _refusal(data).message


def _outcome(data) -> str:
    """ "read", or the refusal's message; anything else raised fails the test."""
    try:
        pension_file_load(data)
    except PensionInputError as refusal:
        return refusal.message
    return "read"


@settings(max_examples=300, deadline=None)
@given(data=st.one_of(st.binary(max_size=300), st.text(max_size=300)))
def test_property_any_input_is_read_or_refused_in_persian(data):
    assert _outcome(data)


@settings(max_examples=200, deadline=None)
@given(
    value=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
        max_leaves=12,
    ),
    where=st.sampled_from(["sex", "birth_date", "on", "added_days", "records", "record"]),
)
def test_property_any_value_in_any_place_is_read_or_refused(value, where):
    document = _document()
    if where == "record":
        document["records"].append(value)
    else:
        document[where] = value
    assert _outcome(json.dumps(document))
