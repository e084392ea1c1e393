"""DSKKAR00 + DSKWOR00 (dBase III) reader and writer."""

from __future__ import annotations

from employers.listfile.limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS
from employers.listfile.types import ParsedList


def load_dbf_pair(
    kar: bytes, wor: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, max_rows: int = DEFAULT_MAX_ROWS
) -> ParsedList:
    raise NotImplementedError


def write_dbf_pair(parsed: ParsedList) -> tuple[bytes, bytes]:
    raise NotImplementedError
