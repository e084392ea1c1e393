"""Text of the list files: Iran System (DOS, visual order) or Windows-1256.

Detection is per file, over the high bytes (>= 0x80) of all its text fields:
Windows-1256 Persian is almost only Arabic-script letters there, while Iran
System's commonest letters (ا 0x90/0x91, ر 0xA4, ی 0xFE/0xFC) decode in
Windows-1256 to symbols and Latin letters (‘ ¤ ü ...). A file whose high bytes
are at least 90% Arabic letters when read as Windows-1256 is Windows-1256;
otherwise Iran System (also the answer for pure-ASCII files).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import islice

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


_DETECT_BATCH = 4096  # samples joined at a time: a 50,000-row file is never copied whole


def detect(samples: Iterable[bytes]) -> str:
    high = letters = 0
    iterator = iter(samples)
    while batch := list(islice(iterator, _DETECT_BATCH)):
        data = b"".join(batch)
        # bytes.translate(None, delete) counts in C: high = bytes >= 0x80, letters = Arabic.
        high += len(data) - len(data.translate(None, _HIGH))
        letters += len(data) - len(data.translate(None, _LETTERS))
    if high and letters * 10 >= high * 9:
        return CP1256
    return IRAN_SYSTEM


# Iran System stores a line in visual order: the tokens of a right-to-left line in
# reverse, each word reversed and shaped, numbers and Latin kept as they read.
# iran-encoding's own decode mishandles digits and punctuation next to a space
# («پلاک ۲۱۰», «تهران، خیابان»), so lines are cut into tokens — a left-to-right run,
# a run of letters (one word), or a single other character — each token goes
# through the package alone, and the token order is reversed here. Encode and
# decode are exact inverses; pure words give the package's (verified) bytes.
_LTR_TEXT = r"[0-9A-Za-z]+(?:[./\-,:][0-9A-Za-z]+)*"
_LTR_BYTES = rb"[\x80-\x890-9A-Za-z]+(?:[./\-,:][\x80-\x890-9A-Za-z]+)*"
_PUNCTUATION = "\u060c\u061b\u061f\u0640"


def _is_letter(char: str) -> bool:
    return (
        "\u0621" <= char <= "\u06d3" or char in "\u067e\u0686\u0698\u06a9\u06af\u06cc\u200c"
    ) and char not in _PUNCTUATION


def _letter_bytes() -> bytes:
    found = []
    for byte in range(0x8A, 0x100):
        try:
            char = iran_encoding.decode(bytes([byte]))
        except Exception:  # noqa: S112 - a byte the package cannot read is not a letter
            continue
        if len(char) == 1 and _is_letter(char):
            found.append(byte)
    return bytes(found)


_LETTER_CLASS_TEXT = "[\u0621-\u06d3\u067e\u0686\u0698\u06a9\u06af\u06cc\u200c]"
_TEXT_TOKENS = re.compile(f"{_LTR_TEXT}|(?:(?![{_PUNCTUATION}]){_LETTER_CLASS_TEXT})+|.", re.DOTALL)
_BYTE_TOKENS = re.compile(_LTR_BYTES + b"|[" + re.escape(_letter_bytes()) + b"]+|.", re.DOTALL)
_LTR_BYTE_TOKEN = re.compile(_LTR_BYTES)
_LTR_TEXT_TOKEN = re.compile(_LTR_TEXT)
# The package writes a lone «،» as "?"; its code in Iran System is 0x8A.
_SINGLE_CHARACTERS = {"\u060c": b"\x8a"}
_IRAN_SYSTEM_DIGITS = bytes.maketrans(bytes(range(0x80, 0x8A)), b"0123456789")
_TO_IRAN_SYSTEM_DIGITS = bytes.maketrans(b"0123456789", bytes(range(0x80, 0x8A)))


@lru_cache(maxsize=65536)
def _decode_iran_system(raw: bytes) -> str:
    # The package costs ~30 µs a string; names, sexes and job titles repeat a lot.
    pieces = []
    for token in reversed(_BYTE_TOKENS.findall(raw)):
        if _LTR_BYTE_TOKEN.fullmatch(token):
            pieces.append(token.translate(_IRAN_SYSTEM_DIGITS).decode("ascii"))
        else:
            pieces.append(iran_encoding.decode(token))
    return "".join(pieces)


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
    # Iran System has no zero-width non-joiner; a space keeps the two halves apart.
    text = normalize_text(text).replace("\u200c", " ")
    pieces = []
    for token in reversed(_TEXT_TOKENS.findall(text)):
        if _LTR_TEXT_TOKEN.fullmatch(token):
            pieces.append(token.encode("ascii").translate(_TO_IRAN_SYSTEM_DIGITS))
        elif token in _SINGLE_CHARACTERS:
            pieces.append(_SINGLE_CHARACTERS[token])
        else:
            pieces.append(iran_encoding.encode(token))
    return b"".join(pieces)
