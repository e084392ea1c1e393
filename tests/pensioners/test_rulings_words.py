"""Amounts in Persian words (tamin.core.words), as a ruling writes the monthly pension.

Every expectation is written by hand; the style is the formal one throughout: «یکصد»,
«یک هزار», parts joined with « و »."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from tamin.core.words import number_to_words

CASES = [
    (0, "صفر"),
    (1, "یک"),
    (2, "دو"),
    (3, "سه"),
    (4, "چهار"),
    (5, "پنج"),
    (6, "شش"),
    (7, "هفت"),
    (8, "هشت"),
    (9, "نه"),
    (10, "ده"),
    (11, "یازده"),
    (12, "دوازده"),
    (13, "سیزده"),
    (14, "چهارده"),
    (15, "پانزده"),
    (16, "شانزده"),
    (17, "هفده"),
    (18, "هجده"),
    (19, "نوزده"),
    (20, "بیست"),
    (21, "بیست و یک"),
    (30, "سی"),
    (40, "چهل"),
    (55, "پنجاه و پنج"),
    (60, "شصت"),
    (77, "هفتاد و هفت"),
    (80, "هشتاد"),
    (99, "نود و نه"),
    (100, "یکصد"),
    (101, "یکصد و یک"),
    (110, "یکصد و ده"),
    (119, "یکصد و نوزده"),
    (120, "یکصد و بیست"),
    (200, "دویست"),
    (300, "سیصد"),
    (400, "چهارصد"),
    (500, "پانصد"),
    (600, "ششصد"),
    (700, "هفتصد"),
    (800, "هشتصد"),
    (900, "نهصد"),
    (999, "نهصد و نود و نه"),
    (1000, "یک هزار"),
    (1001, "یک هزار و یک"),
    (1010, "یک هزار و ده"),
    (1100, "یک هزار و یکصد"),
    (2000, "دو هزار"),
    (12_345, "دوازده هزار و سیصد و چهل و پنج"),
    (100_000, "یکصد هزار"),
    (999_999, "نهصد و نود و نه هزار و نهصد و نود و نه"),
    (1_000_000, "یک میلیون"),
    (1_000_001, "یک میلیون و یک"),
    (1_001_000, "یک میلیون و یک هزار"),
    (120_000_000, "یکصد و بیست میلیون"),
    (103_909_680, "یکصد و سه میلیون و نهصد و نه هزار و ششصد و هشتاد"),
    (123_456_789, "یکصد و بیست و سه میلیون و چهارصد و پنجاه و شش هزار و هفتصد و هشتاد و نه"),
    (1_000_000_000, "یک میلیارد"),
    (2_500_000_000, "دو میلیارد و پانصد میلیون"),
    (10**12, "یک هزار میلیارد"),
    (1_001_000_000_000, "یک هزار و یک میلیارد"),
    (10**12 + 1, "یک هزار میلیارد و یک"),
    (250 * 10**12, "دویست و پنجاه هزار میلیارد"),
]


@pytest.mark.parametrize(("number", "words"), CASES)
def test_number_to_words(number, words):
    assert number_to_words(number) == words


@pytest.mark.parametrize("bad", [-1, -1000])
def test_a_negative_number_is_refused(bad):
    with pytest.raises(ValueError, match="at least zero"):
        number_to_words(bad)


@pytest.mark.parametrize("bad", [1.5, "12", None, True])
def test_only_an_int_is_read(bad):
    with pytest.raises(TypeError):
        number_to_words(bad)


def test_no_word_is_doubled_or_left_empty_up_to_a_few_thousand():
    # Every number up to 3,000: no empty part (« و  و »), no leading or trailing « و ».
    for n in range(1, 3001):
        words = number_to_words(n)
        assert "  " not in words
        assert not words.startswith("و ")
        assert not words.endswith(" و")
        assert all(part for part in words.split(" و "))


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (120_000_000, "یکصد و بیست میلیون ریال"),
        (0, "صفر ریال"),
        (None, ""),
    ],
)
def test_the_rial_words_filter(value, shown):
    rendered = Template("{{ amount|rial_words }}").render(Context({"amount": value}))
    assert rendered == shown
