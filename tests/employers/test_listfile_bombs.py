"""Uploads built to exhaust memory are refused before calamine builds anything (issue #8, item 4).

Each XLSX is read in a child process whose address space is capped (RLIMIT_AS), because
the danger is calamine's own (Rust) allocation, which tracemalloc does not see: before the
fix, the A-and-XFD sheet made calamine ask for 10.5 GB, and under the cap the child
aborted. The child also reports tracemalloc's peak, so the refusal is shown to allocate
nothing in proportion to the sheet's claimed size.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from employers.listfile import ListFileError, builtin_rates, check, load_csv, load_xlsx
from employers.listfile.samples import sample_list
from employers.listfile.sheet_extent import column_name
from employers.listfile.tabular import MAX_COLUMNS, csv_template, xlsx_template

BASE_DIR = Path(__file__).resolve().parents[2]
SHEET = "xl/worksheets/sheet1.xml"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
ADDRESS_SPACE_HEADROOM = 1 << 30  # the child may grow by 1 GiB at most
PYTHON_PEAK_LIMIT = 50 * 1024 * 1024

# Reads the file named on the command line with load_xlsx under the caps; prints JSON.
CHILD = """
import json, resource, sys, tracemalloc
from employers.listfile import ListFileError, load_xlsx

data = open(sys.argv[1], "rb").read()
with open("/proc/self/status") as status:
    vm_kb = int(status.read().split("VmSize:")[1].split()[0])
cap = vm_kb * 1024 + int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
tracemalloc.start()
try:
    parsed = load_xlsx(data)
    outcome = {"refused": False, "rows": len(parsed.rows)}
except ListFileError as exc:
    issue = exc.issues[0]
    outcome = {"refused": True, "code": issue.code, "message": issue.message, "file": issue.file}
outcome["peak"] = tracemalloc.get_traced_memory()[1]
print(json.dumps(outcome))
"""


def _workbook(sheet_xml: str, shared_strings: str | None = None) -> bytes:
    """The template workbook with this sheet (and, optionally, a shared-string table)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx_template())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = sheet_xml.encode() if info.filename == SHEET else source.read(info)
            target.writestr(info.filename, content, zipfile.ZIP_DEFLATED)
        if shared_strings is not None:
            target.writestr("xl/sharedStrings.xml", shared_strings, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _sheet(rows: str, dimension: str = "") -> str:
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<worksheet xmlns="{MAIN_NS}">{declared}<sheetData>{rows}</sheetData></worksheet>'


def _text_cell(ref: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>x</t></is></c>'


def _a_and_xfd_rows(count: int = 20_000) -> str:
    return "".join(
        f'<row r="{r}">{_text_cell(f"A{r}")}{_text_cell(f"XFD{r}")}</row>'
        for r in range(1, count + 1)
    )


def _read_capped(tmp_path: Path, data: bytes) -> dict:
    path = tmp_path / "upload.xlsx"
    path.write_bytes(data)
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(ADDRESS_SPACE_HEADROOM)],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert child.returncode == 0, (
        f"the reader died (exit {child.returncode}) instead of refusing the file:\n"
        f"{child.stderr[-1500:]}"
    )
    return json.loads(child.stdout.strip().splitlines()[-1])


def _assert_refused_without_allocating(outcome: dict, code: str) -> None:
    assert outcome["refused"], outcome
    assert outcome["code"] == code
    assert outcome["file"] == "XLSX"
    assert any("\u0600" <= ch <= "\u06ff" for ch in outcome["message"])  # Persian
    assert outcome["peak"] < PYTHON_PEAK_LIMIT, outcome["peak"]


def test_a_and_xfd_on_20000_rows_is_refused_as_too_wide(tmp_path):
    # Given the workbook of the incident: one cell in column A and one in XFD on each of
    # 20,000 rows, about 150 KB zipped, which calamine would make 20,000 × 16,384 cells
    data = _workbook(_sheet(_a_and_xfd_rows()))
    assert len(data) < 200_000

    # When it is read with 1 GiB of room
    outcome = _read_capped(tmp_path, data)

    # Then it is refused for its width, in Persian, naming the column, allocating nothing
    _assert_refused_without_allocating(outcome, "too_many_columns")
    assert "XFD" in outcome["message"]


def test_small_declared_dimension_does_not_hide_a_huge_sheet(tmp_path):
    # Given the same cells behind a dimension that claims two cells only
    data = _workbook(_sheet(_a_and_xfd_rows(), dimension="A1:B2"))

    # When read, then the real extent counts, not the declared one
    _assert_refused_without_allocating(_read_capped(tmp_path, data), "too_many_columns")


def test_huge_declared_dimension_is_refused_even_when_the_cells_are_few(tmp_path):
    # Given the valid sample list whose sheet declares the whole grid, A1:XFD1048576
    sheet = zipfile.ZipFile(io.BytesIO(xlsx_template(sample_list()))).read(SHEET).decode()
    sheet = sheet.replace("<sheetData>", '<dimension ref="A1:XFD1048576"/><sheetData>', 1)
    data = _workbook(sheet)

    # When read, then the declaration alone makes it no list
    outcome = _read_capped(tmp_path, data)
    _assert_refused_without_allocating(outcome, "xlsx_dimension")
    assert "A1:XFD1048576" in outcome["message"]


def test_one_cell_in_the_last_row_and_column_is_refused(tmp_path):
    # Given a sheet with only A1 and XFD1048576 (17 billion cells as one rectangle)
    data = _workbook(
        _sheet(
            f'<row r="1">{_text_cell("A1")}</row><row r="1048576">{_text_cell("XFD1048576")}</row>'
        )
    )

    # Then it is refused (rows or columns, whichever is met first), allocating nothing
    outcome = _read_capped(tmp_path, data)
    assert outcome["code"] in {"too_many_columns", "too_many_rows"}
    _assert_refused_without_allocating(outcome, outcome["code"])


def test_cells_without_references_are_placed_and_counted(tmp_path):
    # Given 20,000 rows whose cells carry no reference: the 16,384th cell of each row is XFD
    implicit_row = "<row>" + '<c t="inlineStr"><is><t>x</t></is></c>' * 16_384 + "</row>"
    rows = implicit_row + "".join(f"<row>{_text_cell(f'A{r}')}</row>" for r in range(2, 20_001))
    data = _workbook(_sheet(rows))

    # Then the implicit column is seen as it grows
    _assert_refused_without_allocating(_read_capped(tmp_path, data), "too_many_columns")


def test_shared_string_table_that_claims_billions_is_refused(tmp_path):
    # Given a 2 KB workbook whose shared-string table claims 2,000,000,000 strings
    # (calamine reserves room for all of them: 48 GB)
    strings = (
        f'<sst xmlns="{MAIN_NS}" count="2000000000" uniqueCount="2000000000">'
        "<si><t>x</t></si></sst>"
    )
    sheet = _sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
    data = _workbook(sheet, shared_strings=strings)

    # Then it is refused before calamine opens it
    _assert_refused_without_allocating(_read_capped(tmp_path, data), "xlsx_shared_strings")


def test_rows_beyond_the_list_size_are_refused_while_inflating():
    # Given 1,100 rows where at most 1,000 workers are allowed (and the layout lines)
    rows = "".join(f'<row r="{r}">{_text_cell(f"A{r}")}</row>' for r in range(1, 1_101))

    # Then the scan refuses it with the list's own "too many rows" rule
    with pytest.raises(ListFileError) as error:
        load_xlsx(_workbook(_sheet(rows)), max_rows=1_000)
    assert error.value.issues[0].code == "too_many_rows"


def test_a_doctype_in_a_sheet_is_refused():
    # Given a sheet that declares an entity (the start of every XML expansion attack)
    sheet = '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]>' + _sheet(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&a;</t></is></c></row>'
    )

    # Then the workbook is refused as broken
    with pytest.raises(ListFileError) as error:
        load_xlsx(_workbook(sheet))
    assert error.value.issues[0].code == "xlsx_broken"


def test_a_list_with_a_few_columns_of_its_own_is_still_read():
    # Given the valid sample with a note in the last column a list may use
    sheet = zipfile.ZipFile(io.BytesIO(xlsx_template(sample_list()))).read(SHEET).decode()
    notes = _text_cell(f"{column_name(MAX_COLUMNS)}5")
    sheet = sheet.replace('<row r="5">', f'<row r="5">{notes}', 1)
    sheet = sheet.replace(
        "<sheetData>", f'<dimension ref="A1:{column_name(MAX_COLUMNS)}7"/><sheetData>', 1
    )

    # Then it is read and checked as before
    parsed = load_xlsx(_workbook(sheet))
    assert len(parsed.rows) == len(sample_list().rows)
    assert check(parsed, builtin_rates(1404)).ok


def test_csv_line_with_a_hundred_thousand_fields_is_refused():
    # Given the valid sample CSV with a worker line padded by 100,000 empty fields
    text = csv_template(sample_list()).decode("utf-8-sig")
    lines = text.split("\r\n")
    lines[4] += "," * 100_000

    # Then it is refused before the fields are split out
    with pytest.raises(ListFileError) as error:
        load_csv("\r\n".join(lines).encode("utf-8"))
    issue = error.value.issues[0]
    assert issue.code == "line_too_long"
    assert "سطر ۵" in issue.message


def test_csv_line_with_more_fields_than_a_list_has_is_refused():
    # Given a worker line with short fields, but more of them than a list line can have
    text = csv_template(sample_list()).decode("utf-8-sig")
    lines = text.split("\r\n")
    lines[4] += ",0" * MAX_COLUMNS

    # Then the field count is refused with the same rule as an XLSX too wide
    with pytest.raises(ListFileError) as error:
        load_csv("\r\n".join(lines).encode("utf-8"))
    assert error.value.issues[0].code == "too_many_columns"
