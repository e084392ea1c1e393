"""What a Persian reader sees of a page: its text outside elements marked as codes.

A code (a Sheba, a booking code, a USSD code) is written left to right in an element with
dir="ltr" or in code/kbd/samp; everything else must be in Persian digits.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

CODE_TAGS = {"code", "kbd", "samp"}
HIDDEN_TAGS = {"script", "style", "template", "title"}
VOID_TAGS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}
LATIN_DIGITS = re.compile(r"[0-9]+")


class _TextOutsideCodes(HTMLParser):
    def __init__(self):
        super().__init__()
        # per open element: its tag, and whether it is (inside) a code or hidden
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []

    def _skipped(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        if tag in VOID_TAGS:
            return
        marked = tag in CODE_TAGS or tag in HIDDEN_TAGS or dict(attrs).get("dir") == "ltr"
        self.stack.append((tag, self._skipped() or marked))

    def handle_endtag(self, tag):
        # An element left open (a <li> or <p> without its end tag) closes with its parent.
        while any(open_tag == tag for open_tag, _ in self.stack):
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not self._skipped():
            self.parts.append(data)


def text_outside_codes(html: str) -> str:
    parser = _TextOutsideCodes()
    parser.feed(html)
    return " ".join(parser.parts)


def latin_digits_outside_codes(html: str) -> list[str]:
    """Every run of Latin digits a reader would see outside a code."""
    return LATIN_DIGITS.findall(text_outside_codes(html))
