"""load(): pick the reader by file names and content."""

from __future__ import annotations

from collections.abc import Mapping

from employers.listfile.limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS
from employers.listfile.types import ParsedList


def load(
    files: Mapping[str, bytes],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> ParsedList:
    raise NotImplementedError
