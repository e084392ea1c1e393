"""Demo insured persons and their contribution histories (used by `manage.py seed_demo`).

* مریم احمدی (0013542419): about 35 years, 1370/01 up to the last month before
  this one, over five workshops, with a gap (1387/01–1387/06 without records),
  an overlap (1395/01–1395/03 reported by two workshops) and a month with
  missing days (1403/03: 20 of 31 days) to object to.
* رضا کریمی (0071234561, the employer demo): the last ten years at one workshop.

Records are written through `contribution_records_write_many` like any monthly
list. Idempotent: a person who already has records is left alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import Http404

from branches.selectors.directory import branch_get_public
from insured.models import ContributionRecord, InsuredPerson, RecordSource, Sex
from insured.services.records import contribution_records_write_many, insured_person_register
from tamin.core.jalali import jalali_month_days, today_jalali

RESIDENCE_BRANCH_CODE = "1001"

# Approximate legal minimum daily wage per Jalali year, integer rial (demo data:
# shaped like the real series, not an official table).
MIN_DAILY_WAGE: dict[int, int] = {
    1370: 2_200, 1371: 2_700, 1372: 3_250, 1373: 4_200, 1374: 5_000,
    1375: 6_450, 1376: 7_880, 1377: 9_450, 1378: 11_100, 1379: 13_300,
    1380: 16_500, 1381: 20_250, 1382: 35_000, 1383: 45_000, 1384: 56_000,
    1385: 60_000, 1386: 61_000, 1387: 73_120, 1388: 87_900, 1389: 101_000,
    1390: 110_100, 1391: 129_900, 1392: 162_375, 1393: 202_966, 1394: 237_458,
    1395: 270_748, 1396: 309_973, 1397: 370_409, 1398: 505_500, 1399: 637_000,
    1400: 885_180, 1401: 1_393_286, 1402: 1_767_767, 1403: 2_388_728, 1404: 3_463_656,
    1405: 4_330_000,
}  # fmt: skip
BENEFITS_PERCENT = 15  # housing/grocery allowances, insurable from 1386 on in this demo
NON_INSURABLE_PERCENT = 10  # e.g. bonuses outside the insurable pay
INSURED_PERCENT, EMPLOYER_PERCENT = 7, 23


@dataclass(frozen=True)
class Job:
    workshop_code: str
    workshop_name: str
    first: tuple[int, int]  # Jalali (year, month), inclusive
    last: tuple[int, int] | None  # None: up to the last month before the current one
    wage_factor_percent: int  # the person's wage as a percentage of the minimum
    job_code: str
    job_title: str


@dataclass(frozen=True)
class DemoInsured:
    national_code: str
    insurance_number: str
    first_name: str
    last_name: str
    father_name: str
    birth_date: dt.date
    sex: str
    jobs: tuple[Job, ...]
    short_months: tuple[tuple[int, int, int], ...] = ()  # (year, month, days)


DEMO_INSURED: tuple[DemoInsured, ...] = (
    DemoInsured(
        "0013542419", "12345678", "مریم", "احمدی", "محمود", dt.date(1971, 3, 31), Sex.FEMALE,
        jobs=(
            Job("1012345671", "کارخانه ریسندگی البرز", (1370, 1), (1378, 6), 110,
                "711210", "کارگر ریسندگی"),
            Job("2023456782", "شرکت صنایع غذایی مهرگان", (1378, 7), (1386, 12), 130,
                "432110", "انباردار"),
            # 1387/01–1387/06: no records (a gap between two jobs)
            Job("3034567893", "شرکت پخش دارویی سینا", (1387, 7), (1395, 3), 150,
                "332210", "کارشناس فروش"),
            # starts 1395/01 while the previous job still reports: an overlap
            Job("4045678904", "شرکت مهندسی نوآوران پارس", (1395, 1), (1401, 12), 170,
                "241110", "کارشناس مالی"),
            Job("5056789015", "شرکت فناوری اطلاعات آریا", (1402, 1), None, 180,
                "121110", "مدیر مالی"),
        ),
        short_months=((1403, 3, 20),),  # 20 of 31 days: the month to object to
    ),
    DemoInsured(
        "0071234561", "23456789", "رضا", "کریمی", "احمد", dt.date(1978, 7, 12), Sex.MALE,
        jobs=(
            Job("6067890126", "شرکت بازرگانی کریمی و شرکا", (1395, 9), None, 250,
                "112010", "مدیر عامل"),
        ),
    ),
    # The demo pensioner: thirty years of service up to his retirement on 1402/07/01
    # (pensioners.demo.pensions computes his ruling from this history by the rule).
    DemoInsured(
        "0491234562", "34567890", "حسن", "رستمی", "علی", dt.date(1955, 1, 5), Sex.MALE,
        jobs=(
            Job("7078901237", "کارخانه نساجی قائم", (1372, 7), (1388, 6), 140,
                "711210", "سرپرست تولید"),
            Job("8089012348", "شرکت ساختمانی سپهر", (1388, 7), (1402, 6), 210,
                "311210", "تکنسین ساختمان"),
        ),
    ),
    # The late husband of the demo survivor فاطمه نوری: retired 1402/01/01 after thirty
    # years; his survivors' pension is paid to her (pensioners.demo.pensions).
    DemoInsured(
        "0491234589", "45678901", "محمد", "نوری", "حسین", dt.date(1961, 6, 2), Sex.MALE,
        jobs=(
            Job("9090123459", "شرکت حمل و نقل پارس", (1372, 1), (1401, 12), 160,
                "832210", "راننده"),
        ),
    ),
)  # fmt: skip


def _months(first: tuple[int, int], last: tuple[int, int]):
    year, month = first
    while (year, month) <= last:
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _last_listed_month() -> tuple[int, int]:
    """The month before the current one (this month's list is not due yet)."""
    today = today_jalali()
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def _residence_branch():
    try:
        return branch_get_public(code=RESIDENCE_BRANCH_CODE)
    except Http404:
        return None


def history_rows(demo: DemoInsured, person: InsuredPerson, branch) -> list[dict]:
    short = {(y, m): d for y, m, d in demo.short_months}
    rows = []
    for job in demo.jobs:
        for year, month in _months(job.first, job.last or _last_listed_month()):
            days = short.get((year, month), jalali_month_days(year, month))
            minimum = MIN_DAILY_WAGE.get(year, max(MIN_DAILY_WAGE.values()))
            daily = minimum * job.wage_factor_percent // 100
            monthly = daily * days
            benefits = monthly * BENEFITS_PERCENT // 100 if year >= 1386 else 0
            insurable = monthly + benefits
            rows.append(
                {
                    "person": person,
                    "workshop_code": job.workshop_code,
                    "workshop_name": job.workshop_name,
                    "year": year,
                    "month": month,
                    "days": days,
                    "daily_wage": daily,
                    "monthly_wage": monthly,
                    "insurable_benefits": benefits,
                    "insurable_total": insurable,
                    "total_pay": insurable + insurable * NON_INSURABLE_PERCENT // 100,
                    "insured_share": insurable * INSURED_PERCENT // 100,
                    "employer_share": insurable * EMPLOYER_PERCENT // 100,
                    "job_code": job.job_code,
                    "job_title": job.job_title,
                    "branch": branch,
                    "source": RecordSource.LEGACY if year < 1387 else RecordSource.MONTHLY_LIST,
                    "source_ref": f"demo-{job.workshop_code}-{year}{month:02d}",
                }
            )
    return rows


def seed(stdout) -> None:
    branch = _residence_branch()
    for demo in DEMO_INSURED:
        person = InsuredPerson.objects.filter(national_code=demo.national_code).first()
        if person is None:
            person = insured_person_register(
                national_code=demo.national_code,
                first_name=demo.first_name,
                last_name=demo.last_name,
                father_name=demo.father_name,
                birth_date=demo.birth_date,
                sex=demo.sex,
                nationality="ایرانی",
                insurance_number=demo.insurance_number,
                residence_branch=branch,
            )
        if ContributionRecord.objects.filter(person=person).exists():
            stdout.write(f"  insured {demo.national_code}: history already present")
            continue
        result = contribution_records_write_many(rows=history_rows(demo, person, branch))
        stdout.write(
            f"  insured {demo.national_code} ({person.insurance_number}): "
            f"{result.created} monthly records"
        )
