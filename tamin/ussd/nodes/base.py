"""What a screen of the menu is made of: nodes, what they show, and where a choice leads.

A node is one screen of the menu tree, found by its name. `screen(ctx, args)` says what
it shows — a `Menu` (fixed keys), a `Listing` (items numbered on each page), a `Text`
(an answer, with choices such as «۱ تأیید» on its last page) or a `Prompt` (free text is
typed). `choose(ctx, args, choice)` answers a choice with a move: `Push` another node,
`Answer` with a text (after going back to an earlier screen, so an action is not repeated
by «۰»), or `End` the session; None means the choice is not one of the screen's.

`args` is the node's frame in the session (a JSON-able dict kept in the cache): a listing
writes the items it offered there the first time (`snapshot`), so its numbers stay the
same while the person pages and chooses, and the action reads the id from there. Every
action calls the app's own service, which checks again whose the object is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.http import HttpRequest

from tamin.core.services import audit_record


@dataclass
class Ctx:
    """Who is calling and when: the account of the registered number, never anyone else's."""

    user: Any
    msisdn: str
    session_ref: str  # a digest of the aggregator's session id (idempotency keys)
    now: dt.datetime
    request: HttpRequest | None = None

    def inquiry_audit(self, args: dict, kind: str) -> None:
        """One `ussd.inquiry` row per screen shown (its kind only, nothing of the answer)."""
        if args.get("_audited"):
            return
        audit_record(
            action="ussd.inquiry", actor=self.user, request=self.request, detail={"kind": kind}
        )
        args["_audited"] = True


# --- what a node shows ------------------------------------------------------------------


@dataclass(frozen=True)
class Menu:
    title: str
    options: tuple[tuple[str, str], ...]  # (key, label)


@dataclass(frozen=True)
class Listing:
    title: str
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Text:
    blocks: tuple[str, ...]
    actions: tuple[tuple[str, str], ...] = ()  # (key, label) on the last page


@dataclass(frozen=True)
class Prompt:
    blocks: tuple[str, ...]


Screen = Menu | Listing | Text | Prompt


@dataclass(frozen=True)
class Choice:
    key: str = ""  # a Menu's or a Text's key
    index: int | None = None  # a Listing's item (into its labels)
    text: str = ""  # a Prompt's typed text


# --- where a choice leads ---------------------------------------------------------------


@dataclass(frozen=True)
class Push:
    node: str
    args: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Answer:
    blocks: tuple[str, ...]
    back_to: str | None = None  # the screen «۰» returns to (None: the one chosen from)


@dataclass(frozen=True)
class End:
    text: str


Move = Push | Answer | End


class Node:
    name: ClassVar[str] = ""

    def screen(self, ctx: Ctx, args: dict) -> Screen:
        raise NotImplementedError

    def choose(self, ctx: Ctx, args: dict, choice: Choice) -> Move | None:
        return None


NODES: dict[str, Node] = {}


def node(cls: type[Node]) -> type[Node]:
    """Register a node class under its `name`."""
    if not cls.name or cls.name in NODES:
        raise ValueError(f"USSD node name missing or taken: {cls.name!r}")
    NODES[cls.name] = cls()
    return cls


class MenuNode(Node):
    """A fixed menu: `options` are (key, label, node pushed)."""

    title: ClassVar[str] = ""
    options: ClassVar[tuple[tuple[str, str, str], ...]] = ()

    def screen(self, ctx: Ctx, args: dict) -> Screen:
        return Menu(self.title, tuple((key, label) for key, label, _target in self.options))

    def choose(self, ctx: Ctx, args: dict, choice: Choice) -> Move | None:
        for key, _label, target in self.options:
            if key == choice.key:
                return Push(target)
        return None


def snapshot(args: dict, build: Callable[[], list[list[Any]]]) -> list[list[Any]]:
    """The items a listing offered ([id, label, …] each), built once per frame."""
    if "items" not in args:
        args["items"] = build()
    return args["items"]


@node
class AnswerNode(Node):
    """The answer to an action (or a refusal): text only, «۰» goes back."""

    name = "answer"

    def screen(self, ctx: Ctx, args: dict) -> Screen:
        return Text(tuple(args.get("blocks", ())))
