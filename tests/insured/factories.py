"""Shared factories of the insured app: persons, contribution records, whole histories.

Other areas wrap these in tests/insured/factories_<area>.py.
"""

from __future__ import annotations

import datetime

import factory

from insured.models import ContributionRecord, InsuredPerson, RecordSource, Sex
from tamin.core.identifiers import national_code_with_check_digit
from tamin.core.jalali import jalali_month_days


class InsuredPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InsuredPerson

    insurance_number = factory.Sequence(lambda n: f"{20_000_000 + n:08d}")
    national_code = factory.Sequence(
        lambda n: national_code_with_check_digit(f"{300000000 + n * 7919:09d}")
    )
    first_name = "مریم"
    last_name = "رضایی"
    father_name = "علی"
    birth_date = datetime.date(1985, 3, 30)
    sex = Sex.FEMALE
    nationality = "ایرانی"

    @classmethod
    def for_user(cls, user, **kwargs) -> InsuredPerson:
        """The insured person behind an account (matched by national code)."""
        return cls(national_code=user.national_code, user=user, **kwargs)


class ContributionRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContributionRecord

    person = factory.SubFactory(InsuredPersonFactory)
    workshop_code = "1000000001"
    workshop_name = "شرکت نمونه"
    year = 1400
    month = 1
    days = factory.LazyAttribute(lambda o: jalali_month_days(o.year, o.month))
    daily_wage = 1_000_000
    monthly_wage = factory.LazyAttribute(lambda o: o.daily_wage * o.days)
    insurable_benefits = 0
    insurable_total = factory.LazyAttribute(lambda o: o.monthly_wage + o.insurable_benefits)
    total_pay = factory.LazyAttribute(lambda o: o.insurable_total)
    insured_share = factory.LazyAttribute(lambda o: o.insurable_total * 7 // 100)
    employer_share = factory.LazyAttribute(lambda o: o.insurable_total * 23 // 100)
    job_code = "101010"
    job_title = "کارمند اداری"
    source = RecordSource.MONTHLY_LIST


def history(
    person: InsuredPerson,
    *,
    years: int = 35,
    start_year: int = 1369,
    workshop_code: str = "1000000001",
    workshop_name: str = "شرکت نمونه",
    daily_wage: int = 100_000,
) -> list[ContributionRecord]:
    """`years` full years of monthly records at one workshop (bulk-created, full months)."""
    rows = []
    for year in range(start_year, start_year + years):
        for month in range(1, 13):
            days = jalali_month_days(year, month)
            wage = daily_wage * days
            rows.append(
                ContributionRecord(
                    person=person,
                    workshop_code=workshop_code,
                    workshop_name=workshop_name,
                    year=year,
                    month=month,
                    days=days,
                    daily_wage=daily_wage,
                    **_month_money(wage),
                    job_code="101010",
                    job_title="کارمند اداری",
                    source=RecordSource.LEGACY,
                )
            )
    return ContributionRecord.objects.bulk_create(rows)


def _month_money(wage: int) -> dict[str, int]:
    """A test month's money: the wage all insurable, the usual 7 % and 23 % shares."""
    return {
        "monthly_wage": wage,
        "insurable_total": wage,
        "total_pay": wage,
        "insured_share": wage * 7 // 100,
        "employer_share": wage * 23 // 100,
    }


def month_write(
    person: InsuredPerson,
    *,
    year: int,
    month: int,
    days: int,
    source: str = RecordSource.MONTHLY_LIST,
    source_ref: str = "test",
) -> None:
    """One month at the history's workshop through the records service (a new version
    when the month is on file, as a list or an objection writes it)."""
    from insured.services.records import contribution_record_write

    wage = 100_000 * days
    contribution_record_write(
        person=person,
        workshop_code="1000000001",
        workshop_name="شرکت نمونه",
        year=year,
        month=month,
        days=days,
        daily_wage=100_000,
        insurable_benefits=0,
        **_month_money(wage),
        job_code="101010",
        job_title="کارمند اداری",
        source=source,
        source_ref=source_ref,
    )
