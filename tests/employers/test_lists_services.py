"""Monthly list intake: upload → parse → valid/invalid → submit, corrections, all or nothing."""

from __future__ import annotations

import pytest

from employers.models import EntryKind, LedgerEntry, ListStatus, MonthlyList, MonthlyListRow
from employers.selectors.lists import list_deadline, monthly_lists_overview, previous_jalali_month
from employers.services import lists as services
from insured.models import ContributionRecord
from tamin.core.exceptions import ApplicationError
from tamin.core.models import AuditLog
from tests.employers.factories_lists import MONTH, YEAR, list_setup, stored_errors
from tests.insured.factories import InsuredPersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _upload(setup, django_capture_on_commit_callbacks, **kwargs) -> MonthlyList:
    month = kwargs.pop("month", MONTH)
    uploads = kwargs.pop("uploads", None) or setup.uploads(month=month, **kwargs)
    with django_capture_on_commit_callbacks(execute=True):
        monthly_list = services.monthly_list_upload(
            user=setup.user, workshop=setup.workshop, files=uploads, year=YEAR, month=month
        )
    monthly_list.refresh_from_db()
    return monthly_list


def test_upload_parses_in_the_task_and_a_valid_list_has_rows_and_totals(
    django_capture_on_commit_callbacks,
):
    # given a workshop with three registered workers
    setup = list_setup(workers=3)
    # when its owner uploads a valid DBF pair (the task runs eagerly after commit)
    monthly_list = _upload(setup, django_capture_on_commit_callbacks)
    # then the list is valid, with its rows and the shares of the preview
    assert monthly_list.error_count == 0
    assert monthly_list.status == ListStatus.VALID
    assert monthly_list.worker_count == 3
    assert MonthlyListRow.objects.filter(monthly_list=monthly_list).count() == 3
    assert monthly_list.insured_share == sum(
        r.insured_share for r in MonthlyListRow.objects.filter(monthly_list=monthly_list)
    )
    assert monthly_list.employer_share > monthly_list.insured_share > 0
    assert monthly_list.unemployment_share > 0
    # and the files are stored outside any served place
    assert set(monthly_list.stored_files) == {"DSKKAR00", "DSKWOR00"}


def test_parse_task_is_idempotent(django_capture_on_commit_callbacks):
    # given a parsed list
    setup = list_setup(workers=1)
    monthly_list = _upload(setup, django_capture_on_commit_callbacks)
    # when the task runs again
    from employers.tasks import monthly_list_parse_task

    # then it does nothing
    assert monthly_list_parse_task(monthly_list.pk) == "skipped"
    assert MonthlyListRow.objects.filter(monthly_list=monthly_list).count() == 1


def test_submit_writes_records_and_the_charge(django_capture_on_commit_callbacks):
    # given a valid list
    setup = list_setup(workers=3)
    monthly_list = _upload(setup, django_capture_on_commit_callbacks)
    # when it is submitted
    services.monthly_list_submit(user=setup.user, list_id=monthly_list.pk)
    # then every worker has the month in the record, from this list
    monthly_list.refresh_from_db()
    assert monthly_list.status == ListStatus.SUBMITTED
    records = ContributionRecord.objects.filter(
        workshop_code=setup.workshop.code, year=YEAR, month=MONTH, is_current=True
    )
    assert records.count() == 3
    assert set(records.values_list("source_ref", flat=True)) == {str(monthly_list.pk)}
    assert set(records.values_list("branch_id", flat=True)) == {setup.workshop.branch_id}
    # and the workshop is charged insured + employer + unemployment shares
    charge = LedgerEntry.objects.get(workshop=setup.workshop, kind=EntryKind.CHARGE)
    assert charge.amount == (
        monthly_list.insured_share + monthly_list.employer_share + monthly_list.unemployment_share
    )
    assert (charge.year, charge.month, charge.monthly_list_id) == (YEAR, MONTH, monthly_list.pk)
    assert AuditLog.objects.filter(action="employers.list_submitted").exists()
    # and the owner finds a message in the inbox
    assert setup.user.notifications.filter(template_key="monthly_list_submitted").exists()


def test_invalid_list_keeps_every_error_and_no_rows(django_capture_on_commit_callbacks):
    # given a list whose first row's insured share is wrong and whose second worker is unknown
    setup = list_setup(workers=2)
    stranger = InsuredPersonFactory.build(insurance_number="39999999")
    workers = [
        setup.workers[0],
        setup.workers[1].__class__(
            insurance_number=stranger.insurance_number,
            national_code=stranger.national_code,
            first_name="ناشناس",
            last_name="ناشناس",
        ),
    ]
    monthly_list = _upload(
        setup,
        django_capture_on_commit_callbacks,
        workers=workers,
        row_changes={0: {"insured_share": 1}},
    )
    # then the list is invalid, with both errors, and no row is stored
    assert monthly_list.status == ListStatus.INVALID
    codes = {(e["file"], e["row"], e["code"]) for e in stored_errors(monthly_list)}
    assert ("DSKWOR00", 2, "unknown_worker") in codes
    assert any(
        e["file"] == "DSKWOR00" and e["row"] == 1
        for e in stored_errors(monthly_list)
        if e["code"] != "unknown_worker"
    )
    assert not MonthlyListRow.objects.filter(monthly_list=monthly_list).exists()
    # and it cannot be submitted
    with pytest.raises(ApplicationError):
        services.monthly_list_submit(user=setup.user, list_id=monthly_list.pk)


def test_wrong_workshop_code_in_the_file_is_an_error(django_capture_on_commit_callbacks):
    # given a file made for another workshop
    setup = list_setup(workers=1)
    monthly_list = _upload(setup, django_capture_on_commit_callbacks, code="4999999999")
    # then the list is refused for that reason
    assert monthly_list.status == ListStatus.INVALID
    assert any(
        e["code"] == "workshop_mismatch" and e["field"] == "DSK_ID"
        for e in stored_errors(monthly_list)
    )


def test_national_code_not_matching_the_insurance_number_is_an_error(
    django_capture_on_commit_callbacks,
):
    setup = list_setup(workers=1)
    other = InsuredPersonFactory()
    worker = setup.workers[0].__class__(
        insurance_number=setup.workers[0].insurance_number,
        national_code=other.national_code,
        first_name="علی",
        last_name="رضایی",
    )
    monthly_list = _upload(setup, django_capture_on_commit_callbacks, workers=[worker])
    assert monthly_list.status == ListStatus.INVALID
    assert [e["code"] for e in stored_errors(monthly_list)] == ["national_code_mismatch"]


def test_month_of_the_file_must_be_the_month_chosen(django_capture_on_commit_callbacks):
    setup = list_setup(workers=1)
    uploads = setup.uploads(month=6)
    monthly_list = _upload(setup, django_capture_on_commit_callbacks, uploads=uploads)
    assert monthly_list.status == ListStatus.INVALID
    assert "period_mismatch" in {e["code"] for e in stored_errors(monthly_list)}


def test_corrective_list_supersedes_and_charges_the_difference(
    django_capture_on_commit_callbacks,
):
    # given a submitted list for the month
    setup = list_setup(workers=2)
    first = _upload(setup, django_capture_on_commit_callbacks)
    services.monthly_list_submit(user=setup.user, list_id=first.pk)
    first.refresh_from_db()
    # when a corrective list with one more day per worker... (29 days instead of 30)
    second = _upload(setup, django_capture_on_commit_callbacks, days=29)
    assert second.version == 2
    services.monthly_list_submit(user=setup.user, list_id=second.pk)
    # then the first is superseded, the second in force as version 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == ListStatus.SUPERSEDED
    assert (second.status, second.version) == (ListStatus.SUBMITTED, 2)
    # and the records are new versions, the old ones kept
    worker = setup.workers[0]
    versions = ContributionRecord.objects.filter(
        person__insurance_number=worker.insurance_number, year=YEAR, month=MONTH
    ).order_by("version")
    assert [(r.version, r.days, r.is_current) for r in versions] == [(1, 30, False), (2, 29, True)]
    # and the ledger has the charge and an adjustment for the difference
    entries = list(LedgerEntry.objects.filter(workshop=setup.workshop).order_by("id"))
    assert [e.kind for e in entries] == [EntryKind.CHARGE, EntryKind.ADJUSTMENT]
    assert entries[1].amount == services.list_charge_amount(second) - services.list_charge_amount(
        first
    )
    assert entries[1].amount < 0


def test_a_failure_in_the_middle_of_submit_leaves_nothing(
    django_capture_on_commit_callbacks,
):
    # given a valid list whose last worker has since left the registry
    setup = list_setup(workers=3)
    monthly_list = _upload(setup, django_capture_on_commit_callbacks)
    from insured.models import InsuredPerson

    InsuredPerson.objects.filter(insurance_number=setup.workers[2].insurance_number).update(
        insurance_number="38888888"
    )
    # when it is submitted
    with pytest.raises(ApplicationError):
        services.monthly_list_submit(user=setup.user, list_id=monthly_list.pk)
    # then no record, no ledger row, and the list is still waiting
    assert not ContributionRecord.objects.filter(workshop_code=setup.workshop.code).exists()
    assert not LedgerEntry.objects.exists()
    monthly_list.refresh_from_db()
    assert monthly_list.status == ListStatus.VALID


def test_a_failure_after_the_records_rolls_the_records_back(
    django_capture_on_commit_callbacks, monkeypatch
):
    # given a valid list, and a superseded older version to be replaced
    setup = list_setup(workers=2)
    first = _upload(setup, django_capture_on_commit_callbacks)
    services.monthly_list_submit(user=setup.user, list_id=first.pk)
    second = _upload(setup, django_capture_on_commit_callbacks, days=28)

    # when writing the ledger fails after the records were written
    def broken(**kwargs):
        raise ApplicationError("شکست آزمایشی", code="boom")

    monkeypatch.setattr(services.submit, "ledger_record", broken)
    with pytest.raises(ApplicationError):
        services.monthly_list_submit(user=setup.user, list_id=second.pk)
    # then the first list is still in force and the records are untouched
    first.refresh_from_db()
    assert first.status == ListStatus.SUBMITTED
    assert not ContributionRecord.objects.filter(version=2).exists()


def test_size_limit_and_file_set(settings):
    setup = list_setup(workers=1)
    settings.MONTHLY_LIST_MAX_BYTES = 100
    with pytest.raises(ApplicationError) as info:
        services.monthly_list_upload(
            user=setup.user, workshop=setup.workshop, files=setup.uploads(), year=YEAR, month=MONTH
        )
    assert info.value.code == "file_too_large"
    settings.MONTHLY_LIST_MAX_BYTES = 20 * 1024 * 1024
    only_one = {k: v for k, v in setup.uploads().items() if k == "DSKKAR00.DBF"}
    with pytest.raises(ApplicationError) as info:
        services.monthly_list_upload(
            user=setup.user, workshop=setup.workshop, files=only_one, year=YEAR, month=MONTH
        )
    assert info.value.code == "bad_file_set"
    assert not MonthlyList.objects.exists()


def test_broken_file_is_an_invalid_list_not_a_crash(django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    setup = list_setup(workers=1)
    uploads = {
        "dskkar00.dbf": SimpleUploadedFile("dskkar00.dbf", b"\x03garbage"),
        "dskwor00.dbf": SimpleUploadedFile("dskwor00.dbf", b""),
    }
    monthly_list = _upload(setup, django_capture_on_commit_callbacks, uploads=uploads)
    assert monthly_list.status == ListStatus.INVALID
    assert stored_errors(monthly_list)


def test_deadline_is_the_end_of_the_following_jalali_month():
    import datetime

    import jdatetime

    assert list_deadline(1404, 7) == jdatetime.date(1404, 8, 30).togregorian()
    assert list_deadline(1404, 12) == jdatetime.date(1405, 1, 31).togregorian()
    assert list_deadline(1403, 11) == jdatetime.date(1403, 12, 30).togregorian()  # leap year
    assert isinstance(list_deadline(1404, 1), datetime.date)


def test_overview_marks_late_months(django_capture_on_commit_callbacks):
    # given a list of 1404/7 submitted today, long after its deadline
    setup = list_setup(workers=1)
    monthly_list = _upload(setup, django_capture_on_commit_callbacks)
    services.monthly_list_submit(user=setup.user, list_id=monthly_list.pk)
    overview = {(m.year, m.month): m for m in monthly_lists_overview(workshop=setup.workshop)}
    # then the month is late, and every month from it to the month due now is listed too
    assert overview[(YEAR, MONTH)].is_late
    assert overview[(YEAR, MONTH)].in_force.pk == monthly_list.pk
    due_year, due_month = previous_jalali_month()
    assert len(overview) == (due_year - YEAR) * 12 + due_month - MONTH + 1
    assert (due_year, due_month) in overview


def test_lateness_is_decided_on_the_tehran_date_like_the_penalties(
    client, django_capture_on_commit_callbacks
):
    import datetime

    import jdatetime
    import time_machine
    from django.urls import reverse

    # given the deadline of 1404/7 (30 Aban 1404) and an instant late that evening in UTC,
    # 23:30 UTC, which is already 03:00 of the next day in Tehran (UTC+3:30)
    deadline = jdatetime.date(1404, 8, 30).togregorian()
    late_evening_utc = datetime.datetime.combine(
        deadline, datetime.time(23, 30), tzinfo=datetime.UTC
    )
    setup = list_setup(workers=1)
    with time_machine.travel(late_evening_utc, tick=False):
        # when the list is uploaded and submitted then
        monthly_list = _upload(setup, django_capture_on_commit_callbacks)
        services.monthly_list_submit(user=setup.user, list_id=monthly_list.pk)
        overview = {(m.year, m.month): m for m in monthly_lists_overview(workshop=setup.workshop)}
        client.force_login(setup.user)
        detail = client.get(reverse("employers:list_detail", args=[monthly_list.pk]))

    # then it was sent on 1 Azar in Tehran, the day after the deadline: late, on the overview
    # and on the list's page alike (the UTC date would have said "on the deadline, on time")
    month = overview[(YEAR, MONTH)]
    assert month.first_sent_on == deadline + datetime.timedelta(days=1)
    assert month.is_late
    assert detail.context["is_late"]


def test_lists_left_waiting_are_queued_again(django_capture_on_commit_callbacks):
    # given a list whose parse task was lost (uploaded, callbacks never ran), long ago
    import datetime

    from django.utils import timezone

    setup = list_setup(workers=1)
    monthly_list = services.monthly_list_upload(
        user=setup.user, workshop=setup.workshop, files=setup.uploads(), year=YEAR, month=MONTH
    )
    MonthlyList.objects.filter(pk=monthly_list.pk).update(
        updated_at=timezone.now() - datetime.timedelta(hours=1)
    )
    # when the sweeper runs
    with django_capture_on_commit_callbacks(execute=True):
        assert services.monthly_lists_requeue_stuck() == 1
    # then the list is parsed
    monthly_list.refresh_from_db()
    assert monthly_list.status == ListStatus.VALID


def test_months_page_query_count_does_not_grow_with_lists(
    client, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    from django.urls import reverse

    setup = list_setup(workers=1)
    for month in (5, 6, 7):
        _upload(setup, django_capture_on_commit_callbacks, month=month)
    client.force_login(setup.user)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("employers:lists", args=[setup.workshop.pk])).status_code == 200


def test_a_worker_left_out_of_the_corrective_list_gets_a_zero_month(
    django_capture_on_commit_callbacks,
):
    # given a submitted list of two workers
    setup = list_setup(workers=2)
    first = _upload(setup, django_capture_on_commit_callbacks)
    services.monthly_list_submit(user=setup.user, list_id=first.pk)
    # when a corrective list names only the first worker
    second = _upload(setup, django_capture_on_commit_callbacks, workers=setup.workers[:1])
    services.monthly_list_submit(user=setup.user, list_id=second.pk)
    # then the dropped worker's month is a zero version, the old one kept in the history
    dropped = setup.workers[1]
    versions = ContributionRecord.objects.filter(
        person__insurance_number=dropped.insurance_number, year=YEAR, month=MONTH
    ).order_by("version")
    assert [(r.version, r.days, r.is_current) for r in versions] == [(1, 30, False), (2, 0, True)]
