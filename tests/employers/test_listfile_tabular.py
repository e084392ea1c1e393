"""CSV and XLSX lists: layout, templates, formulas, zip bombs."""

from __future__ import annotations

import io
import zipfile

import pytest

from employers.listfile import (
    ListFileError,
    builtin_rates,
    check,
    csv_template,
    load,
    load_csv,
    load_xlsx,
    write_dbf_pair,
    xlsx_template,
)
from employers.listfile.checks import with_computed_totals
from employers.listfile.samples import sample_list

RATES = builtin_rates(1404)


def test_csv_of_the_sample_is_valid_and_matches_the_dbf_rows():
    # Given the sample in the CSV layout
    data = csv_template(sample_list())

    # When read and checked
    parsed = load_csv(data)

    # Then it is valid; row numbers are line numbers (workers start on line 5)
    assert check(parsed, RATES).ok
    assert [row.row_number for row in parsed.rows] == [5, 6, 7]
    assert [row.insurance_number for row in parsed.rows] == [
        r.insurance_number for r in sample_list().rows
    ]


def test_xlsx_of_the_sample_is_valid():
    parsed = load_xlsx(xlsx_template(sample_list()))
    assert parsed.source_format == "xlsx"
    assert check(parsed, RATES).ok


def test_empty_templates_read_as_an_empty_list():
    assert load_csv(csv_template()).rows == ()
    assert load_xlsx(xlsx_template()).rows == ()


def test_csv_without_totals_and_with_arabic_letters_and_persian_digits():
    # Given a hand-made Windows-1256 CSV: only identity columns in the header, Persian digits
    rows = sample_list().rows
    lines = [
        "DSK_ID,DSK_NAME,DSK_FARM,DSK_YY,DSK_MM",
        "3045678901,شركت نمونه پارس,شركت نمونه پارس,1404,7",
        "",
        "DSW_ID1,DSW_FNAME,DSW_LNAME,DSW_SEX,DSW_NAT,DSW_DD,DSW_ROOZ,DSW_MAH,DSW_MAZ,DSW_MASH,DSW_TOTL,DSW_BIME,PER_NATCOD,UNEMP",
    ]
    lines.extend(
        f"{row.insurance_number},{row.first_name},{row.last_name},{row.sex},ايراني,{row.days},"
        f"{row.daily_wage},{row.monthly_wage},{row.insurable_benefits},{row.insurable_total},"
        f"{row.total_pay},{row.insured_share},{row.national_code},1"
        for row in rows
    )
    data = "\r\n".join(lines).encode("cp1256", errors="replace")

    # When read
    parsed = load_csv(data)

    # Then text is normalized, totals are not reconciled, the list is valid
    assert parsed.encoding == "cp1256"
    assert parsed.header.workshop_code == "3045678901"
    assert parsed.header.workshop_name == "شرکت نمونه پارس"
    assert parsed.rows[0].nationality == "ایرانی"
    assert check(parsed, RATES).ok
    # And the totals can be computed for the DBF download
    kar, wor = write_dbf_pair(with_computed_totals(parsed, RATES))
    assert load({"DSKKAR00.DBF": kar, "DSKWOR00.DBF": wor}).header.worker_count == 3


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_formula_in_a_text_cell_is_refused(start):
    data = csv_template(sample_list()).decode("utf-8-sig").replace("مریم", f"{start}HYPERLINK()", 1)
    parsed = load_csv(data.encode("utf-8"))
    issues = {(i.file, i.row, i.field, i.code) for i in check(parsed, RATES).issues}
    assert ("CSV", 5, "DSW_FNAME", "formula") in issues


def test_csv_header_value_issue_names_line_two():
    data = csv_template(sample_list()).decode("utf-8-sig").replace("3045678901", "30456", 1)
    issues = {
        (i.file, i.row, i.field, i.code) for i in check(load_csv(data.encode()), RATES).issues
    }
    assert ("CSV", 2, "DSK_ID", "workshop_code") in issues


def test_xlsx_with_a_formula_is_refused():
    # Given an XLSX whose sheet holds a formula cell
    data = xlsx_template(sample_list())
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(
                    b'<row r="5">', b'<row r="5"><c r="ZZ5"><f>1+1</f><v>2</v></c>', 1
                )
            target.writestr(info, content)

    # Then it is refused
    with pytest.raises(ListFileError) as error:
        load_xlsx(out.getvalue())
    assert error.value.issues[0].code == "formula"


def test_zip_bomb_xlsx_is_refused_before_calamine_opens_it():
    # Given a "workbook" with one member that inflates to 300 MB of zeros
    out = io.BytesIO()
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member,
    ):
        chunk = b"\0" * (1 << 20)
        for _ in range(300):
            member.write(chunk)
    data = out.getvalue()
    assert len(data) < 1_000_000

    # Then it is refused as a zip bomb
    with pytest.raises(ListFileError) as error:
        load_xlsx(data)
    assert error.value.issues[0].code == "xlsx_bomb"


def test_lying_zip_sizes_are_caught_while_inflating():
    # Given a small declared size, the real inflation is counted against the budget
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (3 << 20))
    with pytest.raises(ListFileError) as error:
        load_xlsx(out.getvalue(), max_bytes=200_000)
    assert error.value.issues[0].code == "xlsx_bomb"


def test_csv_limits():
    with pytest.raises(ListFileError) as error:
        load_csv(b"DSK_ID\n1\n" * 100, max_bytes=50)
    assert error.value.issues[0].code == "file_too_large"
    many = csv_template(sample_list()) + b"\r\n".join([b"12345678,a,b"] * 30)
    with pytest.raises(ListFileError) as error:
        load_csv(many, max_rows=10)
    assert error.value.issues[0].code == "too_many_rows"


def test_not_a_workbook_is_refused():
    with pytest.raises(ListFileError):
        load_xlsx(b"PK\x03\x04garbage")
    with pytest.raises(ListFileError):
        load_csv(b"just,some\ntext")


def test_load_dispatches_single_files():
    assert load({"list.csv": csv_template(sample_list())}).source_format == "csv"
    assert load({"list.xlsx": xlsx_template(sample_list())}).source_format == "xlsx"


def test_persian_digits_in_a_utf8_csv_become_ascii():
    data = csv_template(sample_list()).decode("utf-8-sig").replace("3045678901", "۳۰۴۵۶۷۸۹۰۱")
    parsed = load_csv(data.encode("utf-8"))
    assert parsed.header.workshop_code == "3045678901"
    assert check(parsed, RATES).ok
