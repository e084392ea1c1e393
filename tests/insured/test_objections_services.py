"""Objections: filing (periods, routing), documents holding the case, and the branch's decision."""

from __future__ import annotations

import pytest

from branches.models import CaseStatus
from branches.services.cases import case_decide, case_document_add, case_start_review, case_submit
from insured.models import ContributionRecord, RecordSource
from insured.services.objections import (
    MISSING_DAYS,
    MISSING_RECORD,
    objection_missing_days_file,
    objection_missing_record_file,
    period_validate,
)
from notifications.selectors import inbox_list_for_user
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import today_jalali
from tamin.rules.models import YearParameters
from tests.branches.factories import BranchFactory
from tests.branches.factories_cases import pdf_upload, staff_member
from tests.insured.factories import ContributionRecordFactory
from tests.insured.factories_inquiries import WORKSHOP, insured_user, person_with_records

pytestmark = pytest.mark.django_db


def _file_days(user, person, **overrides):
    fields = {"workshop_code": WORKSHOP, "year": 1403, "month": 3, "claimed_days": 31}
    return objection_missing_days_file(user=user, person=person, **(fields | overrides))


@pytest.mark.parametrize(
    ("year", "month", "code"),
    [(1403, 13, "period_month"), (1403, 0, "period_month"), (1299, 5, "period_year")],
)
def test_period_out_of_range_is_a_persian_error(year, month, code):
    # when / then
    with pytest.raises(ApplicationError) as error:
        period_validate(year=year, month=month)
    assert error.value.code == code
    assert "ماه" in error.value.message or "سال" in error.value.message


def test_future_period_is_refused():
    today = today_jalali()
    with pytest.raises(ApplicationError) as error:
        period_validate(year=today.year + 1, month=1)
    assert error.value.code == "period_future"


def test_missing_days_files_a_draft_routed_to_the_workshops_branch():
    # given a person whose 1403/3 record has 20 of 31 days
    user, person, _short, branch = person_with_records()
    # when
    case = _file_days(user, person, description="کارفرما روزها را کم فرستاد")
    # then the draft is at the workshop's branch with the claim in its payload
    assert case.kind == MISSING_DAYS
    assert case.status == CaseStatus.DRAFT
    assert case.branch == branch
    assert case.payload["recorded_days"] == 20
    assert case.payload["claimed_days"] == 31


@pytest.mark.parametrize("claimed", [20, 19, 32])
def test_missing_days_claim_must_exceed_the_record_and_fit_the_month(claimed):
    user, person, _short, _branch = person_with_records()
    with pytest.raises(ApplicationError) as error:
        _file_days(user, person, claimed_days=claimed)
    assert error.value.code == "objection_days_range"


def test_missing_days_needs_a_recorded_month():
    user, person, _short, _branch = person_with_records()
    with pytest.raises(ApplicationError) as error:
        _file_days(user, person, month=9)
    assert error.value.code == "objection_no_record"


def test_missing_record_routes_to_residence_branch_when_the_workshop_is_unknown():
    # given a person with no record of the workshop but a residence branch
    residence = BranchFactory()
    user, person = insured_user(residence_branch=residence)
    # when
    case = objection_missing_record_file(
        user=user,
        person=person,
        workshop_code="۳۰۰۰۰۰۰۰۰۳",
        workshop_name="کارگاه قدیمی",
        from_year=1380,
        from_month=1,
        to_year=1380,
        to_month=6,
        daily_wage=50_000,
    )
    # then
    assert case.kind == MISSING_RECORD
    assert case.branch == residence
    assert case.payload["workshop_code"] == "3000000003"


def test_missing_record_without_any_branch_is_refused():
    user, person = insured_user()
    with pytest.raises(ApplicationError) as error:
        objection_missing_record_file(
            user=user,
            person=person,
            workshop_code="3000000003",
            workshop_name="کارگاه",
            from_year=1380,
            from_month=1,
            to_year=1380,
            to_month=2,
            daily_wage=0,
        )
    assert error.value.code == "objection_no_branch"


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [
        ((1381, 5), (1381, 4), "objection_period_order"),
        ((1370, 1), (1380, 1), "objection_period_long"),
    ],
)
def test_missing_record_period_rules(start, end, code):
    user, person = insured_user(residence_branch=BranchFactory())
    with pytest.raises(ApplicationError) as error:
        objection_missing_record_file(
            user=user,
            person=person,
            workshop_code="3000000003",
            workshop_name="کارگاه",
            from_year=start[0],
            from_month=start[1],
            to_year=end[0],
            to_month=end[1],
            daily_wage=0,
        )
    assert error.value.code == code


def test_objection_without_documents_is_held_not_forwarded():
    user, person, _short, _branch = person_with_records()
    case = _file_days(user, person)
    # when submitted without the payslip
    case = case_submit(case=case, actor=user)
    # then it waits for documents
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
    assert case.forwarded_at is None


def _forward_and_review(case, user, branch, document_types):
    for document_type in document_types:
        case_document_add(
            case=case, uploaded_by=user, document_type=document_type, upload=pdf_upload()
        )
    case_submit(case=case, actor=user)
    case.refresh_from_db()
    assert case.status == CaseStatus.FORWARDED
    reviewer = staff_member(branch=branch)
    case_start_review(case=case, actor=reviewer)
    case.refresh_from_db()
    return reviewer


def test_accepted_missing_days_writes_a_corrected_version_and_keeps_the_old_one():
    # given a forwarded objection under review
    user, person, short, branch = person_with_records()
    case = _file_days(user, person)
    reviewer = _forward_and_review(case, user, branch, ["payslip_or_letter"])
    # when the branch accepts it
    case_decide(case=case, actor=reviewer, status=CaseStatus.ACCEPTED, reason="فیش‌ها بررسی شد")
    # then a new current version carries the claimed days; the old one is kept
    current = ContributionRecord.objects.get(
        person=person, workshop_code=WORKSHOP, year=1403, month=3, is_current=True
    )
    short.refresh_from_db()
    assert current.days == 31
    assert current.version == 2
    assert current.supersedes_id == short.pk
    assert current.source == RecordSource.OBJECTION
    assert current.source_ref == case.tracking_code
    assert current.monthly_wage == short.daily_wage * 31
    assert current.insurable_total == current.monthly_wage + short.insurable_benefits
    assert not short.is_current
    assert short.days == 20
    # and the person was told
    assert inbox_list_for_user(user=user).filter(template_key="case_decided").exists()


def test_rejected_objection_writes_nothing():
    user, person, _short, branch = person_with_records()
    case = _file_days(user, person)
    reviewer = _forward_and_review(case, user, branch, ["payslip_or_letter"])
    case_decide(case=case, actor=reviewer, status=CaseStatus.REJECTED, reason="مدرک کافی نیست")
    assert ContributionRecord.objects.filter(person=person, year=1403, month=3).count() == 1


def test_accepted_missing_record_writes_the_missing_months():
    # given a claim of 1380/1..1380/3 at an unknown workshop, one month already recorded in part
    # (and 1380's figures in the parameters table: a test row, below the claimed 40,000 a day)
    YearParameters.objects.create(
        year=1380, min_daily_wage=30_000, min_monthly_wage=900_000, insurable_cap_monthly=6_300_000
    )
    residence = BranchFactory()
    user, person = insured_user(residence_branch=residence)
    partial = ContributionRecordFactory(
        person=person, workshop_code="3000000003", year=1380, month=2, days=10, branch=None
    )
    case = objection_missing_record_file(
        user=user,
        person=person,
        workshop_code="3000000003",
        workshop_name="کارگاه قدیمی",
        from_year=1380,
        from_month=1,
        to_year=1380,
        to_month=3,
        daily_wage=40_000,
    )
    reviewer = _forward_and_review(case, user, residence, ["employment_proof", "payslip"])
    # when
    case_decide(case=case, actor=reviewer, status=CaseStatus.ACCEPTED, reason="قرارداد تأیید شد")
    # then three full months are current, the partial month superseded
    rows = ContributionRecord.objects.filter(
        person=person, workshop_code="3000000003", is_current=True
    ).order_by("month")
    assert [(r.month, r.days, r.version) for r in rows] == [(1, 31, 1), (2, 31, 2), (3, 31, 1)]
    assert all(r.source_ref == case.tracking_code for r in rows)
    assert rows[0].monthly_wage == 40_000 * 31
    assert rows[0].insured_share == 40_000 * 31 * 70 // 1000
    partial.refresh_from_db()
    assert not partial.is_current
