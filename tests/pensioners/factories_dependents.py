"""Factories of the dependents area: a pension's dependent, born on a Jalali date.

`TODAY` is 15 Mehr 1405 (2026-10-07), noon in Tehran: term 1 of 1405–1406 has opened
(1 Mehr = 2026-09-23, due 30 Aban = 2026-11-21) and the daughters' 1405 declaration was due
31 Khordad 1405 (2026-06-21). Tests move the clock there with `time_machine`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import factory
import jdatetime

from pensioners.models import PensionDependent
from tamin.core.identifiers import national_code_with_check_digit
from tests.pensioners.factories import PensionFactory

TODAY = dt.datetime(2026, 10, 7, 12, 0, tzinfo=ZoneInfo("Asia/Tehran"))  # 1405/07/15
_codes = itertools.count(1)


def born(year: int, month: int, day: int) -> dt.date:
    """A Jalali birth date as the Gregorian date the model keeps."""
    return jdatetime.date(year, month, day).togregorian()


class PensionDependentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PensionDependent

    pension = factory.SubFactory(PensionFactory)
    relation = PensionDependent.Relation.SON
    national_code = factory.LazyFunction(
        lambda: national_code_with_check_digit(f"{770000000 + next(_codes):09d}")
    )
    first_name = "علی"
    last_name = "رستمی"
    birth_date = factory.LazyFunction(lambda: born(1385, 5, 1))  # 20 on 1 Mehr 1405


def son(pension, *, age_on_mehr_1405: int = 20, **kwargs) -> PensionDependent:
    """A son whose age on 1 Mehr 1405 (the day term 1 opens) is `age_on_mehr_1405`."""
    return PensionDependentFactory(
        pension=pension, birth_date=born(1405 - age_on_mehr_1405, 5, 1), **kwargs
    )


def daughter(pension, *, birth_year: int = 1383, **kwargs) -> PensionDependent:
    kwargs.setdefault("first_name", "مریم")
    return PensionDependentFactory(
        pension=pension,
        relation=PensionDependent.Relation.DAUGHTER,
        birth_date=born(birth_year, 2, 1),
        **kwargs,
    )
