"""Test data of the rulings area: an insured history written with tests/insured factories,
the pensioner (with an account) it belongs to, and the grant computed from it.

`retiree_history` writes the history the hand computation of tests/pensioners/test_rulings_services.py
rests on:

* 1372/01 – 1401/12: every month in full at 2,000,000 rial a day (30 years; seven Esfands
  of 30 days in 1375, 1379, 1383, 1387, 1391, 1395, 1399 → 10,957 days);
* 1402/01 – 1402/04 in full (31 days each) and 1402/05 for 20 days, at 4,000,000 a day;
* 1402/07 (31 days, 9,000,000 a day): after the grant's month, so never counted.
"""

from __future__ import annotations

import datetime as dt

import jdatetime

from pensioners.models import Pension
from pensioners.services.rulings import pension_grant
from tamin.accounts.models import Role
from tests.accounts.factories import UserFactory
from tests.insured.factories import ContributionRecordFactory, InsuredPersonFactory, history
from tests.pensioners.factories import PensionerFactory

GRANT_ON = jdatetime.date(1402, 7, 1).togregorian()
BIRTH = jdatetime.date(1340, 1, 1).togregorian()


def g(year: int, month: int, day: int = 1) -> dt.date:
    return jdatetime.date(year, month, day).togregorian()


def retiree_history(person) -> None:
    history(person, years=30, start_year=1372, daily_wage=2_000_000)
    for month in (1, 2, 3, 4):
        ContributionRecordFactory(person=person, year=1402, month=month, daily_wage=4_000_000)
    ContributionRecordFactory(person=person, year=1402, month=5, days=20, daily_wage=4_000_000)
    ContributionRecordFactory(person=person, year=1402, month=7, daily_wage=9_000_000)


def retiree(*, sex: str = "male", birth_date: dt.date = BIRTH, with_history: bool = True):
    """(user, pensioner, insured person): an account, its pensioner and insured person."""
    user = UserFactory(roles=[Role.PENSIONER])
    person = InsuredPersonFactory(
        national_code=user.national_code, sex=sex, birth_date=birth_date, first_name="حسن"
    )
    pensioner = PensionerFactory(
        national_code=user.national_code, sex=sex, birth_date=birth_date, first_name="حسن"
    )
    if with_history:
        retiree_history(person)
    return user, pensioner, person


def grant(pensioner, person, *, on: dt.date = GRANT_ON, kind=Pension.Kind.RETIREMENT, **kwargs):
    arguments = {
        "pensioner": pensioner,
        "kind": kind,
        "on": on,
        "insured_national_code": person.national_code,
        "insured_name": f"{person.first_name} {person.last_name}",
        "insurance_number": person.insurance_number,
        "sex": person.sex,
        "birth_date": person.birth_date,
    }
    arguments.update(kwargs)
    return pension_grant(**arguments)


def granted_retiree():
    """(user, pensioner, pension): the retiree above with the grant of 1402/07/01."""
    user, pensioner, person = retiree()
    return user, pensioner, grant(pensioner, person)
