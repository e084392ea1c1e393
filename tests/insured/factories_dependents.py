"""Helpers of the dependents tests: a fixed day, an insured person with treatment eligibility
and a branch, and dependents.

TODAY is 10 Mordad 1405 (Tehran noon): a son born 10 Mordad 1385 turns 20 on it.
"""

from __future__ import annotations

import datetime as dt

import factory
import jdatetime

from insured.models import Sex
from insured.models.dependents import InsuredDependent
from tamin.core.identifiers import national_code_with_check_digit
from tests.branches.factories import BranchFactory
from tests.insured.factories import ContributionRecordFactory
from tests.insured.factories_inquiries import insured_user

TODAY_JALALI = (1405, 5, 10)
TODAY = (
    jdatetime.datetime(*TODAY_JALALI, 12, 0)
    .togregorian()
    .replace(tzinfo=dt.timezone(dt.timedelta(hours=3, minutes=30)))
)


def j(year: int, month: int, day: int) -> dt.date:
    return jdatetime.date(year, month, day).togregorian()


def dependent_code(n: int) -> str:
    """The n-th valid national code of the dependents' range (the factory's sequence counts up
    from 0; a test naming a code of its own takes one from 60,000 on, out of its reach; past about
    63,000 the code would have 10 digits before its check digit)."""
    return national_code_with_check_digit(f"{500000000 + n * 7919:09d}")


def insured_family(*, sex: str = Sex.MALE, months: int = 3, branch=None):
    """(user, person, branch): an insured person at a residence branch with `months` full months
    recorded just before TODAY's month (3 months give treatment eligibility: 30+ days)."""
    branch = branch or BranchFactory()
    user, person = insured_user(residence_branch=branch, sex=sex)
    year, month = TODAY_JALALI[0], TODAY_JALALI[1]
    for _ in range(months):
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        ContributionRecordFactory(person=person, year=year, month=month, branch=branch)
    return user, person, branch


class InsuredDependentFactory(factory.django.DjangoModelFactory):
    """An active son under 20 (on TODAY)."""

    class Meta:
        model = InsuredDependent

    relation = InsuredDependent.Relation.SON
    national_code = factory.Sequence(dependent_code)
    first_name = "علی"
    last_name = "رضایی"
    birth_date = factory.LazyFunction(lambda: j(1390, 1, 15))
    sex = Sex.MALE
    status = InsuredDependent.Status.ACTIVE
