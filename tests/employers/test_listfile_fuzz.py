"""Fuzz the three parsers: any bytes give a ParsedList or a ListFileError, never another exception."""

from __future__ import annotations

import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from employers.listfile import (
    ListFileError,
    ParsedList,
    builtin_rates,
    check,
    csv_template,
    load_csv,
    load_dbf_pair,
    load_xlsx,
    write_dbf_pair,
    xlsx_template,
)
from employers.listfile.samples import sample_list

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KAR, WOR = write_dbf_pair(sample_list())
CSV_SAMPLE = csv_template(sample_list())
XLSX_SAMPLE = xlsx_template(sample_list())


def _survives(call) -> None:
    try:
        parsed = call()
    except ListFileError as error:
        issues = error.issues
    else:
        issues = None
    if issues is not None:
        assert issues
        return
    assert isinstance(parsed, ParsedList)
    # Whatever was read can be checked without crashing.
    report = check(parsed, builtin_rates(parsed.header.year))
    assert isinstance(report.ok, bool)


@st.composite
def _mutated(draw, base: bytes):
    data = bytearray(base)
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        position = draw(st.integers(min_value=0, max_value=len(data) - 1))
        data[position] = draw(st.integers(min_value=0, max_value=255))
    cut = draw(st.integers(min_value=0, max_value=len(data)))
    return bytes(data[: cut if draw(st.booleans()) else len(data)])


@FUZZ
@given(st.binary(max_size=2000), st.binary(max_size=2000))
def test_dbf_pair_of_random_bytes(kar, wor):
    _survives(lambda: load_dbf_pair(kar, wor))


@FUZZ
@given(_mutated(KAR), _mutated(WOR))
def test_dbf_pair_with_flipped_bytes(kar, wor):
    _survives(lambda: load_dbf_pair(kar, wor))


@FUZZ
@given(st.one_of(st.binary(max_size=2000), _mutated(CSV_SAMPLE)))
def test_csv_of_any_bytes(data):
    _survives(lambda: load_csv(data))


@FUZZ
@given(st.one_of(st.binary(max_size=500), _mutated(XLSX_SAMPLE)))
def test_xlsx_of_any_bytes(data):
    _survives(lambda: load_xlsx(data))


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=3000))
def test_xlsx_member_of_any_bytes(sheet):
    # A well-formed zip whose sheet XML is garbage
    source = zipfile.ZipFile(io.BytesIO(XLSX_SAMPLE))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = sheet if info.filename == "xl/worksheets/sheet1.xml" else source.read(info)
            target.writestr(info, content)
    _survives(lambda: load_xlsx(out.getvalue()))
