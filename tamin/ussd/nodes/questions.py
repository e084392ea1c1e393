"""۶/۲ طرح پرسش: choose the subject, type the question → a 1420 contact-desk ticket through
`branches.services.desk.ticket_open` (the web desk's service); the answer is its tracking
code, and the desk's answer reaches the person by SMS as on the web."""

from __future__ import annotations

from branches.selectors.desk import ticket_category_list
from branches.services.desk import ticket_open
from tamin.core.identifiers import has_control_characters
from tamin.core.jalali import format_code, persian_digits
from tamin.ussd.nodes.base import (
    Answer,
    Choice,
    Ctx,
    Listing,
    Move,
    Node,
    Prompt,
    Push,
    Screen,
    Text,
    node,
    snapshot,
)

SUBJECT_PREFIX = "کد دستوری: "
SUBJECT_WORDS_MAX = 60  # characters of the question kept in the ticket's subject


@node
class AskSubject(Node):
    name = "ask"

    def screen(self, ctx: Ctx, args: dict) -> Screen:
        items = snapshot(
            args,
            lambda: [[c.key, persian_digits(c.title)] for c in ticket_category_list()],
        )
        if not items:
            return Text(("ثبت پرسش فعلاً ممکن نیست؛ با مرکز تماس ۱۴۲۰ تماس بگیرید.",))
        return Listing("موضوع پرسش", tuple(label for _key, label in items))

    def choose(self, ctx: Ctx, args: dict, choice: Choice) -> Move | None:
        if choice.index is None:
            return None
        key, title = args["items"][choice.index]
        return Push("ask_text", {"category": key, "title": title})


@node
class AskText(Node):
    name = "ask_text"

    def screen(self, ctx: Ctx, args: dict) -> Screen:
        return Prompt((f"موضوع: {args['title']}", "پرسش خود را بنویسید و بفرستید."))

    def choose(self, ctx: Ctx, args: dict, choice: Choice) -> Move | None:
        question = " ".join(choice.text.split())
        if not question or has_control_characters(question):
            return None
        subject = (
            question if len(question) <= SUBJECT_WORDS_MAX else question[:SUBJECT_WORDS_MAX] + "…"
        )
        ticket = ticket_open(
            requester=ctx.user,
            category_key=args["category"],
            subject=SUBJECT_PREFIX + subject,
            body=question,
        )
        return Answer(
            (
                "پرسش شما ثبت شد؛ پاسخ را پیامک می‌کنیم.",
                f"کد رهگیری: {format_code(ticket.tracking_code)}",
            ),
            back_to="questions",
        )
