"""Objection corrections price months by the premium law (tamin.rules.premiums): the year's
cap and minimum wage, shares rounded half up. Expected amounts are worked out by hand."""

from __future__ import annotations

import pytest

from branches.models import CaseStatus
from branches.services.cases import case_decide, case_document_add, case_start_review, case_submit
from insured.models import ContributionRecord
from insured.services.objections import (
    objection_missing_days_file,
    objection_missing_record_file,
)
from tamin.core.exceptions import ApplicationError
from tamin.rules.models import YearParameters
from tests.branches.factories import BranchFactory
from tests.branches.factories_cases import pdf_upload, staff_member
from tests.insured.factories import ContributionRecordFactory
from tests.insured.factories_inquiries import WORKSHOP, insured_user, person_with_records

pytestmark = pytest.mark.django_db

OTHER_WORKSHOP = "3000000003"


def _file_record(user, person, *, year, daily_wage, months=(1, 1)):
    return objection_missing_record_file(
        user=user,
        person=person,
        workshop_code=OTHER_WORKSHOP,
        workshop_name="کارگاه",
        from_year=year,
        from_month=months[0],
        to_year=year,
        to_month=months[1],
        daily_wage=daily_wage,
    )


def _accept(case, user, branch, document_types):
    for document_type in document_types:
        case_document_add(
            case=case, uploaded_by=user, document_type=document_type, upload=pdf_upload()
        )
    case_submit(case=case, actor=user)
    case.refresh_from_db()
    reviewer = staff_member(branch=branch)
    case_start_review(case=case, actor=reviewer)
    case.refresh_from_db()
    case_decide(case=case, actor=reviewer, status=CaseStatus.ACCEPTED, reason="مدارک تأیید شد")


def test_a_claimed_daily_wage_above_the_1404_cap_is_refused():
    # given the 1404 daily cap 727,367,760 / 30 = 24,245,592
    user, person = insured_user(residence_branch=BranchFactory())
    # when one rial more is claimed / then refused in Persian, nothing filed
    with pytest.raises(ApplicationError) as error:
        _file_record(user, person, year=1404, daily_wage=24_245_593)
    assert error.value.code == "wage_over_cap"
    assert "سقف" in error.value.message
    # and the cap itself is accepted
    assert _file_record(user, person, year=1404, daily_wage=24_245_592).payload["daily_wage"]


def test_a_claimed_wage_below_the_minimum_is_raised_and_shares_round_half_up():
    # given a claim for Farvardin 1404 (31 days) at 1,000,000 a day, below the minimum 3,463,656
    residence = BranchFactory()
    user, person = insured_user(residence_branch=residence)
    case = _file_record(user, person, year=1404, daily_wage=1_000_000)
    # when the branch accepts it
    _accept(case, user, residence, ["employment_proof", "payslip"])
    # then by hand: 3,463,656 × 31 = 107,373,336;
    # 7 % = 7,516,133.52 → 7,516,134 (rounding down gave 7,516,133); 20 % = 21,474,667.2 → 21,474,667
    record = ContributionRecord.objects.get(
        person=person, workshop_code=OTHER_WORKSHOP, year=1404, month=1, is_current=True
    )
    assert record.daily_wage == 3_463_656
    assert record.monthly_wage == record.insurable_total == 107_373_336
    assert record.insured_share == 7_516_134
    assert record.employer_share == 21_474_667


def test_missing_days_are_capped_at_the_days_cap():
    # given 1403/3 (31 days) recorded for 20 days at 10,000,000 a day with 250,000,000 benefits
    user, person, _short, branch = person_with_records()
    ContributionRecord.objects.filter(person=person, year=1403, month=3).delete()
    ContributionRecordFactory(
        person=person,
        year=1403,
        month=3,
        days=20,
        daily_wage=10_000_000,
        insurable_benefits=250_000_000,
        branch=branch,
    )
    case = objection_missing_days_file(
        user=user, person=person, workshop_code=WORKSHOP, year=1403, month=3, claimed_days=31
    )
    # when accepted
    _accept(case, user, branch, ["payslip_or_letter"])
    # then by hand: the 1403 daily cap 501,632,880 / 30 = 16,721,096, × 31 = 518,353,976;
    # 31 × 10,000,000 = 310,000,000 + 250,000,000 = 560,000,000 is over it, so the benefits are
    # cut to 518,353,976 − 310,000,000 = 208,353,976;
    # 7 % = 36,284,778.32 → 36,284,778; 20 % = 103,670,795.2 → 103,670,795
    current = ContributionRecord.objects.get(
        person=person, workshop_code=WORKSHOP, year=1403, month=3, is_current=True
    )
    assert (current.monthly_wage, current.insurable_benefits) == (310_000_000, 208_353_976)
    assert current.insurable_total == 518_353_976
    assert (current.insured_share, current.employer_share) == (36_284_778, 103_670_795)


def test_accepting_a_claim_of_a_year_without_figures_is_refused_until_published():
    # given a claim for 1381 (no row in the parameters table)
    residence = BranchFactory()
    user, person = insured_user(residence_branch=residence)
    YearParameters.objects.filter(year=1381).delete()
    case = _file_record(user, person, year=1381, daily_wage=50_000)
    # when the branch accepts it / then refused: the year's figures are not published
    with pytest.raises(ApplicationError) as error:
        _accept(case, user, residence, ["employment_proof", "payslip"])
    assert error.value.code == "rates_unknown_year"
    assert "منتشر نشده" in error.value.message
    assert not ContributionRecord.objects.filter(person=person, year=1381).exists()
