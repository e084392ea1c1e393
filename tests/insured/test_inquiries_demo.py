"""Demo data of the inquiries area, and the demo person's objection accepted by the branch."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from branches.demo import directory as demo_directory
from branches.models import Case, CaseStatus, Inspection
from branches.services.cases import case_decide, case_document_add, case_start_review, case_submit
from insured.demo import inquiries as demo_inquiries
from insured.demo import records as demo
from insured.models import BankAccount, ContributionRecord
from tamin.accounts.demo import accounts as accounts_demo
from tamin.accounts.models import User
from tests.branches.factories_cases import pdf_upload, staff_member

pytestmark = pytest.mark.django_db


def _seed_all():
    accounts_demo.seed(io.StringIO())
    demo_directory.seed(io.StringIO())
    demo.seed(io.StringIO())
    demo_inquiries.seed(io.StringIO())


def test_demo_gives_a_bank_account_and_two_inspections_idempotently():
    _seed_all()
    demo_inquiries.seed(io.StringIO())
    account = BankAccount.objects.get(person__national_code="0013542419")
    assert account.bank_name == "بانک ملی ایران"
    assert Inspection.objects.count() == 2


def test_without_the_demo_person_it_skips_with_a_note():
    out = io.StringIO()
    demo_inquiries.seed(out)
    assert "skipped" in out.getvalue()


def test_demo_person_sees_inspections_and_objects_to_the_short_month(client):
    # given the seeded demo
    _seed_all()
    maryam = User.objects.get(national_code="0013542419")
    client.force_login(maryam)
    assert "فاطمه نادری" in client.get(reverse("insured:inspections")).content.decode()
    # when she objects to 1403/03 (20 of 31 days) from the objections page
    body = client.get(reverse("insured:objections")).content.decode()
    assert "year=1403&amp;month=3" in body
    workshop = ContributionRecord.objects.get(
        person__national_code="0013542419", year=1403, month=3, is_current=True
    )
    response = client.post(
        reverse("insured:objection_missing_days"),
        {
            "workshop_code": workshop.workshop_code,
            "year": "1403",
            "month": "3",
            "claimed_days": "31",
        },
    )
    assert response.status_code == 302
    case = Case.objects.get(applicant=maryam)
    case_document_add(
        case=case, uploaded_by=maryam, document_type="payslip_or_letter", upload=pdf_upload()
    )
    case_submit(case=case, actor=maryam)
    # and the branch of the workshop accepts it
    reviewer = staff_member(branch=case.branch)
    case_start_review(case=case, actor=reviewer)
    case_decide(case=case, actor=reviewer, status=CaseStatus.ACCEPTED, reason="فیش‌ها تطبیق شد")
    # then the corrected month shows 31 days on the year page
    current = ContributionRecord.objects.get(
        person__national_code="0013542419",
        workshop_code=workshop.workshop_code,
        year=1403,
        month=3,
        is_current=True,
    )
    assert current.days == 31
    assert current.version == 2
    year_page = client.get(reverse("insured:records_year", args=[1403])).content.decode()
    assert year_page.count("۳۱") >= 1
