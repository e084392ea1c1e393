"""The gateway's handling code: one aggregator request (session id, number, input) → one
screen and whether the session goes on (`ussd_reply`). The HTTP view and the staff
simulator both call it.

Flow of a request:
1. the number is normalized (98912…, +98912…, 0912…, 912… are one number); the request is
   counted against the number's budget (`USSD_REQUESTS_PER_MINUTE`);
2. the account is the ONE active account registered with that number
   (`tamin.accounts.selectors.user_for_mobile`); no account, or two → a refusal, `end`;
3. the session (`sessions`) holds a stack of screens (`nodes`); an unknown session starts at
   the main menu — with a note when the request carried a reply, i.e. the session had
   expired;
4. the input moves on the top screen: `00` main menu, `0` back, `9` next page, else a
   choice the screen offers (a number of a menu or listing, a text's action, a prompt's
   free text) → the node's move (another screen, an answer after an action, the end);
5. the new top screen is laid out (`screens`): every text returned fits 80 UCS-2 units.

Nothing personal is logged: inquiries write one `ussd.inquiry` audit row with their kind,
the apps' services audit their own writes.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone

from tamin.accounts.selectors import user_for_mobile
from tamin.core.exceptions import ApplicationError
from tamin.core.identifiers import has_control_characters, normalize_digits, normalize_mobile
from tamin.ussd import sessions
from tamin.ussd.nodes import NODES
from tamin.ussd.nodes.base import (
    Answer,
    Choice,
    Ctx,
    End,
    Listing,
    Menu,
    Move,
    Prompt,
    Push,
    Screen,
    Text,
)
from tamin.ussd.nodes.main import MAIN
from tamin.ussd.screens import (
    BACK_KEY,
    MAIN_KEY,
    MORE_KEY,
    Page,
    fits,
    menu_pages,
    text_pages,
)

logger = logging.getLogger(__name__)

CONTINUE = "continue"
END = "end"

REFUSED = "این خدمت فقط از شماره همراهی ممکن است که در درگاه به نام شما ثبت شده است."
RATE_LIMITED = "درخواست‌های این شماره از حد مجاز گذشت؛ چند دقیقه دیگر دوباره بگیرید."
GOODBYE = "با سپاس از تماس شما."
EXPIRED_NOTE = "نشست پیشین به پایان رسیده بود."
INVALID_NOTE = "گزینه نامعتبر است."
UNAVAILABLE = "این گزینه دیگر در دسترس نیست."
FAILED = "خطایی پیش آمد؛ لطفاً کمی بعد دوباره بگیرید."

STACK_MAX = 12


@dataclass(frozen=True)
class Reply:
    action: str  # CONTINUE or END
    text: str


def _frame(name: str, args: dict | None = None) -> dict[str, Any]:
    return {"n": name, "p": 0, "a": args or {}, "i": []}


def _is_dial(raw: str) -> bool:
    """The first request of a session: empty, or the dialled code itself (*…# / #…*)."""
    return not raw or raw[0] in "*#"


def ussd_reply(
    *, session_id: str, msisdn: str, text: str, request: HttpRequest | None = None
) -> Reply:
    """One screen for one aggregator request (the fields already checked for shape)."""
    now = timezone.now()
    mobile = normalize_mobile(msisdn)
    if not re.fullmatch(r"09[0-9]{9}", mobile, flags=re.ASCII):
        return Reply(END, REFUSED)
    if not sessions.rate_allows(mobile=mobile, now=now):
        return Reply(END, RATE_LIMITED)
    user = user_for_mobile(mobile=mobile)
    if user is None:
        return Reply(END, REFUSED)
    key = sessions.session_key(session_id=session_id, mobile=mobile)
    ctx = Ctx(user=user, msisdn=mobile, session_ref=key[-20:], now=now, request=request)
    raw = (text or "").strip()
    stack: list[dict] = []
    try:
        state = sessions.session_load(key)
        if state is None or state.get("u") != user.pk:
            expired = state is None and not _is_dial(raw)
            stack = [_frame(MAIN, {"note": EXPIRED_NOTE} if expired else None)]
            reply = _show(ctx, stack)
        else:
            stack = state["s"]
            reply = _step(ctx, stack, raw)
    except Exception:
        # Never a 500 to the operator: the person sees a short apology, the log the cause.
        logger.exception("USSD request failed (screen %s)", _top_name(stack))
        reply = Reply(END, FAILED)
    if reply.action == END:
        sessions.session_end(key)
    else:
        sessions.session_save(key, {"u": user.pk, "s": stack})
    return reply


def _top_name(stack: list[dict]) -> str:
    return str(stack[-1].get("n", "?")) if stack else "-"


# --- moving on the stack -------------------------------------------------------------


def _step(ctx: Ctx, stack: list[dict], raw: str) -> Reply:
    value = normalize_digits(raw)
    frame = stack[-1]
    if any(f.get("n") not in NODES for f in stack):
        stack[:] = [_frame(MAIN)]
        return _show(ctx, stack)
    if value == MAIN_KEY:
        stack[:] = [_frame(MAIN)]
        return _show(ctx, stack)
    if value == BACK_KEY:
        if frame["p"] > 0:
            frame["p"] -= 1
        elif len(stack) > 1:
            stack.pop()
        else:
            return Reply(END, GOODBYE)
        return _show(ctx, stack)
    node = NODES[frame["n"]]
    try:
        screen = node.screen(ctx, frame["a"])
    except (Http404, ApplicationError) as exc:
        stack[-1] = _frame("answer", {"blocks": [_refusal(exc)]})
        return _show(ctx, stack)
    if isinstance(screen, Prompt):
        if has_control_characters(raw):
            return _show(ctx, stack, note=INVALID_NOTE)
        choice: Choice | None = Choice(text=raw)
    else:
        pages = _pages(screen, back=_has_back(stack))
        if value == MORE_KEY and frame["p"] + 1 < len(pages):
            frame["p"] += 1
            return _show(ctx, stack)
        choice = _resolve(screen, frame, value)
    if choice is None:
        return _show(ctx, stack, note=INVALID_NOTE)
    try:
        move = node.choose(ctx, frame["a"], choice)
    except (Http404, ApplicationError) as exc:
        move = Answer((_refusal(exc),))
    if move is None:
        return _show(ctx, stack, note=INVALID_NOTE)
    return _apply(ctx, stack, move)


def _refusal(exc: Exception) -> str:
    return exc.message if isinstance(exc, ApplicationError) and exc.message else UNAVAILABLE


def _resolve(screen: Screen, frame: dict, value: str) -> Choice | None:
    if isinstance(screen, Menu):
        keys = {key for key, _label in screen.options}
        return Choice(key=value) if value in keys else None
    if isinstance(screen, Text):
        keys = {key for key, _label in screen.actions}
        return Choice(key=value) if value in keys else None
    if isinstance(screen, Listing) and re.fullmatch(r"[1-8]", value, flags=re.ASCII):
        shown = frame.get("i") or []
        position = int(value) - 1
        if position < len(shown) and 0 <= shown[position] < len(screen.labels):
            return Choice(index=shown[position])
    return None


def _apply(ctx: Ctx, stack: list[dict], move: Move) -> Reply:
    if isinstance(move, End):
        return Reply(END, move.text)
    if isinstance(move, Push):
        stack[-1]["a"].pop("note", None)
        stack.append(_frame(move.node, dict(move.args)))
    elif isinstance(move, Answer):
        if move.back_to is not None:
            while len(stack) > 1 and stack[-1]["n"] != move.back_to:
                stack.pop()
        stack.append(_frame("answer", {"blocks": list(move.blocks)}))
    if len(stack) > STACK_MAX:
        del stack[1 : len(stack) - STACK_MAX + 1]
    return _show(ctx, stack)


# --- laying out the top screen ----------------------------------------------------------


def _has_back(stack: list[dict]) -> bool:
    return len(stack) > 1


def _pages(screen: Screen, *, back: bool) -> list[Page]:
    if isinstance(screen, Menu):
        return menu_pages(
            title=screen.title,
            labels=[label for _key, label in screen.options],
            keys=[key for key, _label in screen.options],
            back=back,
        )
    if isinstance(screen, Listing):
        return menu_pages(title=screen.title, labels=screen.labels, back=back)
    if isinstance(screen, Text):
        return [
            Page(text)
            for text in text_pages(blocks=screen.blocks, actions=screen.actions, back=back)
        ]
    return [Page(text) for text in text_pages(blocks=screen.blocks, back=back)]


def _show(ctx: Ctx, stack: list[dict], *, note: str = "") -> Reply:
    """The top screen's current page (with a note before it when the note fits)."""
    if any(frame.get("n") not in NODES for frame in stack):
        stack[:] = [_frame(MAIN)]  # a session kept from before a release renamed a screen
    frame = stack[-1]
    try:
        screen = NODES[frame["n"]].screen(ctx, frame["a"])
    except (Http404, ApplicationError) as exc:
        stack[-1] = frame = _frame("answer", {"blocks": [_refusal(exc)]})
        screen = NODES["answer"].screen(ctx, frame["a"])
    pages = _pages(screen, back=_has_back(stack))
    frame["p"] = max(0, min(frame["p"], len(pages) - 1))
    page = pages[frame["p"]]
    frame["i"] = list(page.items)
    return Reply(CONTINUE, _with_note(screen, pages, frame["p"], note, back=_has_back(stack)))


def _with_note(screen: Screen, pages: list[Page], number: int, note: str, *, back: bool) -> str:
    """The page with `note` before it when that fits; else, on a menu's or list's first
    page, the note in place of its title when the same lines still fit; else the page."""
    text = pages[number].text
    if not note:
        return text
    if fits(f"{note}\n{text}"):
        return f"{note}\n{text}"
    if number == 0 and isinstance(screen, Menu | Listing) and screen.title:
        noted = _pages(dataclasses.replace(screen, title=note), back=back)[0]
        if noted.items == pages[0].items:
            return noted.text
    return text
