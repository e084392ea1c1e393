"""Serving in bulk (issue #11, item 8): a batch serves each workshop of its staff's branch
once, in chunks with progress, whatever runs it again; others' workshops are refused; the
monthly debt batches are made once per branch and month; the bulk form of notice_serve
does what notice_serve does."""

from __future__ import annotations

import datetime

import jdatetime
import pytest
from django.http import Http404
from django.utils import timezone

from employers.models import (
    EntryKind,
    LedgerEntry,
    Notice,
    NoticeDelivery,
    NoticeKind,
    ServingBatch,
    ServingBatchStatus,
    Workshop,
)
from employers.selectors.money import workshop_debt
from employers.selectors.serving import serving_batch_outcome, workshops_with_debt_ids
from employers.services import notices as notice_services
from employers.services.ledger import ledger_record
from employers.services.notices import NoticeToServe, notice_serve, notices_serve_many
from employers.services.serving import (
    SELECTION_WITH_DEBT,
    serve_key_for,
    serving_batch_abandon,
    serving_batch_create,
    serving_batch_retry,
    serving_batch_run,
    serving_batches_requeue_stuck,
    serving_debt_batches_schedule,
)
from employers.tasks import serving_batch_run_task
from notifications.models import Notification
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import format_rial
from tamin.core.models import AuditLog, TaskDelivery
from tests.accounts.factories import UserFactory
from tests.branches.factories import BranchFactory, StaffMembershipFactory
from tests.employers.factories import RepresentativeFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


# --- helpers (also used by test_serving_pages) ---------------------------------------------


def staff_of(branch):
    return StaffMembershipFactory(branch=branch).user


def workshop_with_representative(*, branch, opt_in: bool = True, debt: int = 0) -> Workshop:
    """A workshop of `branch` whose owner has a mobile and an e-mail; `debt`: one charge row."""
    workshop = WorkshopFactory(branch=branch, e_notification_opt_in=opt_in)
    owner = RepresentativeFactory(workshop=workshop).user
    owner.email = f"owner{workshop.pk}@example.com"
    owner.save(update_fields=["email"])
    if debt:
        ledger_record(
            workshop=workshop,
            kind=EntryKind.CHARGE,
            amount=debt,
            description="حق بیمه ۱۴۰۴/۰۱",
            year=1404,
            month=1,
        )
    return workshop


def letter_batch(*, staff, workshops, title: str = "اطلاعیه شعبه") -> ServingBatch:
    return serving_batch_create(
        staff_user=staff,
        kind=NoticeKind.LETTER,
        title=title,
        body="ساعت کار شعبه در روزهای پایانی سال تغییر می‌کند.",
        workshop_ids=[workshop.pk for workshop in workshops],
    )


def _batch_runs(callbacks) -> list:
    """The on-commit callbacks that queue a batch's task (not the outbox's deliveries)."""
    return [c for c in callbacks if "_run_queue_on_commit" in c.__qualname__]


def _counts() -> tuple[int, int, int]:
    return Notice.objects.count(), Notification.objects.count(), ServingBatch.objects.count()


# --- a batch serves each workshop once ------------------------------------------------------


def test_a_batch_serves_each_workshop_once_and_running_it_again_sends_nothing():
    # Given a branch with two opted-in workshops and one without the opt-in
    branch = BranchFactory()
    staff = staff_of(branch)
    electronic = [workshop_with_representative(branch=branch) for _ in range(2)]
    paper = workshop_with_representative(branch=branch, opt_in=False)
    batch = letter_batch(staff=staff, workshops=[*electronic, paper])
    assert (batch.status, batch.total, batch.served) == (ServingBatchStatus.QUEUED, 3, 0)

    # When the worker runs it
    serving_batch_run(batch_id=batch.pk)

    # Then each workshop has one notice of the batch, under its own serve key
    batch.refresh_from_db()
    assert (batch.status, batch.served) == (ServingBatchStatus.DONE, 3)
    assert batch.finished_at is not None
    notices = {notice.workshop_id: notice for notice in Notice.objects.filter(batch=batch)}
    assert set(notices) == {w.pk for w in [*electronic, paper]}
    for workshop_id, notice in notices.items():
        assert notice.serve_key == serve_key_for(batch_id=batch.pk, workshop_id=workshop_id)
        assert notice.kind == NoticeKind.LETTER
        assert notice.issued_by == staff
    assert notices[paper.pk].delivery == NoticeDelivery.PAPER
    assert notices[paper.pk].served_at is None
    # and each opted-in workshop's representative got one SMS and one e-mail
    rows = Notification.objects.filter(template_key="employer_notice_served")
    assert sorted(rows.values_list("channel", flat=True)) == ["email", "email", "sms", "sms"]
    assert {row.to_address for row in rows if row.channel == "email"} == {
        f"owner{w.pk}@example.com" for w in electronic
    }
    before = _counts()

    # When it runs again (a redelivered task), and even from its start again
    serving_batch_run(batch_id=batch.pk)
    ServingBatch.objects.filter(pk=batch.pk).update(status=ServingBatchStatus.RUNNING, served=0)
    serving_batch_run(batch_id=batch.pk)

    # Then no notice and no outbox row is added
    assert _counts() == before
    batch.refresh_from_db()
    assert (batch.status, batch.served) == (ServingBatchStatus.DONE, 3)


def test_progress_is_counted_chunk_by_chunk_and_the_rest_is_queued(
    settings, django_capture_on_commit_callbacks
):
    # Given a batch of five workshops served two a chunk
    settings.SERVING_BATCH_CHUNK_SIZE = 2
    branch = BranchFactory()
    workshops = [workshop_with_representative(branch=branch) for _ in range(5)]
    batch = letter_batch(staff=staff_of(branch), workshops=workshops)

    # When one task has time for one chunk only
    with django_capture_on_commit_callbacks() as queued:
        serving_batch_run(batch_id=batch.pk, max_seconds=0)

    # Then two are served, the batch runs on, and the rest is queued as a new task
    batch.refresh_from_db()
    assert (batch.status, batch.served, batch.total) == (ServingBatchStatus.RUNNING, 2, 5)
    assert Notice.objects.filter(batch=batch).count() == 2
    assert len(_batch_runs(queued)) == 1
    outcome = serving_batch_outcome(batch=batch)
    assert (outcome.electronic, outcome.paper, outcome.not_served) == (2, 0, 0)

    # When the next task runs to the end
    serving_batch_run(batch_id=batch.pk)

    # Then all five are served, in order of the batch
    batch.refresh_from_db()
    assert (batch.status, batch.served) == (ServingBatchStatus.DONE, 5)
    assert Notice.objects.filter(batch=batch).count() == 5
    assert (
        AuditLog.objects.filter(
            action__in=["employers.serving_batch_started", "employers.serving_batch_done"],
            target_id=str(batch.pk),
        ).count()
        == 2
    )


def test_the_task_serves_the_batch():
    branch = BranchFactory()
    batch = letter_batch(
        staff=staff_of(branch), workshops=[workshop_with_representative(branch=branch)]
    )
    result = serving_batch_run_task.apply(args=(batch.pk,))
    assert result.get() == ServingBatchStatus.DONE
    assert Notice.objects.filter(batch=batch).count() == 1
    assert not TaskDelivery.objects.exists()


# --- debt notices ---------------------------------------------------------------------------


def test_a_debt_notice_carries_each_workshops_own_figures_and_skips_one_owing_nothing():
    # Given two workshops in debt and one that owes nothing
    branch = BranchFactory()
    staff = staff_of(branch)
    small = workshop_with_representative(branch=branch, debt=1_200_000)
    large = workshop_with_representative(branch=branch, debt=35_000_000)
    paid_up = workshop_with_representative(branch=branch)
    batch = serving_batch_create(
        staff_user=staff,
        kind=NoticeKind.DEBT,
        title="اعلام بدهی فروردین",
        body="لطفاً بدهی را پرداخت کنید.",
        workshop_ids=[small.pk, large.pk, paid_up.pk],
    )

    # When it is served
    serving_batch_run(batch_id=batch.pk)

    # Then each debt notice says that workshop's own debt, in its content and its text
    today = timezone.localdate()
    for workshop, amount, words in (
        (small, 1_200_000, "۱٬۲۰۰٬۰۰۰"),
        (large, 35_000_000, "۳۵٬۰۰۰٬۰۰۰"),
    ):
        notice = Notice.objects.get(batch=batch, workshop=workshop)
        debt = workshop_debt(workshop=workshop, today=today)
        owed = debt.estimated.total + debt.final + debt.penalties_owed
        assert notice.kind == NoticeKind.DEBT
        assert notice.content == {
            "debt_on": today.isoformat(),
            "estimated": amount,
            "final": 0,
            "penalties": debt.penalties_owed,
            "total": owed,
            "unpaid_months": [[1404, 1]],
        }
        assert notice.body.startswith("لطفاً بدهی را پرداخت کنید.")
        assert f"بدهی برآوردی (لیست‌های پرداخت‌نشده): {words} ریال" in notice.body
        assert f"جمع بدهی: {format_rial(owed)}" in notice.body
        assert "ماه‌های پرداخت‌نشده: فروردین ۱۴۰۴" in notice.body
    # and the workshop owing nothing got none, counted apart
    assert not Notice.objects.filter(workshop=paid_up).exists()
    batch.refresh_from_db()
    assert (batch.status, batch.served) == (ServingBatchStatus.DONE, 3)
    outcome = serving_batch_outcome(batch=batch)
    assert (outcome.electronic, outcome.paper, outcome.not_served) == (2, 0, 1)


def test_the_debt_selection_is_every_workshop_of_the_branch_in_debt():
    branch = BranchFactory()
    in_debt = workshop_with_representative(branch=branch, debt=500_000)
    workshop_with_representative(branch=branch)  # no debt
    settled = workshop_with_representative(branch=branch, debt=500_000)
    ledger_record(workshop=settled, kind=EntryKind.PAYMENT, amount=-500_000, description="پرداخت")
    workshop_with_representative(branch=BranchFactory(), debt=900_000)  # another branch

    assert workshops_with_debt_ids(branch_id=branch.pk) == [in_debt.pk]
    batch = serving_batch_create(
        staff_user=staff_of(branch),
        kind=NoticeKind.DEBT,
        title="اعلام بدهی",
        body="",
        selection=SELECTION_WITH_DEBT,
    )
    assert batch.workshop_ids == [in_debt.pk]


# --- refusals: nothing made -----------------------------------------------------------------


def test_a_workshop_of_another_branch_is_refused_and_nothing_is_made():
    # Given staff of one branch, a workshop of theirs and one of another branch
    branch = BranchFactory()
    staff = staff_of(branch)
    mine = workshop_with_representative(branch=branch)
    theirs = workshop_with_representative(branch=BranchFactory())
    before = _counts()

    # When they try to serve both
    with pytest.raises(ApplicationError) as refused:
        letter_batch(staff=staff, workshops=[mine, theirs])

    # Then it is refused in Persian, naming the count, and nothing is made
    assert refused.value.code == "workshops_not_of_branch"
    assert "۱ کارگاه از فهرست از کارگاه‌های شعبه شما نیست" in refused.value.message
    assert refused.value.extra == {"workshop_ids": [theirs.pk]}
    assert _counts() == before
    assert not AuditLog.objects.filter(action="employers.serving_batch_created").exists()


def test_someone_not_staff_gets_404_and_a_named_branch_must_be_theirs():
    branch = BranchFactory()
    workshop = workshop_with_representative(branch=branch)
    with pytest.raises(Http404):
        letter_batch(staff=UserFactory(), workshops=[workshop])
    with pytest.raises(Http404):
        serving_batch_create(
            staff_user=staff_of(BranchFactory()),
            kind=NoticeKind.LETTER,
            title="نامه",
            body="متن",
            branch_id=branch.pk,
            workshop_ids=[workshop.pk],
        )
    assert ServingBatch.objects.count() == 0


def test_staff_of_several_branches_name_the_branch():
    first, second = BranchFactory(), BranchFactory()
    staff = staff_of(first)
    StaffMembershipFactory(user=staff, branch=second)
    workshop = workshop_with_representative(branch=second)
    with pytest.raises(ApplicationError) as refused:
        letter_batch(staff=staff, workshops=[workshop])
    assert refused.value.code == "branch_required"
    batch = serving_batch_create(
        staff_user=staff,
        kind=NoticeKind.LETTER,
        title="نامه",
        body="متن",
        branch_id=second.pk,
        workshop_ids=[workshop.pk],
    )
    assert batch.branch == second


@pytest.mark.parametrize(
    ("kind", "title", "body", "code"),
    [
        (NoticeKind.RULING, "حکم", "متن", "kind_not_servable"),
        (NoticeKind.LETTER, "  ", "متن", "title_required"),
        (NoticeKind.LETTER, "نامه", " ", "body_required"),
    ],
)
def test_what_cannot_be_served_in_bulk_is_refused(kind, title, body, code):
    branch = BranchFactory()
    workshop = workshop_with_representative(branch=branch)
    with pytest.raises(ApplicationError) as refused:
        serving_batch_create(
            staff_user=staff_of(branch),
            kind=kind,
            title=title,
            body=body,
            workshop_ids=[workshop.pk],
        )
    assert refused.value.code == code
    assert ServingBatch.objects.count() == 0


def test_a_batch_is_bounded_in_size(settings):
    settings.SERVING_BATCH_MAX_WORKSHOPS = 2
    branch = BranchFactory()
    workshops = [workshop_with_representative(branch=branch) for _ in range(3)]
    with pytest.raises(ApplicationError) as refused:
        letter_batch(staff=staff_of(branch), workshops=workshops)
    assert refused.value.code == "too_many_workshops"
    assert "حداکثر ۲ کارگاه" in refused.value.message
    assert ServingBatch.objects.count() == 0


def test_an_empty_list_or_a_branch_without_debt_is_refused():
    branch = BranchFactory()
    staff = staff_of(branch)
    with pytest.raises(ApplicationError) as empty:
        letter_batch(staff=staff, workshops=[])
    assert empty.value.code == "no_workshops"
    with pytest.raises(ApplicationError) as no_debt:
        serving_batch_create(
            staff_user=staff, kind=NoticeKind.DEBT, title="بدهی", body="", selection="debt"
        )
    assert "هیچ کارگاهی از این شعبه بدهی ندارد" in no_debt.value.message
    assert ServingBatch.objects.count() == 0


def test_a_form_key_makes_the_batch_once_and_is_nobody_elses():
    branch = BranchFactory()
    staff = staff_of(branch)
    workshop = workshop_with_representative(branch=branch)
    arguments = {
        "kind": NoticeKind.LETTER,
        "title": "نامه",
        "body": "متن",
        "workshop_ids": [workshop.pk],
        "key": "staff:" + "a" * 32,
    }
    first = serving_batch_create(staff_user=staff, **arguments)
    again = serving_batch_create(staff_user=staff, **arguments)
    assert again.pk == first.pk
    assert ServingBatch.objects.count() == 1
    with pytest.raises(ApplicationError) as taken:
        serving_batch_create(staff_user=staff_of(branch), **arguments)
    assert taken.value.code == "key_taken"


# --- failure, give-up, retry, the sweeper -----------------------------------------------------


def test_a_chunk_that_raises_is_undone_and_the_batch_fails_then_retry_goes_on(settings):
    # Given a batch whose second chunk will raise (a served hook that fails once)
    settings.SERVING_BATCH_CHUNK_SIZE = 1
    branch = BranchFactory()
    staff = staff_of(branch)
    workshops = [workshop_with_representative(branch=branch) for _ in range(3)]
    batch = letter_batch(staff=staff, workshops=workshops)
    calls = []

    def failing_once(notice):
        calls.append(notice.pk)
        if len(calls) == 2:
            raise RuntimeError("boom")

    hooks = notice_services._SERVED_HOOKS
    saved = dict(hooks)
    hooks[NoticeKind.LETTER] = failing_once
    try:
        # When the worker runs it
        with pytest.raises(RuntimeError):
            serving_batch_run(batch_id=batch.pk)
    finally:
        hooks.clear()
        hooks.update(saved)

    # Then the first chunk stays served, the failed one left nothing, and the batch failed
    batch.refresh_from_db()
    assert (batch.status, batch.served) == (ServingBatchStatus.FAILED, 1)
    assert Notice.objects.filter(batch=batch).count() == 1
    assert Notification.objects.count() == 2
    assert AuditLog.objects.filter(action="employers.serving_batch_failed").count() == 1
    # and the sweeper leaves a failed batch alone
    settings.SERVING_BATCH_STUCK_AFTER_SECONDS = 0
    assert serving_batches_requeue_stuck() == 0

    # When staff retry it
    serving_batch_retry(staff_user=staff, batch=batch)
    assert batch.status == ServingBatchStatus.QUEUED
    serving_batch_run(batch_id=batch.pk)

    # Then it goes on from its counter: three notices, each once
    batch.refresh_from_db()
    assert (batch.status, batch.served) == (ServingBatchStatus.DONE, 3)
    assert Notice.objects.filter(batch=batch).count() == 3
    assert Notification.objects.count() == 6
    # and a batch that is not failed cannot be retried, nor by staff of another branch
    with pytest.raises(ApplicationError) as not_failed:
        serving_batch_retry(staff_user=staff, batch=batch)
    assert not_failed.value.code == "not_failed"
    with pytest.raises(Http404):
        serving_batch_retry(staff_user=staff_of(BranchFactory()), batch=batch)


def test_a_batch_whose_task_kept_killing_its_worker_is_given_up(settings):
    # Given a batch whose task died unfinished TASK_MAX_DELIVERIES times
    settings.TASK_MAX_DELIVERIES = 3
    branch = BranchFactory()
    batch = letter_batch(
        staff=staff_of(branch), workshops=[workshop_with_representative(branch=branch)]
    )
    TaskDelivery.objects.create(
        task_name=serving_batch_run_task.name,
        object_key=str(batch.pk),
        deliveries=3,
        first_at=timezone.now(),
        last_at=timezone.now(),
    )

    # When the message is delivered once more
    serving_batch_run_task.apply(args=(batch.pk,))

    # Then nothing is served and the batch is failed (its give-up)
    batch.refresh_from_db()
    assert batch.status == ServingBatchStatus.FAILED
    assert Notice.objects.count() == 0
    serving_batch_abandon(batch_id=batch.pk)  # again: harmless
    assert AuditLog.objects.filter(action="employers.serving_batch_failed").count() == 1


def test_the_sweeper_queues_a_batch_that_stood_still_once(
    settings, django_capture_on_commit_callbacks
):
    settings.SERVING_BATCH_STUCK_AFTER_SECONDS = 300
    branch = BranchFactory()
    staff = staff_of(branch)
    stuck = letter_batch(staff=staff, workshops=[workshop_with_representative(branch=branch)])
    fresh = letter_batch(staff=staff, workshops=[workshop_with_representative(branch=branch)])
    long_ago = timezone.now() - datetime.timedelta(minutes=10)
    ServingBatch.objects.filter(pk=stuck.pk).update(updated_at=long_ago)

    with django_capture_on_commit_callbacks() as queued:
        assert serving_batches_requeue_stuck() == 1
    assert len(_batch_runs(queued)) == 1
    stuck.refresh_from_db()
    assert stuck.updated_at > long_ago
    # and right after, it is not queued again
    assert serving_batches_requeue_stuck() == 0
    fresh.refresh_from_db()
    assert fresh.status == ServingBatchStatus.QUEUED


# --- the monthly debt batches -------------------------------------------------------------------


def _gregorian(year: int, month: int, day: int) -> datetime.date:
    return jdatetime.date(year, month, day).togregorian()


def test_the_monthly_debt_batches_are_made_once_per_branch_and_month(settings):
    # Given two branches with workshops in debt and one whose workshops owe nothing
    settings.SERVING_DEBT_NOTICE_DAY = 5
    first, second, clear = BranchFactory(), BranchFactory(), BranchFactory()
    first_debtors = [workshop_with_representative(branch=first, debt=700_000) for _ in range(2)]
    workshop_with_representative(branch=first)
    second_debtor = workshop_with_representative(branch=second, debt=100_000)
    workshop_with_representative(branch=clear)

    # Before the day of the month, nothing is made
    assert serving_debt_batches_schedule(today=_gregorian(1404, 7, 4)) == 0

    # On the day, one debt batch per branch in debt
    assert serving_debt_batches_schedule(today=_gregorian(1404, 7, 5)) == 2
    batches = {batch.branch_id: batch for batch in ServingBatch.objects.all()}
    assert set(batches) == {first.pk, second.pk}
    assert batches[first.pk].key == f"debt:{first.pk}:1404-07"
    assert batches[first.pk].kind == NoticeKind.DEBT
    assert batches[first.pk].title == "اعلام بدهی مهر ۱۴۰۴"
    assert batches[first.pk].created_by is None
    assert sorted(batches[first.pk].workshop_ids) == sorted(w.pk for w in first_debtors)
    assert batches[second.pk].workshop_ids == [second_debtor.pk]

    # Run again the same day and later that month: nothing more
    assert serving_debt_batches_schedule(today=_gregorian(1404, 7, 5)) == 0
    assert serving_debt_batches_schedule(today=_gregorian(1404, 7, 29)) == 0
    assert ServingBatch.objects.count() == 2

    # The next month, the next batches
    assert serving_debt_batches_schedule(today=_gregorian(1404, 8, 5)) == 2
    assert ServingBatch.objects.filter(key=f"debt:{first.pk}:1404-08").exists()

    # and day 0 turns the job off
    settings.SERVING_DEBT_NOTICE_DAY = 0
    assert serving_debt_batches_schedule(today=_gregorian(1404, 9, 10)) == 0
    # while a day past the 29th means the 29th, which every Jalali month has
    settings.SERVING_DEBT_NOTICE_DAY = 31
    assert serving_debt_batches_schedule(today=_gregorian(1404, 12, 28)) == 0
    assert serving_debt_batches_schedule(today=_gregorian(1404, 12, 29)) == 2


def test_a_branch_with_more_debtors_than_a_batch_holds_gets_several(settings):
    settings.SERVING_DEBT_NOTICE_DAY = 1
    settings.SERVING_BATCH_MAX_WORKSHOPS = 2
    branch = BranchFactory()
    for _ in range(3):
        workshop_with_representative(branch=branch, debt=100_000)
    assert serving_debt_batches_schedule(today=_gregorian(1404, 1, 1)) == 2
    keys = sorted(ServingBatch.objects.values_list("key", "total"))
    assert keys == [(f"debt:{branch.pk}:1404-01", 2), (f"debt:{branch.pk}:1404-01:2", 1)]
    assert serving_debt_batches_schedule(today=_gregorian(1404, 1, 2)) == 0


def test_a_monthly_batch_is_served_like_any_other():
    branch = BranchFactory()
    debtor = workshop_with_representative(branch=branch, debt=250_000)
    serving_debt_batches_schedule(today=_gregorian(1404, 2, 20))
    batch = ServingBatch.objects.get()
    serving_batch_run(batch_id=batch.pk)
    notice = Notice.objects.get(batch=batch)
    assert notice.workshop == debtor
    assert notice.issued_by is None
    assert "بدهی برآوردی (لیست‌های پرداخت‌نشده): ۲۵۰٬۰۰۰ ریال" in notice.body
    assert Notification.objects.filter(channel="sms").count() == 1


# --- the bulk form of notice_serve -------------------------------------------------------------


def _fields(notice: Notice) -> dict:
    return {
        "workshop": notice.workshop_id,
        "branch": notice.branch_id,
        "kind": notice.kind,
        "title": notice.title,
        "body": notice.body,
        "content": notice.content,
        "content_sha256": notice.content_sha256,
        "delivery": notice.delivery,
        "served": notice.served_at is not None,
        "respond_until": notice.respond_until,
        "issued_by": notice.issued_by_id,
    }


def _told(notice: Notice) -> list[tuple[str, str]]:
    return sorted(
        Notification.objects.filter(idempotency_key__startswith=f"notice:{notice.pk}:").values_list(
            "channel", "to_address"
        )
    )


def test_notices_serve_many_does_what_notice_serve_does_notice_by_notice():
    # Given pairs of like workshops (opted in, not opted in), one of each pair per path
    branch = BranchFactory()
    staff = staff_of(branch)
    pairs = [
        (workshop_with_representative(branch=branch), workshop_with_representative(branch=branch)),
        (
            workshop_with_representative(branch=branch, opt_in=False),
            workshop_with_representative(branch=branch, opt_in=False),
        ),
    ]
    hooked: list[str] = []
    hooks = notice_services._SERVED_HOOKS
    saved = dict(hooks)
    hooks[NoticeKind.LETTER] = lambda notice: hooked.append(notice.serve_key)
    try:
        # When one of each pair is served by notice_serve and the other by notices_serve_many
        one_by_one = [
            notice_serve(
                workshop=single,
                kind=NoticeKind.LETTER,
                serve_key=f"single:{single.pk}",
                title="نامه",
                body="متن نامه",
                content={"n": 1},
                respond_days=21,
                issued_by=staff,
            )
            for single, _bulk in pairs
        ]
        at_once = notices_serve_many(
            kind=NoticeKind.LETTER,
            items=[
                NoticeToServe(
                    workshop=bulk,
                    serve_key=f"bulk:{bulk.pk}",
                    title="نامه",
                    body="متن نامه",
                    content={"n": 1},
                )
                for _single, bulk in pairs
            ],
            respond_days=21,
            issued_by=staff,
        )
    finally:
        hooks.clear()
        hooks.update(saved)

    # Then each bulk notice is what notice_serve made for its twin, but its workshop
    for single, bulk in zip(one_by_one, at_once, strict=True):
        expected = _fields(single) | {"workshop": bulk.workshop_id}
        expected["content_sha256"] = bulk.content_sha256  # the hash covers the workshop code
        assert _fields(bulk) == expected
        assert len(bulk.number) == len(single.number)
        for notice in (single, bulk):
            action = (
                "employers.notice_served"
                if notice.delivery == NoticeDelivery.ELECTRONIC
                else "employers.notice_for_paper"
            )
            assert AuditLog.objects.filter(action=action, target_id=str(notice.pk)).count() == 1
    # and told the representatives alike: SMS + e-mail when electronic, nothing on paper
    assert [len(_told(n)) for n in one_by_one] == [len(_told(n)) for n in at_once] == [2, 0]
    # and the kind's hook ran for the electronic ones only
    assert sorted(hooked) == sorted([one_by_one[0].serve_key, at_once[0].serve_key])


def test_notices_serve_many_returns_the_notices_already_served_and_sends_nothing():
    branch = BranchFactory()
    served_before = workshop_with_representative(branch=branch)
    new = workshop_with_representative(branch=branch)
    earlier = notice_serve(
        workshop=served_before,
        kind=NoticeKind.LETTER,
        serve_key="key:earlier",
        title="نامه نخست",
        body="متن نخست",
    )
    before = Notification.objects.count()

    notices = notices_serve_many(
        kind=NoticeKind.LETTER,
        items=[
            NoticeToServe(workshop=served_before, serve_key="key:earlier", title="دیگر", body="x"),
            NoticeToServe(workshop=new, serve_key="key:new", title="نامه", body="متن"),
        ],
    )

    assert notices[0].pk == earlier.pk
    assert notices[0].title == "نامه نخست"
    assert notices[1].serve_key == "key:new"
    assert Notification.objects.count() == before + 2  # the new one only
    # and the same call again serves nothing at all
    again = notices_serve_many(
        kind=NoticeKind.LETTER,
        items=[NoticeToServe(workshop=new, serve_key="key:new", title="نامه", body="متن")],
    )
    assert again[0].pk == notices[1].pk
    assert Notification.objects.count() == before + 2
    with pytest.raises(ValueError, match="serve keys repeat"):
        notices_serve_many(
            kind=NoticeKind.LETTER,
            items=[NoticeToServe(workshop=new, serve_key="k", title="t", body="b")] * 2,
        )


def test_notices_serve_many_reads_in_a_few_queries_not_a_few_per_notice(
    django_assert_max_num_queries,
):
    # Given ten opted-in workshops with one representative each
    branch = BranchFactory()
    workshops = [workshop_with_representative(branch=branch) for _ in range(10)]
    items = [
        NoticeToServe(workshop=w, serve_key=f"q:{w.pk}", title="نامه", body="متن")
        for w in workshops
    ]
    # Then serving them costs the outbox's own writes (notify, per representative) and one
    # audit row per notice, plus a handful of queries for the whole set
    per_notice = 1 + 10  # audit row + notify (savepoints, template reads, two outbox rows)
    with django_assert_max_num_queries(10 * per_notice + 6):
        notices_serve_many(kind=NoticeKind.LETTER, items=items)
    assert Notification.objects.count() == 20
    assert LedgerEntry.objects.count() == 0
