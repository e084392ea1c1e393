"""Test data of the payslips area: loans, the year's figures set to known values, a raise
ruling, a signed-in pensioner and a case decided by branch staff."""

from __future__ import annotations

import datetime as dt

import factory
import jdatetime

from pensioners.models import PensionLoan, PensionRuling
from tamin.accounts.models import Role
from tamin.rules.models import PensionParameters
from tests.accounts.factories import UserFactory
from tests.pensioners.factories import PensionRulingFactory, pensioner_with_account

GRANT = 120_000_000  # PensionRulingFactory's amount, in force from 1 Mehr 1402
SPOUSE = 5_000_000
CHILD = 10_390_968
TREATMENT_PERMILLE = 20


def g(year: int, month: int, day: int = 1) -> dt.date:
    return jdatetime.date(year, month, day).togregorian()


def figures(year: int = 1404, **values) -> PensionParameters:
    """The pension figures of `year` with the allowances and treatment rate these tests use."""
    defaults = {
        "spouse_allowance": SPOUSE,
        "child_allowance": CHILD,
        "treatment_share_permille": TREATMENT_PERMILLE,
        **values,
    }
    row, _created = PensionParameters.objects.update_or_create(year=year, defaults=defaults)
    return row


class PensionLoanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PensionLoan

    lender = "بانک رفاه کارگران"
    reference = factory.Sequence(lambda n: f"4012-{n:05d}")
    principal = 180_000_000
    installment_amount = 5_000_000
    installments_total = 36
    installments_deducted = 10
    overdue_installments = 0
    started_on = dt.date(2024, 3, 20)


def raise_ruling(pension, *, year: int, amount_after: int, amount_before: int = GRANT):
    """A yearly increase effective 1 Farvardin of `year`, issued now."""
    return PensionRulingFactory(
        pension=pension,
        kind=PensionRuling.Kind.YEARLY_INCREASE,
        year=year,
        effective_from=g(year, 1, 1),
        amount_before=amount_before,
        amount_after=amount_after,
    )


def signed_in_pensioner(client, **kwargs):
    """(user, pensioner, pension) signed in through `client`."""
    user, pensioner, pension = pensioner_with_account(**kwargs)
    client.force_login(user)
    return user, pensioner, pension


def stranger():
    """Another pensioner with their own pension (for the 404 checks)."""
    return pensioner_with_account()


def not_a_pensioner():
    return UserFactory(roles=[Role.INSURED])
