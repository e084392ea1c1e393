"""The one recogniser of list files, and load(): recognise, then read.

`recognise` decides from the names and the bytes what a set of files is — a DBF
pair (which one is DSKKAR00), one CSV or one XLSX — and `load` reads what it
decided. The portal's upload and parse and `manage.py monthly_list check` all go
through these two, so a set of files is accepted by both or refused by both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from employers.listfile.dbf import load_dbf_pair
from employers.listfile.limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS
from employers.listfile.messages import gettext
from employers.listfile.tabular import load_csv, load_xlsx
from employers.listfile.types import KAR, WOR, ListFileError, ListIssue, ParsedList

DBF, CSV, XLSX = "dbf", "csv", "xlsx"  # ParsedList.source_format (and employers' ListFormat)
DBF_VERSIONS = (b"\x03", b"\x83")
HEADER_FIELD = b"DSK_ID"  # the first field of DSKKAR00; DSKWOR00's fields start with DSW_


@dataclass(frozen=True)
class ListFiles:
    """What a set of files is. DBF: `kar` and `wor`; CSV/XLSX: `data` (and its `name`)."""

    source_format: str
    kar: bytes = b""
    wor: bytes = b""
    name: str = ""
    data: bytes = b""


def _fail(code: str, message: str) -> ListFileError:
    return ListFileError([ListIssue(file="", row=0, field="", code=code, message=message)])


def _stem(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[0].upper() if "." in base else base.upper()


def _is_dbf(data: bytes) -> bool:
    return data[:1] in DBF_VERSIONS


def _field_names(data: bytes) -> bytes:
    """The field descriptor area of a DBF header (names and all), or b"" when too short."""
    header_len = int.from_bytes(data[8:10], "little") if len(data) >= 10 else 0
    return data[32:header_len]


def _header_first(first: bytes, second: bytes) -> tuple[bytes, bytes]:
    """(DSKKAR00, DSKWOR00) of two DBFs with other names: the one whose fields are the
    header's (DSK_ID); else the one holding a single record (a one-worker list has one
    record in each, so the field names decide first)."""
    first_is_header = HEADER_FIELD in _field_names(first)
    second_is_header = HEADER_FIELD in _field_names(second)
    if first_is_header != second_is_header:
        return (first, second) if first_is_header else (second, first)
    first_count = int.from_bytes(first[4:8], "little") if len(first) >= 8 else 0
    return (first, second) if first_count == 1 else (second, first)


def recognise(files: Mapping[str, bytes]) -> ListFiles:
    """Two files named DSKKAR00/DSKWOR00 (any case/extension) or two other DBFs → a DBF
    pair; one file → XLSX when it is a zip (starts with PK) or named .xlsx, else CSV.
    Anything else raises ListFileError with the reason."""
    items = list(files.items())
    if len(items) == 2:
        by_stem = {_stem(name): data for name, data in items}
        if KAR in by_stem and WOR in by_stem:
            return ListFiles(source_format=DBF, kar=by_stem[KAR], wor=by_stem[WOR])
        (_, first), (_, second) = items
        if _is_dbf(first) and _is_dbf(second):
            kar, wor = _header_first(first, second)
            return ListFiles(source_format=DBF, kar=kar, wor=wor)
        raise _fail("files_unknown", gettext("دو فایل باید DSKKAR00.DBF و DSKWOR00.DBF باشند."))
    if len(items) == 1:
        name, data = items[0]
        if not isinstance(data, bytes | bytearray):
            raise _fail("not_bytes", gettext("فایل خوانده نشد."))
        lower = name.lower()
        if lower.endswith(".dbf") or _is_dbf(data):
            raise _fail(
                "dbf_pair_needed",
                gettext("فایل‌های DBF باید با هم بارگذاری شوند: DSKKAR00.DBF و DSKWOR00.DBF."),
            )
        if data[:2] == b"PK" or lower.endswith(".xlsx"):
            return ListFiles(source_format=XLSX, name=name, data=bytes(data))
        return ListFiles(source_format=CSV, name=name, data=bytes(data))
    raise _fail(
        "files_count",
        gettext("یا دو فایل DSKKAR00.DBF و DSKWOR00.DBF را بارگذاری کنید، یا یک فایل CSV یا XLSX."),
    )


def read(
    files: ListFiles, *, max_bytes: int = DEFAULT_MAX_BYTES, max_rows: int = DEFAULT_MAX_ROWS
) -> ParsedList:
    """Read recognised files with the reader of their format."""
    if files.source_format == DBF:
        return load_dbf_pair(files.kar, files.wor, max_bytes=max_bytes, max_rows=max_rows)
    if files.source_format == XLSX:
        return load_xlsx(files.data, max_bytes=max_bytes, max_rows=max_rows)
    return load_csv(files.data, max_bytes=max_bytes, max_rows=max_rows)


def load(
    files: Mapping[str, bytes],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> ParsedList:
    """`recognise` then `read`: {file name: bytes} in, the parsed list out."""
    return read(recognise(files), max_bytes=max_bytes, max_rows=max_rows)
