"""Search text for Persian content: one spelling of the letters and digits people type.

Arabic yeh and kaf (common from Arabic keyboards and old documents), Persian and Arabic-Indic
digits, the zero-width non-joiner and runs of spaces all vary between what staff paste and
what a person types; both sides are folded the same way before comparing.
"""

from __future__ import annotations

import re

from django.db.models import QuerySet

_FOLD = str.maketrans(
    {
        "\u064a": "\u06cc",  # Arabic yeh → Persian yeh
        "\u0649": "\u06cc",  # alef maksura → Persian yeh
        "\u0643": "\u06a9",  # Arabic kaf → Persian kaf
        "\u0629": "\u0647",  # teh marbuta → heh
        "\u06c0": "\u0647",  # heh with yeh above (ezafe «ۀ») → heh
        "\u0623": "\u0627",  # alef with hamza above → alef
        "\u0625": "\u0627",  # alef with hamza below → alef
        "\u200c": " ",  # zero-width non-joiner
        "\u200f": "",
        "\u200e": "",
        **{chr(0x06F0 + i): str(i) for i in range(10)},
        **{chr(0x0660 + i): str(i) for i in range(10)},
    }
)
_SPACES = re.compile(r"\s+")
# Tashkil (short vowels and shadda) and the ezafe's hamza above («هٔ») are dropped: nobody
# types them in a search box.
_DIACRITICS = re.compile("[\u064b-\u0652\u0654\u0655\u0670]")


def search_fold(text: str) -> str:
    """The folded, lower-cased form of `text` that search compares."""
    folded = _DIACRITICS.sub("", (text or "").translate(_FOLD))
    return _SPACES.sub(" ", folded).strip().lower()


# A query longer than this is cut: nobody types more, and every word is one LIKE.
SEARCH_MAX_WORDS = 6


def search_words(query: str) -> list[str]:
    """The folded words of a query that search looks for (at most SEARCH_MAX_WORDS)."""
    return [word for word in search_fold(query).split(" ") if word][:SEARCH_MAX_WORDS]


def search_matching(queryset: QuerySet, query: str) -> QuerySet:
    """The rows of `queryset` whose `search_text` holds every word of `query` (folded)."""
    for word in search_words(query):
        queryset = queryset.filter(search_text__contains=word)
    return queryset
