"""load(): pick the reader by file names and content."""

from __future__ import annotations

from collections.abc import Mapping

from employers.listfile.dbf import load_dbf_pair
from employers.listfile.limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS
from employers.listfile.tabular import load_csv, load_xlsx
from employers.listfile.types import ListFileError, ListIssue, ParsedList


def _fail(code: str, message: str) -> ListFileError:
    return ListFileError([ListIssue(file="", row=0, field="", code=code, message=message)])


def _stem(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[0].upper() if "." in base else base.upper()


def load(
    files: Mapping[str, bytes],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> ParsedList:
    """Two files named DSKKAR00/DSKWOR00 (any case/extension) or one CSV/XLSX.

    With two files of other names, the one with a single record is the header;
    a single file is an XLSX when it is a zip (starts with PK), a CSV otherwise.
    """
    items = list(files.items())
    if len(items) == 2:
        by_stem = {_stem(name): data for name, data in items}
        if "DSKKAR00" in by_stem and "DSKWOR00" in by_stem:
            return load_dbf_pair(
                by_stem["DSKKAR00"], by_stem["DSKWOR00"], max_bytes=max_bytes, max_rows=max_rows
            )
        (_, first), (_, second) = items
        if first[:1] == b"\x03" and second[:1] == b"\x03":
            first_count = int.from_bytes(first[4:8], "little") if len(first) >= 8 else 0
            if first_count == 1:
                return load_dbf_pair(first, second, max_bytes=max_bytes, max_rows=max_rows)
            return load_dbf_pair(second, first, max_bytes=max_bytes, max_rows=max_rows)
        raise _fail("files_unknown", "دو فایل باید DSKKAR00.DBF و DSKWOR00.DBF باشند.")
    if len(items) == 1:
        name, data = items[0]
        if not isinstance(data, bytes | bytearray):
            raise _fail("not_bytes", "فایل خوانده نشد.")
        lower = name.lower()
        if lower.endswith(".dbf") or data[:1] == b"\x03":
            raise _fail(
                "dbf_pair_needed",
                "فایل‌های DBF باید با هم بارگذاری شوند: DSKKAR00.DBF و DSKWOR00.DBF.",
            )
        if data[:2] == b"PK" or lower.endswith(".xlsx"):
            return load_xlsx(data, max_bytes=max_bytes, max_rows=max_rows)
        return load_csv(data, max_bytes=max_bytes, max_rows=max_rows)
    raise _fail(
        "files_count",
        "یا دو فایل DSKKAR00.DBF و DSKWOR00.DBF را بارگذاری کنید، یا یک فایل CSV یا XLSX.",
    )
