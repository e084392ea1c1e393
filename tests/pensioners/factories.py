"""Shared factories of the pensioners app: a pensioner with an account, a pension and its
grant ruling written directly (test data; pages and services are tested through them).

Areas wrap these in tests/pensioners/factories_<area>.py when they need more.
"""

import datetime as dt

import factory

from pensioners.models import Pension, Pensioner, PensionRuling
from tamin.accounts.models import Role
from tamin.core.identifiers import sheba_with_check_digits
from tests.accounts.factories import UserFactory
from tests.branches.factories import BranchFactory


class PensionerFactory(factory.django.DjangoModelFactory):
    """A pensioner; pass `user=` (or use `pensioner_with_account`) to sign in as them."""

    class Meta:
        model = Pensioner

    national_code = factory.LazyAttribute(lambda o: UserFactory.build().national_code)
    first_name = "حسن"
    last_name = factory.Sequence(lambda n: f"رستمی{n}")
    sex = "male"
    birth_date = dt.date(1960, 3, 21)
    branch = factory.SubFactory(BranchFactory)
    sheba = factory.Sequence(lambda n: sheba_with_check_digits(f"0550000000{n:012d}"))
    bank_name = "بانک رفاه کارگران"


class PensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pension

    number = factory.Sequence(lambda n: f"{700000000 + n}")
    pensioner = factory.SubFactory(PensionerFactory)
    kind = Pension.Kind.RETIREMENT
    insured_national_code = factory.LazyAttribute(lambda o: o.pensioner.national_code)
    insured_name = factory.LazyAttribute(lambda o: o.pensioner.full_name)
    start_date = dt.date(2023, 9, 23)  # 1 Mehr 1402


class PensionRulingFactory(factory.django.DjangoModelFactory):
    """A grant ruling of 120,000,000 rial (30 years on an average of 120,000,000)."""

    class Meta:
        model = PensionRuling

    pension = factory.SubFactory(PensionFactory)
    number = factory.Sequence(lambda n: f"H-{1402}-{n:06d}")
    kind = PensionRuling.Kind.GRANT
    year = 1402
    effective_from = factory.LazyAttribute(lambda o: o.pension.start_date)
    original_days = 10950
    years_hundredths = 3000
    average_wage = 120_000_000
    amount_after = 120_000_000


def pensioner_with_account(**kwargs):
    """(user, pensioner, pension): a signed-in-able pensioner with one pension and its grant."""
    user = UserFactory(roles=[Role.PENSIONER])
    pensioner = PensionerFactory(national_code=user.national_code, **kwargs)
    pension = PensionFactory(pensioner=pensioner)
    PensionRulingFactory(pension=pension)
    return user, pensioner, pension
