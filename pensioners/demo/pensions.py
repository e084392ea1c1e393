"""Demo pensioners (used by `manage.py seed_demo`), every figure through the services.

* حسن رستمی (0491234562): retired on 1402/07/01 after thirty years; his grant ruling is
  computed by the rule from the history `insured.demo.records` wrote for him, then the
  yearly increases of 1403 and 1404; a spouse and two children (a daughter who owes her
  yearly declaration, a son at university who owes his term's student certificate); a
  bank loan with two overdue installments; twelve payslips, the last one last month's.
* فاطمه نوری (0491234570): the survivor's pension (her share as spouse) of محمد نوری,
  who retired on 1402/01/01 and died in Mehr 1403.

Idempotent: a pensioner who already has a pension is left alone.
"""

from __future__ import annotations

import datetime as dt

import jdatetime
from django.db import transaction
from django.http import Http404

from branches.selectors.directory import branch_get_public
from insured.selectors.lookup import insured_person_by_national_code
from pensioners.models import Pension, PensionDependent, Pensioner, PensionLoan
from pensioners.services.payslips import payslip_issue_month
from pensioners.services.rulings import (
    pension_grant,
    pension_grant_survivors,
    pension_yearly_increase_issue,
)
from tamin.accounts.demo.accounts import DEMO_ACCOUNTS
from tamin.core.identifiers import sheba_with_check_digits
from tamin.core.jalali import today_jalali

PAYING_BRANCH_CODE = "1001"
HASSAN = "0491234562"
FATEMEH = "0491234570"
MOHAMMAD = "0491234589"  # insured only (no account): the late husband
LATE_HUSBAND_ACCOUNT = "0550000000450000000005"  # the account his own pension was paid to


def _g(year: int, month: int, day: int = 1) -> dt.date:
    return jdatetime.date(year, month, day).togregorian()


def _account(national_code: str):
    return next(account for account in DEMO_ACCOUNTS if account.national_code == national_code)


def _pensioner(
    *,
    national_code: str,
    first_name: str,
    last_name: str,
    father_name: str,
    sex: str,
    birth_date: dt.date,
    sheba: str,
    branch,
) -> Pensioner:
    pensioner, _created = Pensioner.objects.get_or_create(
        national_code=national_code,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "father_name": father_name,
            "sex": sex,
            "birth_date": birth_date,
            "branch": branch,
            "sheba": sheba,
            "bank_name": "بانک رفاه کارگران",
        },
    )
    return pensioner


def _last_months(count: int) -> list[tuple[int, int]]:
    """The `count` months up to last month, oldest first (this month is not paid yet)."""
    today = today_jalali()
    year, month = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
    months = []
    for _ in range(count):
        months.append((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]


def _seed_hassan(branch, stdout) -> None:
    account = _account(HASSAN)
    pensioner = _pensioner(
        national_code=HASSAN,
        first_name=account.first_name,
        last_name=account.last_name,
        father_name="علی",
        sex="male",
        birth_date=account.birth_date,
        sheba=account.sheba,
        branch=branch,
    )
    if pensioner.pensions.exists():
        stdout.write(f"  pensioner {HASSAN}: pension already present\n")
        return
    ref = insured_person_by_national_code(national_code=HASSAN)
    pension = pension_grant(
        pensioner=pensioner,
        kind=Pension.Kind.RETIREMENT,
        on=_g(1402, 7, 1),
        insured_national_code=HASSAN,
        insured_name=pensioner.full_name,
        insurance_number=ref.insurance_number if ref else "",
        sex="male",
        birth_date=account.birth_date,
    )
    for year in (1403, 1404):
        pension_yearly_increase_issue(pension=pension, year=year)
    pension.spouse_allowance = True
    pension.children_allowance_count = 1
    pension.save(update_fields=["spouse_allowance", "children_allowance_count", "updated_at"])
    for relation, code, first, birth in (
        (PensionDependent.Relation.SPOUSE, "0491234597", "پروین", dt.date(1960, 8, 1)),
        (PensionDependent.Relation.DAUGHTER, "0491234600", "سارا", dt.date(1999, 5, 12)),
        (PensionDependent.Relation.SON, "0491234619", "امیر", dt.date(2004, 10, 3)),
    ):
        PensionDependent.objects.get_or_create(
            pension=pension,
            national_code=code,
            defaults={
                "relation": relation,
                "first_name": first,
                "last_name": pensioner.last_name,
                "birth_date": birth,
            },
        )
    months = _last_months(12)
    PensionLoan.objects.get_or_create(
        pension=pension,
        reference="4012-778812",
        defaults={
            "lender": "بانک رفاه کارگران",
            "principal": 300_000_000,
            "installment_amount": 9_500_000,
            "installments_total": 36,
            "installments_deducted": 10,
            "overdue_installments": 2,
            "started_on": _g(*months[0]),
        },
    )
    for year, month in months:
        payslip_issue_month(pension=pension, year=year, month=month)
    # This month's bank report: two installments were not paid by the bank's own debit, so
    # they are overdue and will be deducted from the next pension (the certificate of
    # overdue-installment deduction says so).
    PensionLoan.objects.filter(pension=pension, reference="4012-778812").update(
        overdue_installments=2
    )
    stdout.write(
        f"  pensioner {HASSAN}: retirement pension {pension.number}, 2 yearly increases, 12 payslips\n"
    )


def _seed_fatemeh(branch, stdout) -> None:
    account = _account(FATEMEH)
    widow = _pensioner(
        national_code=FATEMEH,
        first_name=account.first_name,
        last_name=account.last_name,
        father_name="رضا",
        sex="female",
        birth_date=account.birth_date,
        sheba=account.sheba,
        branch=branch,
    )
    if widow.pensions.exists():
        stdout.write(f"  pensioner {FATEMEH}: pension already present\n")
        return
    ref = insured_person_by_national_code(national_code=MOHAMMAD)
    if ref is None:
        stdout.write("  survivors' pension skipped: the late insured's history is missing\n")
        return
    # He drew his own pension until he died; his file stays as the basis of hers.
    late = _pensioner(
        national_code=MOHAMMAD,
        first_name=ref.first_name,
        last_name=ref.last_name,
        father_name="حسین",
        sex="male",
        birth_date=dt.date(1961, 6, 2),
        sheba=sheba_with_check_digits(LATE_HUSBAND_ACCOUNT),
        branch=branch,
    )
    own = late.pensions.first() or pension_grant(
        pensioner=late,
        kind=Pension.Kind.RETIREMENT,
        on=_g(1402, 1, 1),
        insured_national_code=MOHAMMAD,
        insured_name=ref.full_name,
        insurance_number=ref.insurance_number,
        sex="male",
        birth_date=dt.date(1961, 6, 2),
    )
    pension_yearly_increase_issue(pension=own, year=1403)
    own.status = Pension.Status.ENDED
    own.save(update_fields=["status", "updated_at"])
    (survivor,) = pension_grant_survivors(
        deceased_pension=own, survivors=[(widow, Pension.Relation.SPOUSE)], on=_g(1403, 8, 1)
    )
    pension_yearly_increase_issue(pension=survivor, year=1404)
    for year, month in _last_months(3):
        payslip_issue_month(pension=survivor, year=year, month=month)
    stdout.write(
        f"  pensioner {FATEMEH}: survivor's pension {survivor.number} of {ref.full_name}\n"
    )


@transaction.atomic
def seed(stdout) -> None:
    try:
        branch = branch_get_public(code=PAYING_BRANCH_CODE)
    except Http404:
        stdout.write("  pensioners skipped: the demo branch is missing\n")
        return
    _seed_hassan(branch, stdout)
    _seed_fatemeh(branch, stdout)
