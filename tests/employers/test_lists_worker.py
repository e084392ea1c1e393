"""The list parse runs in a real Celery worker: the upload answers at once, the worker parses."""

from __future__ import annotations

import time

import pytest

from employers.models import ListStatus, MonthlyList
from employers.services import lists as services
from tests.employers.factories_lists import MONTH, YEAR, list_setup

# One Celery worker per pytest run is enough: keep these tests on one xdist worker.
pytestmark = pytest.mark.xdist_group("celery_worker")
POLL_SECONDS = 30.0


def test_uploaded_list_is_parsed_by_the_worker(celery_worker_process):
    # given a committed upload (the worker shares the private store with this process)
    setup = list_setup(workers=2)
    monthly_list = services.monthly_list_upload(
        user=setup.user, workshop=setup.workshop, files=setup.uploads(), year=YEAR, month=MONTH
    )
    try:
        # then the worker turns it valid, with its rows
        deadline = time.monotonic() + POLL_SECONDS
        while MonthlyList.objects.get(pk=monthly_list.pk).status in (
            ListStatus.UPLOADED,
            ListStatus.PARSING,
        ):
            if time.monotonic() > deadline:
                pytest.fail(f"not parsed in time:\n{celery_worker_process.log_tail()}")
            time.sleep(0.2)
        monthly_list.refresh_from_db()
        assert monthly_list.error_count == 0
        assert monthly_list.status == ListStatus.VALID
        assert monthly_list.rows.count() == 2
    finally:
        for key, name in monthly_list.stored_files.items():
            if key != "name":
                services.list_file_discard(name)
