"""Laying text out on USSD screens: 80 UCS-2 code units each (DOMAIN.md §5), paged.

A USSD page is 160 bytes; Persian needs UCS-2, two bytes a code unit, so a screen holds
`SCREEN_UNITS` = 80 code units, counted as `len(text.encode("utf-16-le")) // 2` (a
character outside the Basic Multilingual Plane counts two). Every function here returns
pages that fit, by construction: a block that fits no page is cut between words, a word
longer than a page between characters.

The paging rule (the same on every screen, docs/ussd.md):
- a menu or list shows as many numbered lines as fit (at most eight a page); when more
  follow, the page ends «۹ بیشتر»; a list is numbered 1… on each page, a menu keeps
  its fixed numbers on every page;
- a text (an answer) is cut into pages; every page but the last ends «۹ بیشتر ۰ بازگشت»,
  the last one «۰ بازگشت ۰۰ منو»; a text with choices (a confirmation: «۱ تأیید نوبت»)
  names them on every page, above «۹ بیشتر ۰ بازگشت» or, on its last page, «۰ بازگشت»;
- `0` goes back (to the previous page, or from a first page to the previous screen),
  `00` to the main menu, `9` to the next page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tamin.core.jalali import persian_digits

SCREEN_UNITS = 80
MAX_ITEMS_PER_PAGE = 8  # 9 is «more», 0 «back»
TITLE_MAX_UNITS = SCREEN_UNITS // 2  # a menu's title longer than this is cut with «…»

MORE_KEY = "9"
BACK_KEY = "0"
MAIN_KEY = "00"

FOOTER_MORE = "۹ بیشتر ۰ بازگشت"
FOOTER_MORE_AT_ROOT = "۹ بیشتر"
FOOTER_BACK = "۰ بازگشت"
FOOTER_TEXT_END = "۰ بازگشت ۰۰ منو"
ELLIPSIS = "…"


def units(text: str) -> int:
    """UCS-2 code units of `text` (what a USSD screen counts)."""
    return len(text.encode("utf-16-le")) // 2


def fits(text: str, limit: int = SCREEN_UNITS) -> bool:
    return units(text) <= limit


def _lines(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def cut(text: str, limit: int) -> str:
    """`text` itself when it fits `limit` units, else its start and «…» (never a half pair)."""
    if fits(text, limit):
        return text
    kept = ""
    for char in text:
        if not fits(kept + char + ELLIPSIS, limit):
            break
        kept += char
    return kept.rstrip() + ELLIPSIS


def option_line(key: str, label: str) -> str:
    return f"{persian_digits(key)} {label}"


# --- menus and lists -------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    text: str
    items: tuple[int, ...] = ()  # indexes (into the labels) of the lines on this page


def menu_pages(
    *, title: str, labels: Sequence[str], keys: Sequence[str] | None = None, back: bool = True
) -> list[Page]:
    """Numbered lines under `title` (first page only), paged.

    `keys` fixed (a menu): each label keeps its key on every page. `keys` None (a list):
    each page numbers its lines 1, 2, … again. `back`: the first page offers «۰ بازگشت»
    (every screen but the main menu).
    """
    pages: list[Page] = []
    start = 0
    count = len(labels)
    title = cut(title, TITLE_MAX_UNITS)  # room is left for the lines under it
    while True:
        first = not pages
        head = title if first else ""
        has_back = back or not first
        last_footer = FOOTER_BACK if has_back else ""
        more_footer = FOOTER_MORE if has_back else FOOTER_MORE_AT_ROOT

        def line(index: int, position: int) -> str:
            key = keys[index] if keys is not None else str(position + 1)
            return option_line(key, labels[index])

        rest = range(start, count)
        if len(rest) <= MAX_ITEMS_PER_PAGE:
            whole = _lines(head, *(line(i, n) for n, i in enumerate(rest)), last_footer)
            if fits(whole):
                pages.append(Page(whole, tuple(rest)))
                return pages
        taken: list[int] = []
        body: list[str] = []
        for n, i in enumerate(rest):
            if n >= MAX_ITEMS_PER_PAGE:
                break
            candidate = [*body, line(i, n)]
            if not fits(_lines(head, *candidate, more_footer)):
                break
            body, taken = candidate, [*taken, i]
        if not taken:
            # One label too long for any page: cut it to the room beside the title and footer.
            alone = len(rest) == 1
            footer = last_footer if alone else more_footer
            prefix = option_line(keys[start] if keys is not None else "1", "")
            room = SCREEN_UNITS - units(_lines(head, prefix, footer))
            body, taken = [prefix + cut(labels[start], max(room, 1))], [start]
            if alone:
                pages.append(Page(_lines(head, *body, footer), tuple(taken)))
                return pages
        pages.append(Page(_lines(head, *body, more_footer), tuple(taken)))
        start = taken[-1] + 1


# --- texts -------------------------------------------------------------------------------

_TOKEN = re.compile(r"[^ \n]+|[ \n]")


def _join(page: str, piece: str) -> str:
    return f"{page}\n{piece}" if page else piece


def _take(blocks: list[str], limit: int) -> tuple[str, list[str]]:
    """The longest start of `blocks` (joined by line breaks) that fits `limit` units: whole
    blocks while they fit; a page still less than half full goes on with the next block's
    whole lines, then its words (a word longer than a page is cut between characters)."""
    page = ""
    while blocks and fits(_join(page, blocks[0]), limit):
        page, blocks = _join(page, blocks[0]), blocks[1:]
    if not blocks or units(page) * 2 >= limit:
        return page, blocks
    lines = blocks[0].split("\n")
    taken = 0
    while taken < len(lines) - 1 and fits(_join(page, lines[taken]), limit):
        page = _join(page, lines[taken])
        taken += 1
    if taken:
        return page, ["\n".join(lines[taken:]), *blocks[1:]]
    # Not one whole line fits: fill the page word by word.
    block = blocks[0]
    prefix = f"{page}\n" if page else ""
    tokens = _TOKEN.findall(block)
    used = ""
    count = 0
    for token in tokens:
        if not fits(prefix + used + token, limit):
            break
        used += token
        count += 1
    if used.strip():
        rest = "".join(tokens[count:])
    elif page:
        return page, blocks  # not one word fits beside: the block starts the next page
    else:
        used = ""
        for char in block:
            if not fits(used + char, limit):
                break
            used += char
        rest = block[len(used) :]
    rest = rest.lstrip(" \n")
    return (prefix + used).rstrip(" \n"), ([rest] if rest else []) + blocks[1:]


def text_pages(
    *, blocks: Sequence[str], actions: Sequence[tuple[str, str]] = (), back: bool = True
) -> list[str]:
    """An answer cut into screens; `actions` (key, label) close its last page."""
    action_lines = [option_line(key, label) for key, label in actions]
    # A text with choices (a confirmation) names them on every page; its way back is
    # «۰ بازگشت» alone, for room. An answer ends «۰ بازگشت ۰۰ منو».
    end = (FOOTER_BACK if actions else FOOTER_TEXT_END) if back else ""
    last_footer = _lines(*action_lines, end)
    more_footer = _lines(*action_lines, FOOTER_MORE)
    more_room = SCREEN_UNITS - units(more_footer) - 1
    last_room = SCREEN_UNITS - units(last_footer) - (1 if last_footer else 0)
    if last_room < 0 or more_room < SCREEN_UNITS // 4:
        raise ValueError("the choices of a text do not fit one screen")
    remaining = [block.strip() for block in blocks if block and block.strip()]
    pages: list[str] = []
    while True:
        whole = "\n".join(remaining)
        if fits(whole, last_room):
            pages.append(_lines(whole, last_footer))
            return pages
        page, remaining = _take(remaining, more_room)
        pages.append(_lines(page, more_footer))
