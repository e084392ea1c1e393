"""Helpers of the objections and inquiries tests: a signed-up insured person with records."""

from __future__ import annotations

from tests.accounts.factories import UserFactory
from tests.branches.factories import BranchFactory
from tests.insured.factories import ContributionRecordFactory, InsuredPersonFactory

WORKSHOP = "1000000001"
OTHER_WORKSHOP = "2000000002"


def insured_user(**person_fields):
    """An account with the insured person behind it."""
    user = UserFactory()
    return user, InsuredPersonFactory.for_user(user, **person_fields)


def person_with_records(*, branch=None):
    """A person with two full months at WORKSHOP and 1403/3 recorded with 20 of 31 days."""
    branch = branch or BranchFactory()
    user, person = insured_user()
    for month in (1, 2):
        ContributionRecordFactory(person=person, year=1403, month=month, branch=branch)
    short = ContributionRecordFactory(person=person, year=1403, month=3, days=20, branch=branch)
    return user, person, short, branch
