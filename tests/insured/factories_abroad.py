"""Factories of the abroad area: a year's package set, an applicant account (not insured)."""

from __future__ import annotations

import datetime as dt

import jdatetime

from tamin.core.jalali import today_jalali
from tamin.rules.models.benefits import AbroadPackage
from tests.accounts.factories import UserFactory

# Two packages written by hand from DOMAIN.md §3's 1404 minimum monthly wage at 18 %:
# 103,909,680 × 18 % = 18,703,742.4 → 18,703,742; 207,819,360 × 18 % = 37,407,484.8 → 37,407,485.
BASIC = ("basic", "پایه — حداقل دستمزد", 103_909_680)
DOUBLE = ("double", "دو برابر حداقل دستمزد", 207_819_360)


def packages_for_year(year: int | None = None) -> list[AbroadPackage]:
    """The package set in force from `year` (default: this Jalali year), ages 18–50."""
    year = year or today_jalali().year
    return [
        AbroadPackage.objects.create(
            effective_from=year,
            code=code,
            label=label,
            wage_base=wage_base,
            rate_permille=180,
            min_age=18,
            max_age=50,
        )
        for code, label, wage_base in (BASIC, DOUBLE)
    ]


def jalali(year: int, month: int, day: int) -> dt.date:
    return jdatetime.date(year, month, day).togregorian()


def applicant(*, birth_date: dt.date | None = None, **kwargs):
    """A signed-up account with no insured record and no insured role (born 1375/01/01)."""
    if birth_date is None:
        birth_date = jalali(1375, 1, 1)
    return UserFactory(birth_date=birth_date, roles=[], **kwargs)
