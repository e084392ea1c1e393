"""۵ قوانین و بخشنامه‌ها, ۶/۱ پرسش‌های متداول and ۷ درباره سازمان: the public content staff
edit in the admin, read through `tamin.content.selectors` like the site and the API."""

from __future__ import annotations

from tamin.content.selectors import (
    about_section_short_text,
    about_sections,
    faq_list,
    legal_text_list,
)
from tamin.core.jalali import format_jalali_date, persian_digits
from tamin.ussd.nodes.base import Ctx, Node, Screen, Text, node

LAWS_SHOWN = 20
FAQS_SHOWN = 15


def _fa(text: str) -> str:
    return persian_digits(" ".join((text or "").split()))


@node
class Laws(Node):
    name = "laws"

    def screen(self, ctx: Ctx, args: dict) -> Screen:
        if "blocks" not in args:
            blocks = []
            for text in legal_text_list()[:LAWS_SHOWN]:
                number = f" شماره {_fa(text.number)}" if text.number else ""
                blocks.append(
                    f"{text.get_kind_display()}{number}، {format_jalali_date(text.issued_on)}\n"
                    f"{_fa(text.title)}"
                )
            args["blocks"] = blocks
        if not args["blocks"]:
            return Text(("قانون یا بخشنامه‌ای منتشر نشده است.",))
        return Text(("تازه‌ترین قوانین و بخشنامه‌ها", *args["blocks"]))


@node
class CommonQuestions(Node):
    name = "faq"

    def screen(self, ctx: Ctx, args: dict) -> Screen:
        if "blocks" not in args:
            blocks = []
            for faq in faq_list()[:FAQS_SHOWN]:
                blocks += [f"پرسش: {_fa(faq.question)}", f"پاسخ: {_fa(faq.answer)}"]
            args["blocks"] = blocks
        if not args["blocks"]:
            return Text(("پرسش متداولی منتشر نشده است.",))
        return Text(tuple(args["blocks"]))


@node
class About(Node):
    name = "about"

    def screen(self, ctx: Ctx, args: dict) -> Screen:
        if "blocks" not in args:
            blocks = []
            for section in about_sections():
                # The short text (one screen), or the start of the body: content's own rule
                short = about_section_short_text(section=section)
                blocks += [_fa(section.title), _fa(short)]
            args["blocks"] = blocks
        if not args["blocks"]:
            return Text(("سازمان تأمین اجتماعی",))
        return Text(tuple(args["blocks"]))
