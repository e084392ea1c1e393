"""Serving one notice to many workshops at once (ابلاغ گروهی), in the worker, each once.

A batch is made by branch staff (`serving_batch_create`: a debt notice or a letter to
every workshop of their branch with a debt, or to the workshops they list) or by the
monthly job (`serving_debt_batches_schedule`: a debt notice per branch, once a month).
It holds the ids of its workshops (at most SERVING_BATCH_MAX_WORKSHOPS) and is served
by the worker (`serving_batch_run`, the task `serving_batch_run_task`) in chunks of
SERVING_BATCH_CHUNK_SIZE workshops. Each chunk is one transaction that locks the batch
row, serves the next workshops after its `served` counter through
`employers.services.notices.notices_serve_many` (the bulk form of `notice_serve`) and
advances the counter: the notices, their outbox rows and the progress commit together
or not at all. Every notice's serve key is "batch:<batch id>:workshop:<workshop id>", so
a chunk run again (a redelivered task, a worker killed mid-chunk, a sweeper's duplicate
running beside the first) serves no workshop twice and writes no outbox row twice.

A debt notice carries the workshop's own figures on the day it is served
(`employers.selectors.money.workshop_debt`): in its content as numbers and at the end of
its text as lines a person reads. A workshop that owes nothing by then gets none.

One task serves for about SERVING_BATCH_RUN_SECONDS, then queues the rest as a new task,
so no task outlives Celery's time limits and the delivery tasks the chunks queued are
not held up for long. A batch whose task was lost (a killed worker's message waits for
the broker's visibility timeout) is queued again by the beat sweeper
`serving_batches_requeue_stuck` once it has not moved for SERVING_BATCH_STUCK_AFTER_SECONDS.
Status: queued → running → done; failed when a chunk raised, or when its task killed the
worker TASK_MAX_DELIVERIES times (`serving_batch_abandon`); staff may then queue it again
(`serving_batch_retry`), and it goes on from its counter.
"""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Sequence

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.selectors.staff import staff_membership_get, staff_memberships_for_user
from employers.models import (
    NoticeKind,
    ServingBatch,
    ServingBatchStatus,
    Workshop,
)
from employers.selectors.money import WorkshopDebt, workshop_debt
from employers.selectors.serving import (
    FINISHED_STATUSES,
    workshops_not_of_branch,
    workshops_with_debt_ids,
)
from employers.services.notices import NoticeToServe, notices_serve_many
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import (
    format_code,
    format_jalali_date,
    format_number,
    format_period,
    format_rial,
    to_jalali_date,
)
from tamin.core.services import audit_record

logger = logging.getLogger(__name__)

SERVABLE_KINDS = (NoticeKind.DEBT, NoticeKind.LETTER)
SELECTION_WITH_DEBT = "debt"  # every workshop of the branch whose account shows a debt
_ACTIVE_STATUSES = (ServingBatchStatus.QUEUED, ServingBatchStatus.RUNNING)
# The batch row as a chunk reads and writes it (never its list of ids).
_COUNTER_FIELDS = ("id", "status", "served", "total", "kind", "title", "body", "created_by_id")
_MESSAGES_SHOWN = 20  # ids named in a refusal's extra


def serve_key_for(*, batch_id: int, workshop_id: int) -> str:
    """The serve key of a batch's notice to one workshop (what makes it once-only)."""
    return f"batch:{batch_id}:workshop:{workshop_id}"


# --- Making a batch ---------------------------------------------------------------------


def _staff_branch_id(*, staff_user, branch_id: int | None) -> int:
    """The branch a staff member serves from: the one named (404 if not theirs), or their
    only branch; a person at several branches must name one; a non-staff person: 404."""
    if branch_id is not None:
        return staff_membership_get(user=staff_user, branch_id=branch_id).branch_id
    branch_ids = sorted(
        set(staff_memberships_for_user(user=staff_user).values_list("branch_id", flat=True))
    )
    if not branch_ids:
        raise Http404
    if len(branch_ids) > 1:
        raise ApplicationError(
            _("شما در چند شعبه کار می‌کنید؛ شعبه‌ای را که ابلاغ از آن است انتخاب کنید."),
            code="branch_required",
        )
    return branch_ids[0]


def _batch_workshop_ids(
    *, branch_id: int, workshop_ids: Sequence[int] | None, selection: str | None
) -> list[int]:
    if (workshop_ids is None) == (selection is None):
        raise ValueError("give either workshop_ids or selection")
    if selection is not None:
        if selection != SELECTION_WITH_DEBT:
            raise ValueError(f"unknown selection {selection!r}")
        ids = workshops_with_debt_ids(branch_id=branch_id)
        if not ids:
            raise ApplicationError(
                _("هیچ کارگاهی از این شعبه بدهی ندارد؛ ابلاغی ثبت نشد."), code="no_workshops"
            )
        return ids
    ids = list(dict.fromkeys(int(pk) for pk in workshop_ids))
    if not ids:
        raise ApplicationError(_("هیچ کارگاهی برای ابلاغ انتخاب نشده است."), code="no_workshops")
    strangers = workshops_not_of_branch(branch_id=branch_id, workshop_ids=ids)
    if strangers:
        raise ApplicationError(
            _(
                "%(count)s کارگاه از فهرست از کارگاه‌های شعبه شما نیست؛ "
                "ابلاغ فقط به کارگاه‌های شعبه خودتان ممکن است و چیزی ثبت نشد."
            )
            % {"count": format_number(len(strangers))},
            code="workshops_not_of_branch",
            extra={"workshop_ids": strangers[:_MESSAGES_SHOWN]},
        )
    return ids


def _size_check(count: int) -> None:
    limit = settings.SERVING_BATCH_MAX_WORKSHOPS
    if count > limit:
        raise ApplicationError(
            _(
                "یک ابلاغ گروهی حداکثر %(limit)s کارگاه دارد و این فهرست %(count)s کارگاه؛ "
                "آن را در چند ابلاغ ثبت کنید."
            )
            % {"limit": format_number(limit), "count": format_number(count)},
            code="too_many_workshops",
        )


def serving_batch_create(
    *,
    staff_user,
    kind: str,
    title: str,
    body: str,
    branch_id: int | None = None,
    workshop_ids: Sequence[int] | None = None,
    selection: str | None = None,
    key: str | None = None,
) -> ServingBatch:
    """Branch staff serve one notice to many workshops of their own branch.

    `kind`: a debt notice (each workshop's own figures added) or a letter (the same text
    to all). The workshops: `workshop_ids` (every one of the branch, else nothing is
    made) or `selection=SELECTION_WITH_DEBT`. `key` (the form's token) makes a repeated
    submit return the batch already made. The batch is served by the worker after commit.
    """
    branch_id = _staff_branch_id(staff_user=staff_user, branch_id=branch_id)
    if key:
        existing = ServingBatch.objects.filter(key=key).first()
        if existing is not None:
            return _same_request(existing, staff_user=staff_user, branch_id=branch_id)
    if kind not in SERVABLE_KINDS:
        raise ApplicationError(
            _("ابلاغ گروهی فقط برای اعلام بدهی یا نامه است."), code="kind_not_servable"
        )
    title, body = (title or "").strip(), (body or "").strip()
    if not title:
        raise ApplicationError(_("عنوان ابلاغیه را بنویسید."), code="title_required")
    if kind == NoticeKind.LETTER and not body:
        raise ApplicationError(_("متن نامه را بنویسید."), code="body_required")
    ids = _batch_workshop_ids(branch_id=branch_id, workshop_ids=workshop_ids, selection=selection)
    _size_check(len(ids))
    try:
        with transaction.atomic():
            batch = _batch_make(
                branch_id=branch_id,
                kind=kind,
                title=title,
                body=body,
                workshop_ids=ids,
                created_by=staff_user,
                key=key or None,
            )
    except IntegrityError:
        # The same form submitted twice at once: the other request made it.
        existing = ServingBatch.objects.filter(key=key).first() if key else None
        if existing is None:
            raise
        return _same_request(existing, staff_user=staff_user, branch_id=branch_id)
    return batch


def _same_request(batch: ServingBatch, *, staff_user, branch_id: int) -> ServingBatch:
    if batch.branch_id != branch_id or batch.created_by_id != getattr(staff_user, "pk", None):
        raise ApplicationError(
            _("این فرم قبلاً برای ابلاغ دیگری به کار رفته است؛ فرم را از نو باز کنید."),
            code="key_taken",
        )
    return batch


def _batch_make(
    *,
    branch_id: int,
    kind: str,
    title: str,
    body: str,
    workshop_ids: list[int],
    created_by,
    key: str | None,
) -> ServingBatch:
    batch = ServingBatch.objects.create(
        branch_id=branch_id,
        kind=kind,
        title=title[:200],
        body=body,
        workshop_ids=workshop_ids,
        total=len(workshop_ids),
        created_by=created_by,
        key=key,
    )
    audit_record(
        action="employers.serving_batch_created",
        actor=created_by,
        target=batch,
        after={"kind": kind, "branch": branch_id, "total": batch.total, "key": key or ""},
    )
    _run_queue_on_commit(batch_id=batch.pk)
    return batch


def _run_queue_on_commit(*, batch_id: int) -> None:
    def enqueue() -> None:
        from employers.tasks import serving_batch_run_task  # tasks import this module

        serving_batch_run_task.delay(batch_id)

    # robust: a broker hiccup must not undo the committed batch; the sweeper queues it later.
    transaction.on_commit(enqueue, robust=True)


# --- Serving ----------------------------------------------------------------------------


def serving_batch_run(*, batch_id: int, max_seconds: float | None = None) -> ServingBatch | None:
    """Serve the batch chunk after chunk from its counter, for about `max_seconds`
    (SERVING_BATCH_RUN_SECONDS); then queue the rest as a new task. The batch, or None.

    Deliberately not atomic: each chunk commits on its own (see the module docstring).
    A chunk that raises is undone, the batch is marked failed and the error re-raised.
    """
    batch = ServingBatch.objects.filter(pk=batch_id).first()
    if batch is None or batch.status in FINISHED_STATUSES:
        return batch
    workshop_ids = list(batch.workshop_ids)
    budget = settings.SERVING_BATCH_RUN_SECONDS if max_seconds is None else max_seconds
    deadline = time.monotonic() + budget
    while True:
        try:
            more = _chunk_serve(batch_id=batch_id, workshop_ids=workshop_ids)
        except Exception as exc:
            logger.exception("serving batch %s: a chunk failed", batch_id)
            _batch_fail(batch_id=batch_id, reason=f"{type(exc).__name__}: {exc}")
            raise
        if not more:
            break
        if time.monotonic() >= deadline:
            _run_queue_on_commit(batch_id=batch_id)  # outside a transaction: queued at once
            break
    batch.refresh_from_db()
    return batch


@transaction.atomic
def _chunk_serve(*, batch_id: int, workshop_ids: list[int]) -> bool:
    """Serve the next chunk under the batch row's lock; whether workshops are left."""
    batch = ServingBatch.objects.select_for_update().only(*_COUNTER_FIELDS).get(pk=batch_id)
    if batch.status not in _ACTIVE_STATUSES:
        return False  # finished or failed meanwhile (another run, the give-up)
    now = timezone.now()
    fields = ["served", "updated_at"]
    if batch.status == ServingBatchStatus.QUEUED:
        batch.status = ServingBatchStatus.RUNNING
        fields.append("status")
        audit_record(action="employers.serving_batch_started", target=batch)
    start = batch.served
    chunk = workshop_ids[start : start + settings.SERVING_BATCH_CHUNK_SIZE]
    if chunk:
        _serve_workshops(batch=batch, workshop_ids=chunk)
    batch.served = start + len(chunk)
    batch.updated_at = now
    finished = batch.served >= batch.total
    if finished:
        batch.status = ServingBatchStatus.DONE
        batch.finished_at = now
        fields += ["status", "finished_at"]
    batch.save(update_fields=sorted(set(fields)))
    if finished:
        audit_record(
            action="employers.serving_batch_done", target=batch, after={"served": batch.served}
        )
    return not finished


def _serve_workshops(*, batch: ServingBatch, workshop_ids: list[int]) -> None:
    workshops = Workshop.objects.in_bulk(workshop_ids)
    today = timezone.localdate()
    items = []
    for workshop_id in workshop_ids:
        workshop = workshops.get(workshop_id)
        if workshop is None:
            continue  # workshops are never deleted once they have notices; nothing to serve
        body, content = batch.body, {}
        if batch.kind == NoticeKind.DEBT:
            debt = workshop_debt(workshop=workshop, today=today)
            if debt_owed(debt) <= 0:
                continue  # it paid since the batch was made: no debt notice
            body, content = debt_notice_text(
                text=batch.body, workshop=workshop, debt=debt, today=today
            )
        items.append(
            NoticeToServe(
                workshop=workshop,
                serve_key=serve_key_for(batch_id=batch.pk, workshop_id=workshop_id),
                title=batch.title,
                body=body,
                content=content,
            )
        )
    if items:
        notices_serve_many(kind=batch.kind, items=items, issued_by=batch.created_by, batch=batch)


def debt_owed(debt: WorkshopDebt) -> int:
    """Everything the workshop owes: lists (estimated), rulings (final) and penalties."""
    return debt.estimated.total + debt.final + debt.penalties_owed


def debt_notice_text(
    *, text: str, workshop: Workshop, debt: WorkshopDebt, today: datetime.date
) -> tuple[str, dict]:
    """A debt notice's body (the batch's text, then the workshop's figures as lines) and
    content (the same figures as numbers, and the unpaid list months)."""
    months = [(item.year, item.month) for item in debt.estimated.lists]
    content = {
        "debt_on": today.isoformat(),
        "estimated": debt.estimated.total,
        "final": debt.final,
        "penalties": debt.penalties_owed,
        "total": debt_owed(debt),
        "unpaid_months": [[year, month] for year, month in months],
    }
    lines = [text] if text else []
    lines.append(
        _("بدهی کارگاه «%(name)s» (کد %(code)s) تا تاریخ %(date)s:")
        % {
            "name": workshop.name,
            "code": format_code(workshop.code),
            "date": format_jalali_date(today),
        }
    )
    lines.append(
        _("بدهی برآوردی (لیست‌های پرداخت‌نشده): %(amount)s")
        % {"amount": format_rial(debt.estimated.total)}
    )
    lines.append(_("بدهی قطعی (احکام مطالباتی): %(amount)s") % {"amount": format_rial(debt.final)})
    lines.append(
        _("جریمه‌های پرداخت‌نشده: %(amount)s") % {"amount": format_rial(debt.penalties_owed)}
    )
    lines.append(_("جمع بدهی: %(amount)s") % {"amount": format_rial(debt_owed(debt))})
    if months:
        lines.append(
            _("ماه‌های پرداخت‌نشده: %(months)s")
            % {"months": "، ".join(format_period(year, month) for year, month in months)}
        )
    return "\n".join(lines), content


def _batch_fail(*, batch_id: int, reason: str) -> None:
    now = timezone.now()
    with transaction.atomic():
        failed = ServingBatch.objects.filter(pk=batch_id, status__in=_ACTIVE_STATUSES).update(
            status=ServingBatchStatus.FAILED, finished_at=now, updated_at=now
        )
        if failed:
            audit_record(
                action="employers.serving_batch_failed",
                target_type="employers.servingbatch",
                target_id=batch_id,
                detail={"reason": reason[:500]},
            )


def serving_batch_abandon(*, batch_id: int) -> None:
    """Its task killed the worker TASK_MAX_DELIVERIES times (tamin.core.task_deliveries):
    mark the batch failed, so no sweeper queues it again; staff may retry it."""
    _batch_fail(batch_id=batch_id, reason="too many unfinished deliveries")


@transaction.atomic
def serving_batch_retry(*, staff_user, batch: ServingBatch) -> ServingBatch:
    """Staff of the batch's branch queue a failed batch again; it goes on from its counter."""
    staff_membership_get(user=staff_user, branch_id=batch.branch_id)  # 404 for other branches
    now = timezone.now()
    queued = ServingBatch.objects.filter(pk=batch.pk, status=ServingBatchStatus.FAILED).update(
        status=ServingBatchStatus.QUEUED, finished_at=None, updated_at=now
    )
    if not queued:
        raise ApplicationError(
            _("فقط ابلاغ گروهی ناموفق را می‌توان دوباره به صف فرستاد."), code="not_failed"
        )
    audit_record(action="employers.serving_batch_retried", actor=staff_user, target=batch)
    _run_queue_on_commit(batch_id=batch.pk)
    batch.refresh_from_db(fields=["status", "finished_at", "updated_at"])
    return batch


def serving_batches_requeue_stuck() -> int:
    """Queue again the batches left queued or running whose counter has not moved for
    SERVING_BATCH_STUCK_AFTER_SECONDS (their task was lost); how many. Each one's
    `updated_at` is bumped, so a slow queue is not flooded with copies."""
    now = timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.SERVING_BATCH_STUCK_AFTER_SECONDS)
    stuck = ServingBatch.objects.filter(status__in=_ACTIVE_STATUSES, updated_at__lt=cutoff)
    requeued = 0
    for batch_id in list(stuck.values_list("pk", flat=True)[:100]):
        with transaction.atomic():
            if stuck.filter(pk=batch_id).update(updated_at=now):
                _run_queue_on_commit(batch_id=batch_id)
                requeued += 1
    if requeued:
        logger.info("Re-queued %d stuck serving batches", requeued)
    return requeued


# --- The monthly debt notices -------------------------------------------------------------


def serving_debt_batches_schedule(*, today: datetime.date | None = None) -> int:
    """From SERVING_DEBT_NOTICE_DAY of each Jalali month on (0: never), one debt batch per
    branch for its workshops with a debt, once a month; how many batches were made.

    Idempotent: a batch's key is "debt:<branch id>:<year>-<month>" (unique), so running it
    every day, or twice at once, makes each branch's batch of the month once. A branch
    with more workshops in debt than SERVING_BATCH_MAX_WORKSHOPS gets several batches
    ("…:2", "…:3"), made together. A branch with none gets no batch (looked at again
    the next day).
    """
    day = min(settings.SERVING_DEBT_NOTICE_DAY, 29)  # every Jalali month has a 29th
    if day <= 0:
        return 0
    today = today or timezone.localdate()
    jalali = to_jalali_date(today)
    if jalali.day < day:
        return 0
    month_key = f"{jalali.year:04d}-{jalali.month:02d}"
    title = _("اعلام بدهی %(period)s") % {"period": format_period(jalali.year, jalali.month)}
    text = _(
        "بدهی کارگاه به سازمان تأمین اجتماعی در روز ابلاغ در زیر آمده است. برای پرداخت "
        "یا درخواست تقسیط به صفحه بدهی کارگاه در سامانه خدمات غیرحضوری مراجعه کنید."
    )
    made = 0
    branch_ids = Workshop.objects.values_list("branch_id", flat=True).distinct().order_by()
    for branch_id in sorted(set(branch_ids)):
        key = f"debt:{branch_id}:{month_key}"
        if ServingBatch.objects.filter(key=key).exists():
            continue
        limit = settings.SERVING_BATCH_MAX_WORKSHOPS
        try:
            with transaction.atomic():
                ids = workshops_with_debt_ids(branch_id=branch_id)
                parts = [ids[start : start + limit] for start in range(0, len(ids), limit)]
                for number, part in enumerate(parts, start=1):
                    _batch_make(
                        branch_id=branch_id,
                        kind=NoticeKind.DEBT,
                        title=title,
                        body=text,
                        workshop_ids=part,
                        created_by=None,
                        key=key if number == 1 else f"{key}:{number}",
                    )
        except IntegrityError:
            continue  # another run made this branch's batch of the month just now
        made += len(parts)
    return made
