"""The portal checks DSK_BIC against the workers the registry marks covered by unemployment
insurance: a payroll program's list with an exempt worker is accepted, and stored as such."""

from __future__ import annotations

from dataclasses import replace

import pytest

from employers import listfile
from employers.demo.lists import as_uploads
from employers.models import ListStatus, MonthlyListRow
from employers.services import lists as services
from insured.models import InsuredPerson
from tests.employers.factories_lists import MONTH, YEAR, list_setup, stored_errors

pytestmark = pytest.mark.django_db


def _upload_with_bic(setup, bic: int, django_capture_on_commit_callbacks):
    """Two workers at 3,463,656 and 4,000,000 a day, 30 days, no benefits; the header's
    DSK_BIC as a payroll program that knows who is exempt writes it."""
    workers = [
        replace(setup.workers[0], daily_wage=3_463_656, benefits=0),
        replace(setup.workers[1], daily_wage=4_000_000, benefits=0),
    ]
    parsed = listfile.load(setup.files(workers=workers))
    parsed = replace(parsed, header=replace(parsed.header, total_unemployment=bic))
    kar, wor = listfile.write_dbf_pair(parsed)
    uploads = as_uploads({"DSKKAR00.DBF": kar, "DSKWOR00.DBF": wor})
    with django_capture_on_commit_callbacks(execute=True):
        monthly_list = services.monthly_list_upload(
            user=setup.user, workshop=setup.workshop, files=uploads, year=YEAR, month=MONTH
        )
    monthly_list.refresh_from_db()
    return monthly_list, workers


def test_a_list_with_a_worker_exempt_from_unemployment_insurance_is_accepted(
    django_capture_on_commit_callbacks,
):
    # given worker 2 is marked exempt in the registry
    setup = list_setup(workers=2)
    InsuredPerson.objects.filter(insurance_number=setup.workers[1].insurance_number).update(
        unemployment_insurance_covered=False
    )
    # when the list arrives with BIC for worker 1 only: 3 % × 103,909,680 = 3,117,290.4 → 3,117,290
    monthly_list, _workers = _upload_with_bic(setup, 3_117_290, django_capture_on_commit_callbacks)
    # then it is valid, its unemployment share is that, and the rows say who is covered
    assert monthly_list.status == ListStatus.VALID, stored_errors(monthly_list)
    assert monthly_list.unemployment_share == 3_117_290
    rows = MonthlyListRow.objects.filter(monthly_list=monthly_list).order_by("row_number")
    assert [row.unemployment_covered for row in rows] == [True, False]


def test_bic_leaving_out_a_covered_worker_is_refused(django_capture_on_commit_callbacks):
    # given both workers covered in the registry: BIC must be 3,117,290 + 3 % × 120,000,000
    # = 3,117,290 + 3,600,000 = 6,717,290
    setup = list_setup(workers=2)
    monthly_list, _workers = _upload_with_bic(setup, 3_117_290, django_capture_on_commit_callbacks)
    assert monthly_list.status == ListStatus.INVALID
    errors = stored_errors(monthly_list)
    assert [(e["field"], e["code"]) for e in errors] == [("DSK_BIC", "bic_mismatch")]
    assert "۶٬۷۱۷٬۲۹۰" in errors[0]["message"] or "۶,۷۱۷,۲۹۰" in errors[0]["message"]
