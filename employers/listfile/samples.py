"""Sample lists for docs/samples/, tests and `monthly_list write-sample`.

The workshop is the demo employer's first workshop (docs/samples/README.md).
"""

from __future__ import annotations

from dataclasses import replace

from employers.listfile.checks import with_computed_totals
from employers.listfile.rates import builtin_rates
from employers.listfile.types import ListHeader, ListRow, ParsedList
from tamin.rules.premiums import premium_share

SAMPLE_WORKSHOP_CODE = "3045678901"
SAMPLE_WORKSHOP_NAME = "شرکت نمونه پارس"
SAMPLE_YEAR = 1404
SAMPLE_MONTH = 7
# A sample is built offline (docs, tests, write-sample): the built-in figures of its year.
SAMPLE_RATES = builtin_rates(SAMPLE_YEAR)

# The demo (insured/demo/records.py, employers/demo/lists.py) registers these people with these
# numbers, so the sample pair passes the portal's registry checks on the demo workshop too.
SAMPLE_WORKERS = (
    # insurance no, national code, first, last, father, sex, job code, job title, days, daily wage
    # The demo insured person (tamin/accounts/demo/accounts.py): after the sample is sent she sees
    # this workshop's month in her own record.
    (
        "12345678",
        "0013542419",
        "مریم",
        "احمدی",
        "محمود",
        "زن",
        "911310",
        "کارگر ساده",
        30,
        3_463_656,
    ),
    ("45123002", "4512300201", "زهرا", "محمدی", "رضا", "زن", "411010", "حسابدار", 30, 5_000_000),
    ("45123003", "4512300309", "محمد", "کریمی", "احمد", "مرد", "833210", "راننده", 22, 4_200_000),
)


def _row(number: int, worker: tuple) -> ListRow:
    insurance, national, first, last, father, sex, job_code, job, days, daily = worker
    monthly = daily * days
    benefits = 22_000_000 if days == 30 else 15_000_000
    insurable = monthly + benefits
    return ListRow(
        row_number=number,
        workshop_code=SAMPLE_WORKSHOP_CODE,
        year=SAMPLE_YEAR,
        month=SAMPLE_MONTH,
        list_no="1",
        insurance_number=insurance,
        national_code=national,
        first_name=first,
        last_name=last,
        father_name=father,
        sex=sex,
        nationality="ایرانی",
        job_code=job_code,
        job_title=job,
        start_date="14020101",
        days=days,
        daily_wage=daily,
        monthly_wage=monthly,
        insurable_benefits=benefits,
        insurable_total=insurable,
        total_pay=insurable + 9_000_000,
        insured_share=premium_share(amount=insurable, permille=SAMPLE_RATES.insured_rate_permille),
    )


def sample_list() -> ParsedList:
    """A valid three-worker list of Mehr 1404."""
    rows = tuple(_row(number, worker) for number, worker in enumerate(SAMPLE_WORKERS, start=1))
    header = ListHeader(
        workshop_code=SAMPLE_WORKSHOP_CODE,
        workshop_name=SAMPLE_WORKSHOP_NAME,
        employer_name="شرکت نمونه پارس",
        address="تهران خیابان آزادی",
        year=SAMPLE_YEAR,
        month=SAMPLE_MONTH,
        list_no="1",
        description="لیست مهر",
        contract_row="",
    )
    parsed = ParsedList(
        header=header, rows=rows, source_format="dbf", encoding="iran_system", layout="v6"
    )
    return with_computed_totals(parsed, SAMPLE_RATES)


# What is wrong in the invalid sample (docs/samples/README.md lists the same).
INVALID_SAMPLE_ERRORS = (
    ("DSKWOR00", 1, "PER_NATCOD", "national_code_checksum"),
    ("DSKWOR00", 2, "DSW_DD", "days_over_month"),
    ("DSKWOR00", 2, "DSW_BIME", "bime_rounding"),
    ("DSKWOR00", 3, "DSW_SEX", "sex_unknown"),
    ("DSKKAR00", 1, "DSK_TDD", "total_mismatch"),
    ("DSKKAR00", 1, "DSK_TBIME", "total_mismatch"),
)


def invalid_sample_list() -> ParsedList:
    """The valid sample with six errors (INVALID_SAMPLE_ERRORS)."""
    valid = sample_list()
    first, second, third = valid.rows
    rows = (
        replace(first, national_code="0012345678"),  # wrong check digit
        replace(second, days=31, insured_share=second.insured_share + 1),  # Mehr has 30 days
        replace(third, sex="زنه"),
    )
    return replace(valid, rows=rows)
