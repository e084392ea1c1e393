"""CSV and XLSX lists: the DSKWOR00 columns plus a header section.

Layout (docs/monthly-list.md), the same for CSV and the first XLSX sheet:
  line 1  header field names (DSK_ID, DSK_NAME, DSK_FARM, DSK_ADRS, DSK_YY, DSK_MM, ...)
  line 2  their values
  line 3  empty
  line 4  worker column names (DSW_ID1, DSW_FNAME, ... PER_NATCOD, and optionally UNEMP)
  line 5… one worker per line
Any DSKKAR00/DSKWOR00 field may be left out; DSW_ID/YY/MM/LISTNO default to the
header's values; header totals left out are not reconciled (the portal
recomputes them). DSK_YY may be the full year (1404) or two digits. UNEMP (1/0,
default 1) says whether the worker is covered by unemployment insurance. A row
number in an issue is the line number in the file.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from typing import Any

from employers.listfile import encoding as enc
from employers.listfile.dbf import (
    KAR_ATTRS,
    KAR_FIELDS,
    KAR_TYPES,
    WOR_ATTRS,
    WOR_FIELDS,
    WOR_TYPES,
    full_year,
)
from employers.listfile.limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS
from employers.listfile.messages import gettext
from employers.listfile.sheet_extent import NotWellFormed, SheetTooLarge, WorkbookExtent
from employers.listfile.types import (
    CSV,
    XLSX,
    ListFileError,
    ListHeader,
    ListIssue,
    ListRow,
    ParsedList,
)
from tamin.core.jalali import persian_digits

UNEMP = "UNEMP"
HEADER_COLUMNS = (
    "DSK_ID",
    "DSK_NAME",
    "DSK_FARM",
    "DSK_ADRS",
    "DSK_YY",
    "DSK_MM",
    "DSK_LISTNO",
    "DSK_DISC",
)
WORKER_COLUMNS = (
    *tuple(
        name
        for name, _, _ in WOR_FIELDS
        if name not in ("DSW_ID", "DSW_YY", "DSW_MM", "DSW_LISTNO")
    ),
    UNEMP,
)
# Lines around the workers: header names, header values, a blank line, worker column names
# (and some slack for blank lines a spreadsheet adds).
LAYOUT_LINES = 10
# The widest line the layout defines is every DSKWOR00 field plus UNEMP (30 columns); a
# list may carry a few columns of its own, which are ignored. A wider file is refused
# before it is read: calamine makes every row as wide as the widest one.
FORMAT_COLUMNS = max(len(KAR_FIELDS), len(WOR_FIELDS) + 1)
MAX_COLUMNS = FORMAT_COLUMNS + 20
# A CSV line longer than this is not a list line (a DSKWOR00 record is under 600 characters).
MAX_CSV_LINE_CHARS = 16_384
# An XLSX is a zip: refuse before calamine inflates it (zip bomb).
MAX_XLSX_ENTRIES = 1000
MAX_XLSX_RATIO = 100
MAX_XLSX_UNCOMPRESSED_FACTOR = 10  # × max_bytes


def _fail(file: str, code: str, message: str) -> ListFileError:
    return ListFileError([ListIssue(file=file, row=0, field="", code=code, message=message)])


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _number(file: str, line: int, field: str, text: str, issues: list[ListIssue]) -> int:
    value = text.strip().replace(",", "")
    if not value:
        return 0
    if value.endswith(".0"):
        value = value[:-2]
    if not (value.isascii() and value.isdigit()):
        issues.append(
            ListIssue(
                file,
                line,
                field,
                "number_invalid",
                gettext("مقدار «%(text)s» عدد صحیح نامنفی نیست.") % {"text": text},
            )
        )
        return 0
    return int(value)


def _text(file: str, line: int, field: str, text: str, issues: list[ListIssue]) -> str:
    value = enc.normalize_text(text)
    if value != value.strip():
        issues.append(
            ListIssue(
                file,
                line,
                field,
                "space_edges",
                gettext("متن این خانه با فاصله شروع یا تمام شده است."),
            )
        )
    return value.strip()


def _parse_lines(
    file: str, lines: list[tuple[int, list[str]]], max_rows: int, encoding: str
) -> ParsedList:
    issues: list[ListIssue] = []
    lines = [(n, [_cell(c) for c in cells]) for n, cells in lines]
    nonblank_at = [i for i, (_, cells) in enumerate(lines) if any(c.strip() for c in cells)]
    if not nonblank_at:
        raise _fail(file, "tabular_layout", gettext("فایل خالی است."))
    first = nonblank_at[0]
    names = lines[first][1]
    # The header values are the line right after the names, even when left empty.
    values_line, values = lines[first + 1] if first + 1 < len(lines) else (lines[first][0] + 1, [])
    names = [enc.normalize_text(c).strip().upper() for c in names]
    if "DSK_ID" not in names:
        raise _fail(
            file,
            "tabular_layout",
            gettext("سطر اول باید نام ستون‌های سرآیند باشد (DSK_ID، DSK_NAME، ...)."),
        )
    header_values: dict[str, Any] = {}
    raw: dict[str, str] = {}
    for index, name in enumerate(names):
        if name not in KAR_ATTRS:
            continue
        text = values[index] if index < len(values) else ""
        raw[name] = text
        if KAR_TYPES[name] == "N":
            header_values[KAR_ATTRS[name]] = _number(file, values_line, name, text, issues)
        else:
            header_values[KAR_ATTRS[name]] = _text(file, values_line, name, text, issues)
    if "year" in header_values:
        header_values["year"] = (
            full_year(header_values["year"]) if raw.get("DSK_YY", "").strip() else 0
        )
    header = ListHeader(**header_values, raw={k: v for k, v in raw.items() if v.strip()})

    rest = [lines[i] for i in nonblank_at if i > first + 1]
    if not rest:
        return ParsedList(header, (), file.lower(), encoding, file.lower(), tuple(issues))
    (columns_line, columns), body = rest[0], rest[1:]
    columns = [enc.normalize_text(c).strip().upper() for c in columns]
    if "DSW_ID1" not in columns:
        raise _fail(
            file,
            "tabular_layout",
            gettext("سطر %(columns_line)s باید نام ستون‌های کارگران باشد (DSW_ID1، ...).")
            % {"columns_line": columns_line},
        )
    if len(body) > max_rows:
        raise _fail(
            file,
            "too_many_rows",
            gettext("فایل %(count)s ردیف دارد؛ بیشترین تعداد مجاز %(max_rows)s است.")
            % {"count": len(body), "max_rows": max_rows},
        )
    rows = []
    for line, cells in body:
        values_by_attr: dict[str, Any] = {
            "workshop_code": header.workshop_code,
            "year": header.year,
            "month": header.month,
            "list_no": header.list_no,
        }
        year_given = False  # DSW_YY present and not blank (raw texts are not kept)
        covered = True
        for index, name in enumerate(columns):
            text = cells[index] if index < len(cells) else ""
            if name == UNEMP:
                covered = text.strip() not in ("0", "خیر", "no", "No", "NO")
                continue
            if name not in WOR_ATTRS:
                continue
            if name == "DSW_YY":
                year_given = bool(text.strip())
            attr = WOR_ATTRS[name]
            if WOR_TYPES[name] == "N" or name == "DSW_SPOUSE":
                values_by_attr[attr] = _number(file, line, name, text, issues)
            else:
                values_by_attr[attr] = _text(file, line, name, text, issues)
        if year_given:
            values_by_attr["year"] = full_year(values_by_attr["year"])
        rows.append(ListRow(row_number=line, unemployment_covered=covered, **values_by_attr))
    return ParsedList(header, tuple(rows), file.lower(), encoding, file.lower(), tuple(issues))


def load_csv(
    data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, max_rows: int = DEFAULT_MAX_ROWS
) -> ParsedList:
    """UTF-8 (with or without BOM) or Windows-1256; comma separated."""
    if not isinstance(data, bytes | bytearray):
        raise _fail(CSV, "not_bytes", gettext("فایل خوانده نشد."))
    if len(data) > max_bytes:
        raise _fail(
            CSV,
            "file_too_large",
            gettext("فایل بزرگ‌تر از حد مجاز (%(megabytes)s مگابایت) است.")
            % {"megabytes": max_bytes // (1024 * 1024)},
        )
    if b"\x00" in data:
        raise _fail(CSV, "not_text", gettext("این فایل CSV متنی نیست."))
    try:
        text, encoding = bytes(data).decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = bytes(data).decode("cp1256", errors="replace"), "cp1256"
    if text.count("\n") > max_rows + LAYOUT_LINES:
        raise _fail(
            CSV,
            "too_many_rows",
            gettext("فایل بیش از %(max_rows)s ردیف دارد.") % {"max_rows": max_rows},
        )
    try:
        reader = csv.reader(_bounded_lines(text))
        lines = []
        for cells in reader:
            if len(cells) > MAX_COLUMNS:
                raise _too_many_fields(reader.line_num)
            lines.append((reader.line_num, cells))
    except csv.Error as exc:
        raise _fail(
            CSV, "csv_broken", gettext("فایل CSV خراب است: %(exc)s") % {"exc": exc}
        ) from exc
    return _parse_lines(CSV, lines, max_rows, encoding)


def _too_many_fields(line: int) -> ListFileError:
    return _fail(
        CSV,
        "too_many_columns",
        gettext("سطر %(line)s فایل بیش از %(max_columns)s ستون دارد؛ یک فهرست این‌قدر ستون ندارد.")
        % {"line": persian_digits(line), "max_columns": persian_digits(MAX_COLUMNS)},
    )


def _bounded_lines(text: str) -> Iterator[str]:
    """The CSV's physical lines; one too long is refused before csv splits it into fields."""
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if len(line) > MAX_CSV_LINE_CHARS:
            raise _fail(
                CSV,
                "line_too_long",
                gettext(
                    "سطر %(number)s فایل بیش از %(max_csv_line_chars)s نویسه دارد؛ "
                    "این سطرِ یک فهرست نیست."
                )
                % {
                    "number": persian_digits(number),
                    "max_csv_line_chars": persian_digits(MAX_CSV_LINE_CHARS),
                },
            )
        yield line


def _check_zip(data: bytes, max_bytes: int, max_rows: int) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError) as exc:
        raise _fail(
            XLSX, "xlsx_broken", gettext("فایل اکسل (XLSX) خراب است یا XLSX نیست.")
        ) from exc
    if len(infos) > MAX_XLSX_ENTRIES:
        raise _fail(XLSX, "xlsx_bomb", gettext("فایل اکسل بیش از اندازه جزء دارد."))
    budget = max_bytes * MAX_XLSX_UNCOMPRESSED_FACTOR
    declared = sum(info.file_size for info in infos)
    if declared > budget or any(
        info.file_size > MAX_XLSX_RATIO * max(info.compress_size, 1) and info.file_size > 1_000_000
        for info in infos
    ):
        raise _fail(
            XLSX, "xlsx_bomb", gettext("فایل اکسل پس از باز شدن بیش از حد بزرگ می‌شود (zip bomb).")
        )
    # Header sizes can lie: inflate for real, within the budget, before calamine does; the
    # same pass measures how far the sheets reach (sheet_extent).
    total = 0
    extent = WorkbookExtent(max_row=max_rows + LAYOUT_LINES, max_columns=MAX_COLUMNS)
    try:
        for info in infos:
            scan = extent.member()
            with archive.open(info) as member:
                while chunk := member.read(1 << 16):
                    total += len(chunk)
                    if total > budget:
                        raise _fail(
                            XLSX,
                            "xlsx_bomb",
                            gettext("فایل اکسل پس از باز شدن بیش از حد بزرگ می‌شود (zip bomb)."),
                        )
                    if (
                        info.filename.startswith("xl/worksheets/")
                        and b"<f" in chunk
                        and (b"<f>" in chunk or b"<f " in chunk)
                    ):
                        raise _fail(
                            XLSX,
                            "formula",
                            gettext("فایل اکسل فرمول دارد؛ فقط مقدار بنویسید (Paste Values)."),
                        )
                    scan.feed(chunk)
            scan.close()
        extent.finish()
    except ListFileError:
        raise
    except SheetTooLarge as exc:
        raise _fail(XLSX, exc.code, exc.message) from exc
    except NotWellFormed as exc:
        raise _fail(XLSX, "xlsx_broken", gettext("فایل اکسل (XLSX) خراب است.")) from exc
    except Exception as exc:
        raise _fail(XLSX, "xlsx_broken", gettext("فایل اکسل (XLSX) خراب است.")) from exc


def load_xlsx(
    data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, max_rows: int = DEFAULT_MAX_ROWS
) -> ParsedList:
    """The first sheet, with the CSV layout; formulas are refused."""
    if not isinstance(data, bytes | bytearray):
        raise _fail(XLSX, "not_bytes", gettext("فایل خوانده نشد."))
    data = bytes(data)
    if len(data) > max_bytes:
        raise _fail(
            XLSX,
            "file_too_large",
            gettext("فایل بزرگ‌تر از حد مجاز (%(megabytes)s مگابایت) است.")
            % {"megabytes": max_bytes // (1024 * 1024)},
        )
    _check_zip(data, max_bytes, max_rows)
    try:
        from python_calamine import CalamineWorkbook

        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_index(0)
        if sheet.height > max_rows + LAYOUT_LINES:
            raise _fail(
                XLSX,
                "too_many_rows",
                gettext("فایل بیش از %(max_rows)s ردیف دارد.") % {"max_rows": max_rows},
            )
        table = sheet.to_python(skip_empty_area=False)
    except ListFileError:
        raise
    except Exception as exc:
        raise _fail(XLSX, "xlsx_broken", gettext("فایل اکسل (XLSX) خوانده نشد.")) from exc
    return _parse_lines(
        XLSX, [(n, list(cells)) for n, cells in enumerate(table, start=1)], max_rows, "utf-8"
    )


# --- templates -----------------------------------------------------------------------------


def _template_rows(parsed: ParsedList | None = None) -> list[list[str]]:
    header_names = [name for name, _, _ in KAR_FIELDS]
    if parsed is None:
        return [list(HEADER_COLUMNS), [""] * len(HEADER_COLUMNS), [], list(WORKER_COLUMNS)]
    from employers.listfile.dbf import header_values, row_values

    hv = header_values(parsed.header)
    hv["DSK_YY"] = parsed.header.year
    rows = [header_names, [str(hv[name]) for name in header_names], [], list(WORKER_COLUMNS)]
    for row in parsed.rows:
        values = row_values(row)
        rows.append(
            [
                ("1" if row.unemployment_covered else "0") if c == UNEMP else str(values[c])
                for c in WORKER_COLUMNS
            ]
        )
    return rows


def csv_template(parsed: ParsedList | None = None) -> bytes:
    """The empty CSV layout (or `parsed` in it), UTF-8 with BOM so Excel shows Persian."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(_template_rows(parsed))
    return out.getvalue().encode("utf-8-sig")


def _xml_escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def xlsx_template(parsed: ParsedList | None = None) -> bytes:
    """A minimal XLSX (inline strings, text cells only) with the same layout as the CSV."""
    sheet_rows = []
    for r, cells in enumerate(_template_rows(parsed), start=1):
        xml_cells = "".join(
            f'<c r="{_column(c)}{r}" t="inlineStr"><is><t>{_xml_escape(v)}</t></is></c>'
            for c, v in enumerate(cells)
            if v != ""
        )
        sheet_rows.append(f'<row r="{r}">{xml_cells}</row>')
    ns = "http://schemas.openxmlformats.org"
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<Types xmlns="{ns}/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<workbook xmlns="{ns}/spreadsheetml/2006/main" '
            f'xmlns:r="{ns}/officeDocument/2006/relationships">'
            '<sheets><sheet name="list" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<worksheet xmlns="{ns}/spreadsheetml/2006/main"><sheetData>'
            + "".join(sheet_rows)
            + "</sheetData></worksheet>"
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(
                zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0)),
                content.encode("utf-8"),
                zipfile.ZIP_DEFLATED,
            )
    return out.getvalue()
