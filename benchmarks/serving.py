"""Serving 10,000 debt notices in bulk (issue #11, item 8) against bulk_create of the same rows.

The value: `employers.services.serving.serving_batch_run` over a batch of 10,000
opted-in workshops, each with one representative (mobile and e-mail) and one unpaid
list: each workshop's debt read, its notice written with its audit row, an SMS and an
e-mail outbox row per representative, and their delivery tasks published (to the
in-memory broker: no worker delivers them here, as none would inside the serving
transaction). In-process, in chunks of SERVING_BATCH_CHUNK_SIZE, as the worker runs it.
The baseline: `Notice.objects.bulk_create` of the same 10,000 rows (fresh keys and
numbers) in the same run, rolled back each round.
"""

from __future__ import annotations

import statistics
import time

SERVING_NOTICES = 10_000
BASELINE_ROUNDS = 3
SETUP_BATCH = 2_000


def _setup(count: int):
    """A branch, its staff member, and `count` opted-in workshops in debt with one owner each."""
    import jdatetime
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from branches.models import Branch, City, Province, StaffMembership
    from employers.models import EntryKind, LedgerEntry, Representative, Workshop
    from tamin.accounts.models import User
    from tamin.core.identifiers import national_code_with_check_digit

    province = Province.objects.create(name="استان سنجه ابلاغ", slug="bench-serving")
    city = City.objects.create(province=province, name="شهر سنجه ابلاغ")
    branch = Branch.objects.create(
        code="B555", name="شعبه سنجه ابلاغ", province=province, city=city, address="آزمون"
    )
    staff = User.objects.create_user(
        national_code_with_check_digit("005550555"),
        "bench-password-0123",
        mobile="09125550555",
        is_staff=True,
    )
    StaffMembership.objects.create(user=staff, branch=branch, role="head")
    unusable = make_password(None)
    owners = User.objects.bulk_create(
        (
            User(
                national_code=national_code_with_check_digit(f"{700000000 + i:09d}"),
                mobile=f"0936{i:07d}",
                email=f"owner{i}@bench.example",
                first_name="کارفرما",
                last_name="سنجه",
                password=unusable,
            )
            for i in range(count)
        ),
        batch_size=SETUP_BATCH,
    )
    workshops = Workshop.objects.bulk_create(
        (
            Workshop(
                code=f"{8000000000 + i}",
                name=f"کارگاه سنجه {i}",
                employer_name="کارفرمای سنجه",
                branch=branch,
                e_notification_opt_in=True,
            )
            for i in range(count)
        ),
        batch_size=SETUP_BATCH,
    )
    Representative.objects.bulk_create(
        (
            Representative(user=owner, workshop=workshop, role="owner")
            for owner, workshop in zip(owners, workshops, strict=True)
        ),
        batch_size=SETUP_BATCH,
    )
    # One unpaid list of last month each: a debt with no months of penalty to replay.
    last_month = jdatetime.date.fromgregorian(date=timezone.localdate()).replace(day=1)
    last_month = jdatetime.date.fromgregorian(
        date=last_month.togregorian() - timezone.timedelta(days=1)
    )
    LedgerEntry.objects.bulk_create(
        (
            LedgerEntry(
                workshop=workshop,
                kind=EntryKind.CHARGE,
                amount=25_000_000,
                description="حق بیمه",
                year=last_month.year,
                month=last_month.month,
            )
            for workshop in workshops
        ),
        batch_size=SETUP_BATCH,
    )
    return staff, workshops


def _bulk_create_same_rows(served) -> float:
    """Insert copies of the served notices (fresh keys and numbers) with bulk_create, timed,
    then undo them; seconds."""
    from django.db import transaction

    from employers.models import Notice

    copies = [
        Notice(
            workshop_id=notice.workshop_id,
            branch_id=notice.branch_id,
            kind=notice.kind,
            serve_key=f"copy:{notice.serve_key}",
            number=f"C{notice.number}"[:20],
            title=notice.title,
            body=notice.body,
            content=notice.content,
            content_sha256=notice.content_sha256,
            delivery=notice.delivery,
            served_at=notice.served_at,
            respond_until=notice.respond_until,
            issued_by_id=notice.issued_by_id,
        )
        for notice in served
    ]
    with transaction.atomic():
        started = time.perf_counter()
        Notice.objects.bulk_create(copies)
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed


def measure() -> tuple[float, float]:
    """(serving ms, bulk_create ms) for SERVING_NOTICES notices, in this run."""
    from django.conf import settings

    from employers.models import Notice, NoticeKind, ServingBatchStatus
    from employers.services.serving import serving_batch_create, serving_batch_run
    from notifications.models import Notification
    from tamin.celery import app

    staff, workshops = _setup(SERVING_NOTICES)
    # The batch and the deliveries are published to the in-memory broker, not run eagerly:
    # what is timed is the worker's serving, not a delivery nobody waits for.
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        batch = serving_batch_create(
            staff_user=staff,
            kind=NoticeKind.DEBT,
            title="اعلام بدهی سنجه",
            body="بدهی کارگاه در زیر آمده است.",
            workshop_ids=[workshop.pk for workshop in workshops],
        )
        started = time.perf_counter()
        batch = serving_batch_run(batch_id=batch.pk, max_seconds=3600)
        serving_seconds = time.perf_counter() - started
    finally:
        app.conf.task_always_eager = eager
    served = list(Notice.objects.filter(batch=batch))
    outbox = Notification.objects.filter(template_key="employer_notice_served").count()
    if batch.status != ServingBatchStatus.DONE or len(served) != SERVING_NOTICES:
        raise RuntimeError(f"batch {batch.status}: {len(served)} notices served")
    if outbox != 2 * SERVING_NOTICES:
        raise RuntimeError(f"{outbox} outbox rows, not {2 * SERVING_NOTICES}")
    chunk = settings.SERVING_BATCH_CHUNK_SIZE
    print(f"  {len(served)} notices and {outbox} outbox rows in chunks of {chunk}")

    baseline = statistics.median(_bulk_create_same_rows(served) for _ in range(BASELINE_ROUNDS))
    return serving_seconds * 1000, baseline * 1000
