"""The DBF reader and writer (DOMAIN.md §6)."""

from __future__ import annotations

import struct
from pathlib import Path

import iran_encoding
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from employers.listfile import (
    ListFileError,
    builtin_rates,
    check,
    load,
    load_dbf_pair,
    write_dbf_pair,
)
from employers.listfile.encoding import CP1256, IRAN_SYSTEM, decode, detect
from employers.listfile.samples import sample_list
from tests.employers.listfile_helpers import cp1256, pair_bytes, with_row

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "listdisk-v6"
if not REFERENCE.exists():
    REFERENCE = Path(__file__).resolve().parents[2] / "employers" / "listfile" / "reference"


def _reference(name: str) -> bytes:
    return (REFERENCE / name).read_bytes()


def test_official_empty_templates_are_read_with_zero_rows():
    # Given the official ListDisk v6 templates (no records)
    kar, wor = _reference("DSKKAR00.DBF"), _reference("DSKWOR00.DBF")

    # When they are read
    parsed = load_dbf_pair(kar, wor)

    # Then the structure is accepted: v6, zero rows; the missing header record is an issue
    assert parsed.layout == "v6"
    assert parsed.rows == ()
    assert [issue.code for issue in parsed.issues] == ["header_record_count"]


def test_writer_reproduces_the_official_header_bytes():
    # Given the sample list written by the writer
    kar, wor = write_dbf_pair(sample_list())

    # Then everything before the records is the official header, except the record count
    for written, name, count in ((kar, "DSKKAR00.DBF", 1), (wor, "DSKWOR00.DBF", 3)):
        reference = _reference(name)
        header_len = struct.unpack_from("<H", reference, 8)[0]
        assert written[:4] == reference[:4]  # version byte and the template's date bytes
        assert struct.unpack_from("<I", written, 4)[0] == count
        assert written[8:header_len] == reference[8:header_len]
        assert written[-1:] == b"\x1a"
        record_len = struct.unpack_from("<H", reference, 10)[0]
        assert len(written) == header_len + count * record_len + 1


def test_iran_system_bytes_of_domain_examples():
    # Given DOMAIN.md's byte examples, Then they decode to the words
    assert decode(bytes.fromhex("fcf790a4fe90"), IRAN_SYSTEM) == "ایرانی"
    assert decode(bytes.fromhex("f6a5"), IRAN_SYSTEM) == "زن"
    assert decode(bytes.fromhex("a2a4f5"), IRAN_SYSTEM) == "مرد"
    assert detect([bytes.fromhex("fcf790a4fe90"), bytes.fromhex("a2a4f5")]) == IRAN_SYSTEM
    assert detect([cp1256("ایرانی"), cp1256("مرد")]) == CP1256


def test_written_text_is_iran_system():
    # When the sample is written
    _, wor = write_dbf_pair(sample_list())

    # Then the words are in Iran System bytes
    assert bytes.fromhex("fcf790a4fe90") in wor
    assert bytes.fromhex("a2a4f5") in wor


def test_windows_1256_pair_is_detected_and_normalized_to_persian_letters():
    # Given the sample written in Windows-1256 (Arabic ي/ك)
    kar, wor = pair_bytes(encode=cp1256)

    # When read
    parsed = load_dbf_pair(kar, wor)

    # Then the text is Persian and the list is valid
    assert parsed.encoding == CP1256
    assert parsed.rows[0].nationality == "ایرانی"
    assert parsed.rows[0].job_title == "کارگر ساده"
    assert "ي" not in parsed.rows[0].job_title
    assert check(parsed, builtin_rates(1404)).ok


@pytest.mark.parametrize("end_marker", [True, False])
def test_end_marker_present_or_absent(end_marker):
    # Given the pair with and without the 0x1A end marker
    kar, wor = pair_bytes(encode=iran_encoding.encode, end_marker=end_marker)

    # When read, Then both give the same valid list
    parsed = load_dbf_pair(kar, wor)
    assert parsed.rows == sample_list().rows
    assert check(parsed, builtin_rates(1404)).ok


def test_v27_layout_is_accepted():
    # Given the older layout (23/27 fields)
    kar, wor = pair_bytes(encode=iran_encoding.encode, layout="v2.7")

    # When read, Then it is valid
    parsed = load_dbf_pair(kar, wor)
    assert parsed.layout == "v2.7"
    assert check(parsed, builtin_rates(1404)).ok


def test_tab_inside_a_text_field_is_tolerated():
    # Given a job title with a tab inside
    parsed = with_row(sample_list(), 0, job_title="کارگر\tساده")
    kar, wor = pair_bytes(parsed, encode=cp1256)

    # When read, Then the tab is a space
    assert load_dbf_pair(kar, wor).rows[0].job_title == "کارگر ساده"


def test_record_count_larger_than_the_file_is_refused():
    # Given a DSKWOR00 whose header claims more records than it holds
    kar, wor = write_dbf_pair(sample_list())
    wor = wor[:4] + struct.pack("<I", 50) + wor[8:]

    # Then it is refused with that reason
    with pytest.raises(ListFileError) as error:
        load_dbf_pair(kar, wor)
    assert error.value.issues[0].code == "dbf_truncated"
    assert error.value.issues[0].file == "DSKWOR00"


@pytest.mark.parametrize("cut", [0, 10, 100, 500])
def test_truncated_files_are_refused(cut):
    kar, wor = write_dbf_pair(sample_list())
    with pytest.raises(ListFileError):
        load_dbf_pair(kar, wor[:cut])


def test_not_a_dbf_is_refused():
    kar, _ = write_dbf_pair(sample_list())
    with pytest.raises(ListFileError) as error:
        load_dbf_pair(kar, b"\x04" + b"x" * 600)
    assert error.value.issues[0].code == "dbf_version"


def test_over_size_limit_is_refused():
    kar, wor = write_dbf_pair(sample_list())
    with pytest.raises(ListFileError) as error:
        load_dbf_pair(kar, wor, max_bytes=500)
    assert error.value.issues[0].code == "file_too_large"


def test_too_many_rows_is_refused_not_read():
    # Given a header that claims 100,001 records
    kar, wor = write_dbf_pair(sample_list())
    wor = wor[:4] + struct.pack("<I", 100_001) + wor[8:]

    # Then the list is refused for its size before the records are read
    with pytest.raises(ListFileError) as error:
        load_dbf_pair(kar, wor)
    assert error.value.issues[0].code == "too_many_rows"


def test_load_dispatches_on_names_and_content():
    kar, wor = write_dbf_pair(sample_list())
    assert load({"dskkar00.dbf": kar, "DSKWOR00.DBF": wor}).rows == sample_list().rows
    # Other names: the file with one record is the header
    assert load({"b.dbf": wor, "a.dbf": kar}).rows == sample_list().rows
    with pytest.raises(ListFileError):
        load({"DSKWOR00.DBF": wor})
    with pytest.raises(ListFileError):
        load({})


_PERSIAN = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
_word = st.text(alphabet=_PERSIAN, min_size=1, max_size=8)
_name = st.lists(_word, min_size=1, max_size=2).map(" ".join)
_digits = st.text(alphabet="0123456789", min_size=8, max_size=8)


@st.composite
def _lists(draw):
    base = sample_list()
    rows = []
    for number in range(1, draw(st.integers(min_value=0, max_value=6)) + 1):
        row = base.rows[0]
        from dataclasses import replace

        rows.append(
            replace(
                row,
                row_number=number,
                insurance_number=draw(_digits),
                first_name=draw(_name),
                last_name=draw(_name),
                father_name=draw(_name),
                sex=draw(st.sampled_from(["مرد", "زن"])),
                job_title=draw(_name),
                days=draw(st.integers(min_value=0, max_value=31)),
                daily_wage=draw(st.integers(min_value=0, max_value=10**9)),
                monthly_wage=draw(st.integers(min_value=0, max_value=10**11)),
                insurable_total=draw(st.integers(min_value=0, max_value=10**11)),
                spouse_allowance=draw(st.integers(min_value=0, max_value=10**9)),
            )
        )
    from dataclasses import replace

    header = replace(
        base.header,
        workshop_name=draw(_name),
        employer_name=draw(_name),
        month=draw(st.integers(1, 12)),
    )
    return replace(base, header=header, rows=tuple(rows))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_lists())
def test_round_trip_write_then_read_gives_the_same_list(parsed):
    # When a list is written and read back, Then header and rows are the same
    kar, wor = write_dbf_pair(parsed)
    again = load_dbf_pair(kar, wor)
    assert again.header == parsed.header
    assert again.rows == parsed.rows
    assert again.issues == ()


def test_writer_refuses_a_value_that_does_not_fit():
    parsed = with_row(sample_list(), 0, monthly_wage=10**12)
    with pytest.raises(ListFileError) as error:
        write_dbf_pair(parsed)
    assert error.value.issues[0].code == "number_overflow"
