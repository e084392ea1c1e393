"""DSKKAR00 + DSKWOR00 (dBase III) reader and writer (DOMAIN.md §6).

The reader is our own (not dbfread) so that every malformed byte string ends
in a ListFileError or a field-level ListIssue: header checks first, then record
slices. The writer copies the official ListDisk v6 header bytes (see
docs/monthly-list.md) and only patches the record count.
"""

from __future__ import annotations

import struct
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from employers.listfile import encoding as enc
from employers.listfile.fields import WOR_ATTRS  # the one row field table
from employers.listfile.limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS
from employers.listfile.messages import gettext
from employers.listfile.types import (
    KAR,
    WOR,
    ListFileError,
    ListHeader,
    ListIssue,
    ListRow,
    ParsedList,
)
from tamin.core.jalali import persian_digits

# (name, type, length) in file order; v2.7 lacks the last two of each file.
KAR_FIELDS: tuple[tuple[str, str, int], ...] = (
    ("DSK_ID", "C", 10),
    ("DSK_NAME", "C", 30),
    ("DSK_FARM", "C", 30),
    ("DSK_ADRS", "C", 40),
    ("DSK_KIND", "N", 1),
    ("DSK_YY", "N", 2),
    ("DSK_MM", "N", 2),
    ("DSK_LISTNO", "C", 12),
    ("DSK_DISC", "C", 30),
    ("DSK_NUM", "N", 5),
    ("DSK_TDD", "N", 6),
    ("DSK_TROOZ", "N", 12),
    ("DSK_TMAH", "N", 12),
    ("DSK_TMAZ", "N", 12),
    ("DSK_TMASH", "N", 12),
    ("DSK_TTOTL", "N", 12),
    ("DSK_TBIME", "N", 12),
    ("DSK_TKOSO", "N", 12),
    ("DSK_BIC", "N", 12),
    ("DSK_RATE", "N", 5),
    ("DSK_PRATE", "N", 2),
    ("DSK_BIMH", "N", 12),
    ("MON_PYM", "C", 3),
    ("DSK_INC", "N", 12),
    ("DSK_SPOUSE", "N", 12),
)
WOR_FIELDS: tuple[tuple[str, str, int], ...] = (
    ("DSW_ID", "C", 10),
    ("DSW_YY", "N", 2),
    ("DSW_MM", "N", 2),
    ("DSW_LISTNO", "C", 12),
    ("DSW_ID1", "C", 8),
    ("DSW_FNAME", "C", 60),
    ("DSW_LNAME", "C", 60),
    ("DSW_DNAME", "C", 60),
    ("DSW_IDNO", "C", 15),
    ("DSW_IDPLC", "C", 30),
    ("DSW_IDATE", "C", 8),
    ("DSW_BDATE", "C", 8),
    ("DSW_SEX", "C", 3),
    ("DSW_NAT", "C", 10),
    ("DSW_OCP", "C", 50),
    ("DSW_SDATE", "C", 8),
    ("DSW_EDATE", "C", 8),
    ("DSW_DD", "N", 2),
    ("DSW_ROOZ", "N", 12),
    ("DSW_MAH", "N", 12),
    ("DSW_MAZ", "N", 12),
    ("DSW_MASH", "N", 12),
    ("DSW_TOTL", "N", 12),
    ("DSW_BIME", "N", 12),
    ("DSW_PRATE", "N", 2),
    ("DSW_JOB", "C", 6),
    ("PER_NATCOD", "C", 10),
    ("DSW_INC", "N", 12),
    ("DSW_SPOUSE", "C", 10),
)
KAR_V27 = frozenset(name for name, _, _ in KAR_FIELDS[:-2])
WOR_V27 = frozenset(name for name, _, _ in WOR_FIELDS[:-2])
KAR_TYPES = {name: kind for name, kind, _ in KAR_FIELDS}
WOR_TYPES = {name: kind for name, kind, _ in WOR_FIELDS}
# DSW_SPOUSE is C10 in the file but holds an amount.
NUMERIC_TEXT = frozenset({"DSW_SPOUSE"})

# ListHeader / ListRow attribute of each field.
KAR_ATTRS = {
    "DSK_ID": "workshop_code",
    "DSK_NAME": "workshop_name",
    "DSK_FARM": "employer_name",
    "DSK_ADRS": "address",
    "DSK_KIND": "kind",
    "DSK_YY": "year",
    "DSK_MM": "month",
    "DSK_LISTNO": "list_no",
    "DSK_DISC": "description",
    "DSK_NUM": "worker_count",
    "DSK_TDD": "total_days",
    "DSK_TROOZ": "total_daily_wage",
    "DSK_TMAH": "total_monthly_wage",
    "DSK_TMAZ": "total_benefits",
    "DSK_TMASH": "total_insurable",
    "DSK_TTOTL": "total_pay",
    "DSK_TBIME": "total_insured_share",
    "DSK_TKOSO": "total_employer_share",
    "DSK_BIC": "total_unemployment",
    "DSK_RATE": "rate",
    "DSK_PRATE": "prate",
    "DSK_BIMH": "bimh",
    "MON_PYM": "contract_row",
    "DSK_INC": "total_seniority",
    "DSK_SPOUSE": "total_spouse",
}
_TEMPLATE_DIR = Path(__file__).resolve().parent / "reference"


def full_year(yy: int) -> int:
    """DSK_YY holds the Jalali year % 100: 50–99 → 13YY, 00–49 → 14YY."""
    if yy >= 100:
        return yy
    return 1300 + yy if yy >= 50 else 1400 + yy


class _Records:
    """The records of a table that are not deleted, as (1-based record number, record bytes
    without the flag), sliced from the file's bytes when read: the table never holds a
    second copy of the file (4 bytes a record)."""

    __slots__ = ("_data", "_header_len", "_indexes", "_record_len")

    def __init__(self, data: bytes, header_len: int, record_len: int, indexes: array):
        self._data, self._header_len, self._record_len = data, header_len, record_len
        self._indexes = indexes  # 0-based record indexes

    def __len__(self) -> int:
        return len(self._indexes)

    def _record(self, index: int) -> tuple[int, bytes]:
        start = self._header_len + index * self._record_len + 1
        return index + 1, self._data[start : start + self._record_len - 1]

    def __getitem__(self, position: int) -> tuple[int, bytes]:
        return self._record(self._indexes[position])

    def __iter__(self) -> Iterator[tuple[int, bytes]]:
        return map(self._record, self._indexes)


@dataclass
class _Table:
    file: str
    fields: list[tuple[str, str, int, int]]  # name, type, offset in record, length
    records: _Records  # (1-based record number, record bytes without flag)
    layout: str
    deleted: list[int]  # 1-based numbers of records flagged deleted ('*'): reported, not read


def _fail(file: str, code: str, message: str, field: str = "") -> ListFileError:
    return ListFileError([ListIssue(file=file, row=0, field=field, code=code, message=message)])


def _read_table(data: bytes, file: str, spec, v27, max_bytes: int, max_rows: int) -> _Table:
    if len(data) > max_bytes:
        raise _fail(
            file,
            "file_too_large",
            gettext("فایل %(file)s بزرگ‌تر از حد مجاز (%(megabytes)s مگابایت) است.")
            % {"file": file, "megabytes": max_bytes // (1024 * 1024)},
        )
    if len(data) < 33:
        raise _fail(
            file,
            "dbf_truncated",
            gettext("فایل %(file)s ناقص است یا فایل DBF نیست.") % {"file": file},
        )
    if data[0] not in (0x03, 0x83):
        raise _fail(
            file,
            "dbf_version",
            gettext("فایل %(file)s فایل DBF نسخه dBase III نیست.") % {"file": file},
        )
    count, header_len, record_len = struct.unpack_from("<IHH", data, 4)
    if header_len < 33 or header_len > len(data) or record_len < 1:
        raise _fail(file, "dbf_header", gettext("سرآیند فایل %(file)s خراب است.") % {"file": file})
    fields: list[tuple[str, str, int, int]] = []
    offset = 0
    pos = 32
    while pos + 32 <= header_len and data[pos] != 0x0D:
        raw_name = data[pos : pos + 11].split(b"\x00", 1)[0]
        try:
            name = raw_name.decode("ascii").strip().upper()
        except UnicodeDecodeError as exc:
            raise _fail(
                file,
                "dbf_header",
                gettext("نام یک فیلد در فایل %(file)s خراب است.") % {"file": file},
            ) from exc
        kind = chr(data[pos + 11])
        length = data[pos + 16]
        fields.append((name, kind, offset, length))
        offset += length
        pos += 32
    if offset + 1 != record_len:
        raise _fail(
            file,
            "dbf_header",
            gettext("طول رکوردهای فایل %(file)s با فیلدهای آن نمی‌خواند.") % {"file": file},
        )
    names = {name for name, _, _, _ in fields}
    required = {name for name, _, _ in spec}
    if required <= names:
        layout = "v6"
    elif v27 <= names:
        layout = "v2.7"
    else:
        missing = "، ".join(sorted(v27 - names))
        raise _fail(
            file,
            "dbf_layout",
            gettext("فایل %(file)s ساختار لیست بیمه را ندارد؛ این فیلدها نیستند: %(missing)s")
            % {"file": file, "missing": missing},
        )
    if count > max_rows:
        raise _fail(
            file,
            "too_many_rows",
            gettext("فایل %(file)s %(count)s رکورد دارد؛ بیشترین تعداد مجاز %(max_rows)s است.")
            % {"file": file, "count": count, "max_rows": max_rows},
        )
    available = (len(data) - header_len) // record_len
    if count > available:
        raise _fail(
            file,
            "dbf_truncated",
            gettext(
                "سرآیند فایل %(file)s %(count)s رکورد اعلام می‌کند ولی فایل فقط %(available)s رکورد "
                "دارد؛ فایل ناقص است."
            )
            % {"file": file, "count": count, "available": available},
        )
    indexes = array("I")
    deleted = []
    for index in range(count):
        if data[header_len + index * record_len] == 0x2A:  # '*' = deleted record
            deleted.append(index + 1)
            continue
        indexes.append(index)
    records = _Records(data, header_len, record_len, indexes)
    return _Table(file=file, fields=fields, records=records, layout=layout, deleted=deleted)


def _deleted_issues(table: _Table) -> list[ListIssue]:
    """A record flagged deleted is still in the file: say so with its row, never skip it silently.

    A payroll program that deletes a worker without packing the file leaves the record;
    the employer must know it is not part of the list (pack the file or restore it).
    """
    return [
        ListIssue(
            table.file,
            row,
            "",
            "deleted_record",
            gettext(
                "رکورد %(row)s فایل %(file)s علامت حذف (*) دارد و جزو لیست خوانده نمی‌شود؛ "
                "فایل را در برنامه حقوق و دستمزد فشرده (pack) کنید یا رکورد را بازگردانید."
            )
            % {"row": persian_digits(row), "file": table.file},
        )
        for row in table.deleted
    ]


def _text_samples(table: _Table, types: dict[str, str]):
    text_fields = [(o, ln) for name, _, o, ln in table.fields if types.get(name) == "C"]
    for _, record in table.records:
        for offset, length in text_fields:
            yield record[offset : offset + length]


class _Reader:
    """Turns raw field bytes into typed values, collecting field-level issues."""

    def __init__(self, file: str, encoding: str, issues: list[ListIssue]):
        self.file = file
        self.encoding = encoding
        self.issues = issues

    def text(self, row: int, field: str, raw: bytes) -> tuple[str, str]:
        text, spaced = _text(raw, self.encoding)
        if spaced:
            self.issues.append(
                ListIssue(
                    self.file,
                    row,
                    field,
                    "space_edges",
                    gettext("متن این فیلد با فاصله شروع شده است."),
                )
            )
        return text, text

    def number(self, row: int, field: str, raw: bytes) -> tuple[int, str]:
        text = raw.strip(b" ")
        if text.isdigit():  # the usual case: right-aligned ASCII digits
            return int(text), text.decode("ascii")
        text = raw.replace(b"\x00", b" ").strip(b" ")
        try:
            shown = enc.normalize_text(text.decode("ascii"))
        except UnicodeDecodeError:
            shown = enc.decode(text, self.encoding)
        if not shown:
            return 0, shown
        digits = shown
        if digits.endswith(".") or (digits.count(".") == 1 and set(digits.split(".")[1]) <= {"0"}):
            digits = digits.split(".")[0]
        if not digits.isdigit() or not digits.isascii():
            self.issues.append(
                ListIssue(
                    self.file,
                    row,
                    field,
                    "number_invalid",
                    gettext("مقدار «%(shown)s» عدد صحیح نامنفی نیست.") % {"shown": shown},
                )
            )
            return 0, shown
        return int(digits), shown


@lru_cache(maxsize=131072)
def _text(raw: bytes, encoding: str) -> tuple[str, bool]:
    """(decoded text, starts with a space) of a space-padded C field."""
    value = raw.replace(b"\x00", b" ").rstrip(b" ")
    spaced = value != value.lstrip(b" ")
    return enc.decode(value.strip(b" \t"), encoding).strip(), spaced


def _plan(table: _Table, types: dict[str, str], attrs: dict[str, str]):
    """(name, attr, kind, start, end) of every known field; kind 0 text, 1 number, 2 number in text."""
    plan = []
    for name, _, offset, length in table.fields:
        if name in attrs:
            kind = 2 if name in NUMERIC_TEXT else (1 if types[name] == "N" else 0)
            plan.append((name, attrs[name], kind, offset, offset + length))
    return plan


def _convert(reader: _Reader, row: int, record: bytes, plan, year_field: str):
    """(attribute values, the raw text of each field); with `year_field` given, the raw texts
    are not kept (a worker row: 50,000 of them) and the second item is only that field's text."""
    converted: dict = {}
    raw: dict[str, str] = {}
    for name, attr, kind, start, end in plan:
        value = record[start:end]
        if kind == 1:
            converted[attr], text = reader.number(row, name, value)
        elif kind == 0:
            converted[attr], text = reader.text(row, name, value)
        else:
            text, _ = reader.text(row, name, value)
            converted[attr], text = reader.number(row, name, text.encode("utf-8"))
        if not year_field:
            raw[name] = text
        elif name == year_field:
            raw = {name: text}
    return converted, raw


def load_dbf_pair(
    kar: bytes, wor: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, max_rows: int = DEFAULT_MAX_ROWS
) -> ParsedList:
    if not isinstance(kar, bytes | bytearray) or not isinstance(wor, bytes | bytearray):
        raise _fail(KAR, "not_bytes", gettext("فایل‌ها خوانده نشدند."))
    kar, wor = bytes(kar), bytes(wor)
    kar_table = _read_table(kar, KAR, KAR_FIELDS, KAR_V27, max_bytes, 10)
    wor_table = _read_table(wor, WOR, WOR_FIELDS, WOR_V27, max_bytes, max_rows)
    issues: list[ListIssue] = [*_deleted_issues(kar_table), *_deleted_issues(wor_table)]
    kar_enc = enc.detect(_text_samples(kar_table, KAR_TYPES))
    wor_enc = enc.detect(_text_samples(wor_table, WOR_TYPES))

    if len(kar_table.records) != 1:
        issues.append(
            ListIssue(
                KAR,
                0,
                "",
                "header_record_count",
                gettext("فایل DSKKAR00 باید دقیقاً یک رکورد داشته باشد؛ %(count)s رکورد دارد.")
                % {"count": len(kar_table.records)},
            )
        )
    header = ListHeader()
    if kar_table.records:
        row_no, record = kar_table.records[0]
        kar_plan = _plan(kar_table, KAR_TYPES, KAR_ATTRS)
        converted, raw = _convert(_Reader(KAR, kar_enc, issues), row_no, record, kar_plan, "")
        converted["year"] = full_year(converted.get("year", 0)) if raw.get("DSK_YY") else 0
        header = ListHeader(**converted, raw=raw)

    rows = []
    reader = _Reader(WOR, wor_enc, issues)
    plan = _plan(wor_table, WOR_TYPES, WOR_ATTRS)
    for row_no, record in wor_table.records:
        converted, raw = _convert(reader, row_no, record, plan, "DSW_YY")
        converted["year"] = full_year(converted["year"]) if raw.get("DSW_YY") else 0
        rows.append(ListRow(row_number=row_no, **converted))
    encoding_name = (
        kar_enc if kar_enc == wor_enc or not kar_table.records else f"{kar_enc}/{wor_enc}"
    )
    if not any(_text_samples(kar_table, KAR_TYPES)):
        encoding_name = wor_enc
    return ParsedList(
        header=header,
        rows=tuple(rows),
        source_format="dbf",
        encoding=encoding_name,
        layout=wor_table.layout if wor_table.layout == kar_table.layout else "v2.7",
        issues=tuple(issues),
        coverage_stated=False,  # a DBF does not say who is covered by unemployment insurance
    )


# --- writer -------------------------------------------------------------------------------


def _template(name: str) -> bytes:
    return (_TEMPLATE_DIR / name).read_bytes()


class _Writer:
    def __init__(self, file: str):
        self.file = file
        self.issues: list[ListIssue] = []

    def field(self, row: int, name: str, kind: str, length: int, value) -> bytes:
        if kind == "N":
            text = str(int(value or 0)).encode("ascii")
            if int(value or 0) < 0 or len(text) > length:
                self.issues.append(
                    ListIssue(
                        self.file,
                        row,
                        name,
                        "number_overflow",
                        gettext("عدد %(value)s در فیلد %(name)s با %(length)s رقم جا نمی‌شود.")
                        % {"value": value, "name": name, "length": length},
                    )
                )
                return b"9" * length
            return text.rjust(length, b" ")
        text = "" if value is None else str(value)
        data = enc.encode_iran_system(text)
        if len(data) > length:
            self.issues.append(
                ListIssue(
                    self.file,
                    row,
                    name,
                    "text_too_long",
                    gettext("متن فیلد %(name)s از %(length)s نویسه بیشتر است.")
                    % {"name": name, "length": length},
                )
            )
            data = data[:length]
        return data.ljust(length, b" ")


def _write(template: str, file: str, spec, records: list[dict]) -> tuple[bytes, list[ListIssue]]:
    head = bytearray(_template(template))
    if head[-1] == 0x1A:
        head = head[:-1]
    struct.pack_into("<I", head, 4, len(records))
    writer = _Writer(file)
    out = bytearray(head)
    for index, values in enumerate(records, start=1):
        out += b" "
        for name, kind, length in spec:
            out += writer.field(index, name, kind, length, values.get(name))
    out += b"\x1a"
    return bytes(out), writer.issues


def header_values(header: ListHeader) -> dict:
    values = {name: getattr(header, attr) for name, attr in KAR_ATTRS.items()}
    values["DSK_YY"] = header.year % 100
    return values


def row_values(row: ListRow) -> dict:
    values = {name: getattr(row, attr) for name, attr in WOR_ATTRS.items()}
    values["DSW_YY"] = row.year % 100
    values["DSW_SPOUSE"] = str(row.spouse_allowance) if row.spouse_allowance else ""
    return values


def write_dbf_pair(parsed: ParsedList) -> tuple[bytes, bytes]:
    """The v6 pair in Iran System text, with the official header bytes and the 0x1A end marker.

    Raises ListFileError when a value does not fit its field (never truncates silently).
    """
    kar, kar_issues = _write("DSKKAR00.DBF", KAR, KAR_FIELDS, [header_values(parsed.header)])
    wor, wor_issues = _write("DSKWOR00.DBF", WOR, WOR_FIELDS, [row_values(r) for r in parsed.rows])
    if kar_issues or wor_issues:
        raise ListFileError(kar_issues + wor_issues)
    return kar, wor
