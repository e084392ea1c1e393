"""Parallel writers on PostgreSQL: numbers stay unique, a month keeps one current version."""

import datetime
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from insured.models import ContributionRecord, InsuredPerson
from insured.services.records import contribution_record_write, insured_person_register
from tamin.core.exceptions import ApplicationError
from tamin.core.identifiers import national_code_with_check_digit
from tests.insured.factories import InsuredPersonFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_get_distinct_insurance_numbers(postgres_required):
    # given ten people registering at the same moment without a number
    def register(i):
        try:
            return insured_person_register(
                national_code=national_code_with_check_digit(f"{500000000 + i * 13:09d}"),
                first_name="نام",
                last_name=f"خانوادگی {i}",
                father_name="",
                birth_date=datetime.date(1990, 1, 1),
                sex="male",
                nationality="ایرانی",
            ).insurance_number
        finally:
            connection.close()

    # when they run on separate connections
    with ThreadPoolExecutor(max_workers=10) as pool:
        numbers = list(pool.map(register, range(10)))
    # then every one got its own consecutive 8-digit number
    assert len(set(numbers)) == 10
    assert sorted(int(n) for n in numbers) == list(range(10_000_001, 10_000_011))
    assert InsuredPerson.objects.count() == 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_corrections_of_one_month_leave_one_current_version(postgres_required):
    # given a written month
    person = InsuredPersonFactory()
    row = {
        "workshop_code": "1000000001",
        "workshop_name": "الف",
        "year": 1400,
        "month": 1,
        "daily_wage": 0,
        "monthly_wage": 0,
        "insurable_benefits": 0,
        "insurable_total": 0,
        "total_pay": 0,
        "insured_share": 0,
        "employer_share": 0,
        "source": "branch",
    }
    contribution_record_write(person=person, days=10, **row)

    def correct(days):
        try:
            contribution_record_write(person=person, days=days, **row)
            return "ok"
        except ApplicationError as error:
            return error.code
        finally:
            connection.close()

    # when eight corrections arrive at once
    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(correct, range(11, 19)))
    # then each either wrote a version or was refused cleanly, and one version is current
    assert set(outcomes) <= {"ok", "concurrent_write"}
    assert ContributionRecord.objects.filter(person=person, is_current=True).count() == 1
    versions = ContributionRecord.objects.filter(person=person).count()
    assert versions == 1 + outcomes.count("ok")
