"""Serving notices to a workshop (ابلاغ الکترونیک), the receipt, and paper service.

`notice_serve` is the one way a notice comes to be. With the workshop's
e-notification opt-in recorded it is posted to the workshop's inbox at once: that
instant is `served_at`, the legal clocks run from it (DOMAIN.md §5), and every
active representative is told by SMS and e-mail to read it (outbox rows in this
transaction, sent by the worker after commit, each with its own idempotency key).
Without the opt-in it waits for paper service: staff print it, hand it over, and
record the day (`notice_paper_served_record`); the clocks run from that day.

A serve key makes a notice once-only: serving again with the same key (a
redelivered task, a double click) returns the notice already served and sends
nothing. The first opening by a representative is the receipt (`notice_open`);
it changes no term.

What a kind of notice does once served (a ruling becomes final debt, a vote changes
it) is registered by its module with `notice_served_hook_register`, and runs in the
transaction that serves it, whether electronically or on paper.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import secrets
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.selectors.staff import staff_membership_get
from employers.models import Notice, NoticeDelivery, NoticeKind, Representative, Workshop
from notifications.services import notify
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import format_code, format_jalali_date
from tamin.core.services import audit_record

NOTICE_CHANNELS = ("sms", "email")

_SERVED_HOOKS: dict[str, Callable[[Notice], None]] = {}


def notice_served_hook_register(*, kind: str, hook: Callable[[Notice], None]) -> None:
    """`hook(notice)` runs inside the transaction that serves a notice of `kind`."""
    _SERVED_HOOKS[kind] = hook


def notice_content_hash(
    *, workshop_code: str, kind: str, title: str, body: str, content: dict[str, Any]
) -> str:
    """SHA-256 of the notice's canonical content (sorted keys, no whitespace, UTF-8)."""
    canonical = json.dumps(
        {"workshop": workshop_code, "kind": kind, "title": title, "body": body, "content": content},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _notice_number() -> str:
    today = timezone.localdate()
    return f"{today.year % 100:02d}{today.month:02d}{secrets.randbelow(10**10):010d}"


def _respond_until(served_at: datetime.datetime | None, respond_days: int | None):
    if served_at is None or respond_days is None:
        return None
    return timezone.localtime(served_at).date() + datetime.timedelta(days=respond_days)


def notice_serve(
    *,
    workshop: Workshop,
    kind: str,
    serve_key: str,
    title: str,
    body: str,
    content: dict[str, Any] | None = None,
    respond_days: int | None = None,
    issued_by=None,
    batch=None,
    inspection=None,
    document=None,
) -> Notice:
    """Serve one notice (or find the one already served under `serve_key`).

    `respond_days`: the term to object or appeal, counted from service (None: none).
    """
    if kind not in NoticeKind.values:
        raise ValueError(f"unknown notice kind {kind!r}")
    existing = Notice.objects.filter(serve_key=serve_key).first()
    if existing is not None:
        return existing
    notice = _notice_build(
        workshop=workshop,
        kind=kind,
        serve_key=serve_key,
        title=title,
        body=body,
        content=content,
        respond_days=respond_days,
        issued_by=issued_by,
        batch=batch,
        inspection=inspection,
        document=document,
        now=timezone.now(),
    )
    electronic = notice.delivery == NoticeDelivery.ELECTRONIC
    try:
        with transaction.atomic():
            notice.save(force_insert=True)
    except IntegrityError:
        # The same serve key won a race with us (or a number collided: try once more).
        existing = Notice.objects.filter(serve_key=serve_key).first()
        if existing is not None:
            return existing
        notice.number = _notice_number()
        notice.save(force_insert=True)
    audit_record(
        action="employers.notice_served" if electronic else "employers.notice_for_paper",
        actor=issued_by,
        target=notice,
        after={"kind": kind, "number": notice.number, "sha256": notice.content_sha256},
    )
    if electronic:
        _after_served(notice)
    return notice


def _notice_build(
    *,
    workshop: Workshop,
    kind: str,
    serve_key: str,
    title: str,
    body: str,
    content: dict[str, Any] | None,
    respond_days: int | None,
    issued_by,
    batch,
    inspection,
    document,
    now: datetime.datetime,
) -> Notice:
    """The unsaved notice `notice_serve` and `notices_serve_many` write: electronic (served
    `now`) with the workshop's opt-in, else waiting for paper service."""
    content = dict(content or {})
    if respond_days is not None:
        content["respond_days"] = respond_days
    electronic = workshop.e_notification_opt_in
    served_at = now if electronic else None
    return Notice(
        workshop=workshop,
        branch_id=workshop.branch_id,
        kind=kind,
        serve_key=serve_key,
        number=_notice_number(),
        title=title[:200],
        body=body,
        content=content,
        content_sha256=notice_content_hash(
            workshop_code=workshop.code, kind=kind, title=title[:200], body=body, content=content
        ),
        delivery=NoticeDelivery.ELECTRONIC if electronic else NoticeDelivery.PAPER,
        served_at=served_at,
        respond_until=_respond_until(served_at, respond_days),
        issued_by=issued_by,
        batch=batch,
        inspection=inspection,
        document=document,
    )


def _after_served(
    notice: Notice,
    representatives: Iterable[Representative] | None = None,
    *,
    priority: str = "normal",
) -> None:
    hook = _SERVED_HOOKS.get(notice.kind)
    if hook is not None:
        hook(notice)
    notice_tell_representatives(notice=notice, representatives=representatives, priority=priority)


@dataclass(frozen=True)
class NoticeToServe:
    """One notice of `notices_serve_many`: its workshop, serve key and what it says."""

    workshop: Workshop
    serve_key: str
    title: str
    body: str
    content: dict[str, Any] = field(default_factory=dict)


def notices_serve_many(
    *,
    kind: str,
    items: Sequence[NoticeToServe],
    respond_days: int | None = None,
    issued_by=None,
    batch=None,
) -> list[Notice]:
    """`notice_serve` for many notices of one kind at once, in a few queries per call
    instead of a few per notice; the notices in the order of `items`.

    The same rules, notice by notice: a serve key already used returns its notice and
    sends nothing; electronic with the workshop's opt-in, else paper; an audit row each;
    the kind's served hook and an SMS + e-mail to every active representative for each
    one served electronically. One read of the keys already served, one insert of the
    new notices, one read of the representatives of every workshop. Run it inside a
    transaction (a batch's chunk): if a key is served meanwhile by someone else (or a
    random number collides), the insert is undone and every item goes through
    `notice_serve` one by one, which finds what the other served.
    """
    if kind not in NoticeKind.values:
        raise ValueError(f"unknown notice kind {kind!r}")
    keys = [item.serve_key for item in items]
    if len(set(keys)) != len(keys):
        raise ValueError("serve keys repeat within one call")
    found = {notice.serve_key: notice for notice in Notice.objects.filter(serve_key__in=keys)}
    now = timezone.now()
    new = [
        _notice_build(
            workshop=item.workshop,
            kind=kind,
            serve_key=item.serve_key,
            title=item.title,
            body=item.body,
            content=item.content,
            respond_days=respond_days,
            issued_by=issued_by,
            batch=batch,
            inspection=None,
            document=None,
            now=now,
        )
        for item in items
        if item.serve_key not in found
    ]
    try:
        with transaction.atomic():
            Notice.objects.bulk_create(new)
    except IntegrityError:
        return [
            notice_serve(
                workshop=item.workshop,
                kind=kind,
                serve_key=item.serve_key,
                title=item.title,
                body=item.body,
                content=item.content,
                respond_days=respond_days,
                issued_by=issued_by,
                batch=batch,
            )
            for item in items
        ]
    for notice in new:
        electronic = notice.delivery == NoticeDelivery.ELECTRONIC
        audit_record(
            action="employers.notice_served" if electronic else "employers.notice_for_paper",
            actor=issued_by,
            target=notice,
            after={"kind": kind, "number": notice.number, "sha256": notice.content_sha256},
        )
    served = [notice for notice in new if notice.delivery == NoticeDelivery.ELECTRONIC]
    representatives: dict[int, list[Representative]] = defaultdict(list)
    if served:
        for representative in Representative.objects.filter(
            workshop_id__in={notice.workshop_id for notice in served}, is_active=True
        ).select_related("user"):
            representatives[representative.workshop_id].append(representative)
    for notice in served:
        # Served to many at once: the messages wait on the bulk queue (notifications.services).
        _after_served(notice, representatives[notice.workshop_id], priority="bulk")
    found.update((notice.serve_key, notice) for notice in new)
    return [found[key] for key in keys]


def notice_tell_representatives(
    *,
    notice: Notice,
    representatives: Iterable[Representative] | None = None,
    priority: str = "normal",
) -> int:
    """An SMS and an e-mail to every active representative: read the notice (once each).

    `representatives`: the workshop's active representatives (with their users) when the
    caller already read them (`notices_serve_many`); read here otherwise. `priority`:
    "bulk" when one job serves many notices, so their messages take the bulk queue.
    """
    workshop = notice.workshop
    context = {
        "workshop": workshop.name,
        "workshop_code": format_code(workshop.code),
        "kind": str(NoticeKind(notice.kind).label),
        "number": format_code(notice.number),
        "title": notice.title,
        "served_on": format_jalali_date(notice.served_at),
        "respond_until": format_jalali_date(notice.respond_until) if notice.respond_until else "",
    }
    told = 0
    if representatives is None:
        representatives = Representative.objects.filter(
            workshop_id=notice.workshop_id, is_active=True
        ).select_related("user")
    for representative in representatives:
        notify(
            recipient=representative.user,
            template_key="employer_notice_served",
            context=context,
            channels=NOTICE_CHANNELS,
            idempotency_key=f"notice:{notice.pk}:user:{representative.user_id}",
            priority=priority,
        )
        told += 1
    return told


@transaction.atomic
def notice_paper_served_record(*, staff_user, notice: Notice, served_on: datetime.date) -> Notice:
    """Branch staff record the day a paper notice was handed over; its terms run from then."""
    staff_membership_get(user=staff_user, branch_id=notice.branch_id)  # 404 for other branches
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.delivery != NoticeDelivery.PAPER:
        raise ApplicationError(_("این ابلاغیه الکترونیکی ابلاغ شده است."), code="not_paper")
    if notice.served_at is not None:
        raise ApplicationError(
            _("تاریخ ابلاغ این ابلاغیه قبلاً ثبت شده است."), code="already_served"
        )
    today = timezone.localdate()
    if served_on > today:
        raise ApplicationError(_("تاریخ ابلاغ نمی‌تواند در آینده باشد."), code="served_on_future")
    if served_on < timezone.localtime(notice.created_at).date():
        raise ApplicationError(
            _("تاریخ ابلاغ نمی‌تواند پیش از صدور ابلاغیه باشد."), code="served_on_before_issue"
        )
    served_at = timezone.make_aware(
        datetime.datetime.combine(served_on, datetime.time(12, 0)), timezone.get_current_timezone()
    )
    notice.served_at = served_at
    notice.paper_served_by = staff_user
    notice.respond_until = _respond_until(served_at, notice.content.get("respond_days"))
    notice.save(update_fields=["served_at", "paper_served_by", "respond_until", "updated_at"])
    audit_record(
        action="employers.notice_paper_served",
        actor=staff_user,
        target=notice,
        after={"served_on": served_on.isoformat()},
    )
    hook = _SERVED_HOOKS.get(notice.kind)
    if hook is not None:
        hook(notice)
    return notice


def notice_open(*, user, notice: Notice) -> Notice:
    """Record the receipt: the first representative to open a served notice, and when.

    A conditional UPDATE, so two first openings at once record one. Changes no term.
    """
    if notice.served_at is None or notice.first_opened_at is not None:
        return notice
    now = timezone.now()
    updated = Notice.objects.filter(pk=notice.pk, first_opened_at__isnull=True).update(
        first_opened_at=now, first_opened_by=user
    )
    if updated:
        audit_record(action="employers.notice_opened", actor=user, target=notice)
    notice.refresh_from_db(fields=["first_opened_at", "first_opened_by"])
    return notice
