"""Helpers of the benefit tests: a signed-up insured person with a bank account and chosen
months, Jalali dates as the rules take them, and the documents of a benefit."""

from __future__ import annotations

import datetime as dt

import jdatetime

from insured.models import BankAccount, ContributionRecord, RecordSource
from insured.selectors.benefits import BENEFITS
from tamin.core.identifiers import sheba_with_check_digits
from tamin.core.jalali import jalali_month_days
from tests.branches.factories import BranchFactory
from tests.branches.factories_cases import pdf_upload
from tests.insured.factories_inquiries import insured_user

WORKSHOP = "1000000001"


def jdate(year: int, month: int, day: int) -> dt.date:
    """A Jalali day as the Gregorian date the rules and services take."""
    return jdatetime.date(year, month, day).togregorian()


def months(person, wages: dict[tuple[int, int], int], *, branch=None, days=None) -> None:
    """Full months at WORKSHOP: {(year, month): daily wage}; `days` overrides every month's days."""
    rows = []
    for (year, month), daily_wage in wages.items():
        month_days = days or jalali_month_days(year, month)
        wage = daily_wage * month_days
        rows.append(
            ContributionRecord(
                person=person,
                workshop_code=WORKSHOP,
                workshop_name="شرکت نمونه",
                branch=branch,
                year=year,
                month=month,
                days=month_days,
                daily_wage=daily_wage,
                monthly_wage=wage,
                insurable_total=wage,
                total_pay=wage,
                insured_share=wage * 7 // 100,
                employer_share=wage * 23 // 100,
                source=RecordSource.LEGACY,
            )
        )
    ContributionRecord.objects.bulk_create(rows)


def full_years(first: int, last: int, daily_wage: int) -> dict[tuple[int, int], int]:
    return {(year, month): daily_wage for year in range(first, last + 1) for month in range(1, 13)}


# The four months of the sickness, maternity and unemployment examples: walking 90 days back
# from Esfand 1402 takes Esfand (29 days), Bahman and Dey (30 each) and 1 day of Azar.
LAST_MONTHS = {
    (1402, 9): 1_000_000,
    (1402, 10): 2_000_000,
    (1402, 11): 2_000_000,
    (1402, 12): 3_000_000,
}


def person_with_account(*, branch=None, wages=None, **person_fields):
    """(user, person, branch): an insured account with an active Sheba and `wages` months
    (recorded at `branch`, which is also the residence branch)."""
    branch = branch or BranchFactory()
    user, person = insured_user(residence_branch=branch, **person_fields)
    BankAccount.objects.create(
        person=person, sheba=sheba_with_check_digits("017" + f"{person.pk:019d}"), bank_name="ملی"
    )
    if wages:
        months(person, wages, branch=branch)
    return user, person, branch


def all_documents(kind: str) -> list[tuple[str, object]]:
    return [(key, pdf_upload(f"{key}.pdf")) for key, _label in BENEFITS[kind].documents]
