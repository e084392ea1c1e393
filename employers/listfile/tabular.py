"""CSV and XLSX lists: the DSKWOR00 columns plus a header section."""

from __future__ import annotations

from employers.listfile.limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS
from employers.listfile.types import ParsedList


def load_csv(
    data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, max_rows: int = DEFAULT_MAX_ROWS
) -> ParsedList:
    raise NotImplementedError


def load_xlsx(
    data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, max_rows: int = DEFAULT_MAX_ROWS
) -> ParsedList:
    raise NotImplementedError


def csv_template() -> bytes:
    raise NotImplementedError


def xlsx_template() -> bytes:
    raise NotImplementedError
