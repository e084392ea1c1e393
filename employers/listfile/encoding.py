"""Text of the list files: Iran System (DOS, visual order) or Windows-1256.

Detection is per file, over the high bytes (>= 0x80) of all its text fields:
Windows-1256 Persian is almost only Arabic-script letters there, while Iran
System's commonest letters (ا 0x90/0x91, ر 0xA4, ی 0xFE/0xFC) decode in
Windows-1256 to symbols and Latin letters (‘ ¤ ü ...). A file whose high bytes
are at least 90% Arabic letters when read as Windows-1256 is Windows-1256;
otherwise Iran System (also the answer for pure-ASCII files).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import iran_encoding

IRAN_SYSTEM = "iran_system"
CP1256 = "cp1256"

_ARABIC_TO_PERSIAN = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ك": "ک",
        "۰": "0",
        "۱": "1",
        "۲": "2",
        "۳": "3",
        "۴": "4",
        "۵": "5",
        "۶": "6",
        "۷": "7",
        "۸": "8",
        "۹": "9",
        "٠": "0",
        "١": "1",
        "٢": "2",
        "٣": "3",
        "٤": "4",
        "٥": "5",
        "٦": "6",
        "٧": "7",
        "٨": "8",
        "٩": "9",
        "\t": " ",
    }
)

_CP1256_LETTER_BYTES = frozenset(
    byte
    for byte in range(0x80, 0x100)
    if "\u0621" <= bytes([byte]).decode("cp1256", errors="replace") <= "\u06ff"
    and bytes([byte]).decode("cp1256") not in "،؛؟ـ"
)


def normalize_text(value: str) -> str:
    """Arabic ي/ك to Persian ی/ک, Persian/Arabic digits to ASCII, tabs to spaces."""
    return value.translate(_ARABIC_TO_PERSIAN)


_HIGH = bytes(range(0x80, 0x100))
_LETTERS = bytes(sorted(_CP1256_LETTER_BYTES))


def detect(samples: Iterable[bytes]) -> str:
    data = b"".join(samples)
    # bytes.translate(None, delete) counts in C: high = bytes >= 0x80, letters = Arabic letters.
    high = len(data) - len(data.translate(None, _HIGH))
    letters = len(data) - len(data.translate(None, _LETTERS))
    if high and letters * 10 >= high * 9:
        return CP1256
    return IRAN_SYSTEM


@lru_cache(maxsize=65536)
def _decode_iran_system(raw: bytes) -> str:
    # The package costs ~30 µs a string; names, sexes and job titles repeat a lot.
    return iran_encoding.decode(raw)


def decode(raw: bytes, encoding: str) -> str:
    """Decode one field value (padding already removed) and normalize it."""
    if raw.isascii():
        return normalize_text(raw.decode("ascii"))
    if encoding == CP1256:
        return normalize_text(raw.decode("cp1256", errors="replace"))
    try:
        text = _decode_iran_system(raw)
    except Exception:  # the package is strict about nothing, but never crash on odd bytes
        text = raw.decode("cp1256", errors="replace")
    return normalize_text(text)


@lru_cache(maxsize=65536)
def encode_iran_system(text: str) -> bytes:
    if text.isascii():
        return text.encode("ascii")
    return iran_encoding.encode(text)
