"""Whole numbers in Persian words, as a ruling or a cheque writes an amount.

`number_to_words(120_000_000)` → «یکصد و بیست میلیون». The formal written style is used
throughout, the same for every amount: a hundred is «یکصد» (never «صد») and every scale
word carries its count, «یک هزار», «یک میلیون», «یک هزار میلیارد». Parts are joined with
« و »; zero is «صفر».

Groups of three digits take «هزار», «میلیون»; everything from 10⁹ up is a number of
milliards, so 10¹² is «یک هزار میلیارد» and 1,001 × 10⁹ «یک هزار و یک میلیارد».
"""

from __future__ import annotations

ZERO = "صفر"
AND = " و "

_ONES = ("", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه")
_TEENS = (
    "ده",
    "یازده",
    "دوازده",
    "سیزده",
    "چهارده",
    "پانزده",
    "شانزده",
    "هفده",
    "هجده",
    "نوزده",
)
_TENS = ("", "", "بیست", "سی", "چهل", "پنجاه", "شصت", "هفتاد", "هشتاد", "نود")
_HUNDREDS = (
    "",
    "یکصد",
    "دویست",
    "سیصد",
    "چهارصد",
    "پانصد",
    "ششصد",
    "هفتصد",
    "هشتصد",
    "نهصد",
)
_BILLION = 10**9
_SCALES = ((10**6, "میلیون"), (10**3, "هزار"))


def _below_thousand(n: int) -> list[str]:
    parts = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        parts.append(_HUNDREDS[hundreds])
    if 10 <= rest < 20:
        parts.append(_TEENS[rest - 10])
    else:
        tens, ones = divmod(rest, 10)
        if tens:
            parts.append(_TENS[tens])
        if ones:
            parts.append(_ONES[ones])
    return parts


def _parts(n: int) -> list[str]:
    """The words of 0 < n, one entry per part to be joined with « و »."""
    parts: list[str] = []
    if n >= _BILLION:
        milliards, n = divmod(n, _BILLION)
        parts.append(AND.join(_parts(milliards)) + " میلیارد")
    for scale, name in _SCALES:
        if n >= scale:
            count, n = divmod(n, scale)
            parts.append(AND.join(_below_thousand(count)) + " " + name)
    if n:
        parts.extend(_below_thousand(n))
    return parts


def number_to_words(n: int) -> str:
    """A whole number ≥ 0 in Persian words (see the module docstring)."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("number_to_words takes an int")
    if n < 0:
        raise ValueError("number_to_words takes a number of at least zero")
    if n == 0:
        return ZERO
    return AND.join(_parts(n))
