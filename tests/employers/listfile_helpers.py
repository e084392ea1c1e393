"""Builders of raw DBF bytes for the list-file tests (any encoding, layout, end marker)."""

from __future__ import annotations

import struct
from dataclasses import replace

from employers.listfile.dbf import KAR_FIELDS, WOR_FIELDS, header_values, row_values
from employers.listfile.samples import sample_list
from employers.listfile.types import ParsedList
from tamin.rules.premiums import premium_share


def dbf_bytes(fields, records, *, encode, end_marker=True, record_count=None) -> bytes:
    """A dBase III file; `records` are dicts of field name → value, text through `encode`."""
    header_len = 32 + 32 * len(fields) + 1
    record_len = 1 + sum(length for _, _, length in fields)
    count = len(records) if record_count is None else record_count
    out = bytearray(struct.pack("<BBBBIHH20s", 0x03, 125, 1, 1, count, header_len, record_len, b""))
    out[29] = 0x7E
    for name, kind, length in fields:
        out += struct.pack("<11sc4xBB14x", name.encode("ascii"), kind.encode("ascii"), length, 0)
    out += b"\x0d"
    for values in records:
        out += b" "
        for name, kind, length in fields:
            value = values.get(name, "")
            if kind == "N" and name != "DSW_SPOUSE":
                out += str(value or 0).encode("ascii").rjust(length)
            else:
                data = value if isinstance(value, bytes) else encode(str(value))
                out += data.ljust(length, b" ")[:length]
    if end_marker:
        out += b"\x1a"
    return bytes(out)


def cp1256(text: str) -> bytes:
    # Windows-1256 has no Persian ی/ک: payroll programs write the Arabic letters.
    return text.replace("ی", "ي").replace("ک", "ك").encode("cp1256")


def pair_bytes(parsed: ParsedList | None = None, *, encode, layout="v6", end_marker=True):
    parsed = parsed or sample_list()
    kar_fields = KAR_FIELDS if layout == "v6" else KAR_FIELDS[:-2]
    wor_fields = WOR_FIELDS if layout == "v6" else WOR_FIELDS[:-2]
    kar = dbf_bytes(
        kar_fields, [header_values(parsed.header)], encode=encode, end_marker=end_marker
    )
    wor = dbf_bytes(
        wor_fields, [row_values(r) for r in parsed.rows], encode=encode, end_marker=end_marker
    )
    return kar, wor


def with_row(parsed: ParsedList, index: int, **changes) -> ParsedList:
    """Change one row and keep the insured share consistent unless it is given."""
    row = parsed.rows[index]
    if "insurable_total" in changes and "insured_share" not in changes:
        changes["insured_share"] = premium_share(amount=changes["insurable_total"], permille=70)
    rows = list(parsed.rows)
    rows[index] = replace(row, **changes)
    return replace(parsed, rows=tuple(rows))
