"""Premium law (DOMAIN.md §3 and §6), once: the year's rates, one share, one charge, the cap.

Every caller goes through these functions: the list checker
(`employers.listfile.checks`), list submission (`employers.services.lists…`) and
objection corrections (`insured.services.objections`).

* `premium_rates(year=)` reads the year's row of `YearParameters` (the database is
  the only source in the portal); None when the year has no row. There is no code
  fallback: a year whose figures are not published cannot be priced, and callers
  refuse with `year_figures_unpublished_message(year)`.
* `premium_share(amount=, permille=)` is THE rounding: half up to the whole rial
  (DSW_BIME = round(7 % × DSW_MASH), as every payroll program writes it).
* `premium_shares(...)` and `premium_charge(...)`: the shares of one insurable total,
  and what a workshop owes for a month's rows (insured 7 % + employer 20 % +
  unemployment 3 % of the covered workers; the government's 3 % is not charged).
* The cap: insurable pay of a month ≤ days × monthly cap / 30 (the daily cap is
  the monthly cap / 30: 1404 → 727,367,760 / 30 = 24,245,592); a claimed daily wage
  is raised to the year's minimum daily wage and refused above the daily cap
  (`claimed_daily_wage_check` at filing, `insurable_daily_wage` when applied).

Integers only: rates are per mille, amounts integer rial; no float touches money.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Protocol

from django.utils.translation import gettext as _

from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import format_rial, persian_digits

# Days the monthly cap is divided by to get the daily cap (DOMAIN.md §6: MASH ≤ DD × daily cap).
CAP_DAYS = 30


@dataclass(frozen=True)
class PremiumRates:
    """The money figures of one Jalali year, as published in its `YearParameters` row."""

    year: int
    min_daily_wage: int
    min_monthly_wage: int
    insurable_cap_monthly: int
    insured_rate_permille: int
    employer_rate_permille: int
    government_rate_permille: int
    unemployment_rate_permille: int

    @property
    def daily_cap(self) -> int:
        """The insurable daily wage cap: the monthly cap / 30, rounded down to the rial."""
        return self.insurable_cap_monthly // CAP_DAYS


# The fields of a published row, in the order of the model and the published file.
RATE_FIELDS = tuple(item.name for item in fields(PremiumRates))


def premium_rates_from_row(row: object) -> PremiumRates:
    """The rates of a `YearParameters` row (or any object with the same attributes)."""
    return PremiumRates(**{name: int(getattr(row, name)) for name in RATE_FIELDS})


def premium_rates(*, year: int) -> PremiumRates | None:
    """The rates of a Jalali year from the database; None when the year has no row yet."""
    from tamin.rules.models import YearParameters

    row = YearParameters.objects.filter(year=year).first()
    if row is None or not row.min_daily_wage or not row.insurable_cap_monthly:
        return None
    return premium_rates_from_row(row)


def year_figures_unpublished_message(year: int) -> str:
    """The one Persian sentence every refusal for a year without figures uses."""
    return _(
        "ارقام سال %(year)s (حداقل دستمزد، سقف دستمزد مشمول و نرخ‌های حق بیمه) هنوز "
        "منتشر نشده است؛ پس از اعلام آن‌ها دوباره اقدام کنید."
    ) % {"year": persian_digits(year)}


# --- shares and the charge ---------------------------------------------------------------


def premium_share(*, amount: int, permille: int) -> int:
    """round(amount × permille / 1000), half up to the whole rial, on integers.

    Python's round() rounds half to even; payroll programs and the organization round
    half up (x.5 rial → x + 1), so this is written with integers.
    """
    if amount < 0 or permille < 0:
        raise ValueError("amount and permille must not be negative")
    return (int(amount) * int(permille) + 500) // 1000


@dataclass(frozen=True)
class PremiumShares:
    """The shares of one insurable total (integer rial)."""

    insured: int
    employer: int
    unemployment: int

    @property
    def charged(self) -> int:
        """What the workshop pays for it: insured + employer + unemployment."""
        return self.insured + self.employer + self.unemployment


def premium_shares(
    *, insurable_total: int, rates: PremiumRates, unemployment_covered: bool = True
) -> PremiumShares:
    """The insured, employer and (for a covered worker) unemployment shares of one total."""
    return PremiumShares(
        insured=premium_share(amount=insurable_total, permille=rates.insured_rate_permille),
        employer=premium_share(amount=insurable_total, permille=rates.employer_rate_permille),
        unemployment=(
            premium_share(amount=insurable_total, permille=rates.unemployment_rate_permille)
            if unemployment_covered
            else 0
        ),
    )


class InsurableRow(Protocol):
    """A worker's month as the charge needs it (a parsed list row or a stored one)."""

    insurable_total: int
    unemployment_covered: bool


@dataclass(frozen=True)
class PremiumCharge:
    """A month's charge: each share summed over the rows (each row rounded on its own)."""

    insurable_total: int
    insured: int
    employer: int
    unemployment: int

    @property
    def total(self) -> int:
        return self.insured + self.employer + self.unemployment


def premium_charge(*, rows: Iterable[InsurableRow], rates: PremiumRates) -> PremiumCharge:
    """insured 7 % + employer 20 % + unemployment 3 % (covered workers) of a month's rows.

    Each share is rounded per row, as DSW_BIME is and DSK_TKOSO = Σ per-row 20 % is
    (DOMAIN.md §6), then summed.
    """
    insurable = insured = employer = unemployment = 0
    for row in rows:
        shares = premium_shares(
            insurable_total=row.insurable_total,
            rates=rates,
            unemployment_covered=row.unemployment_covered,
        )
        insurable += row.insurable_total
        insured += shares.insured
        employer += shares.employer
        unemployment += shares.unemployment
    return PremiumCharge(
        insurable_total=insurable, insured=insured, employer=employer, unemployment=unemployment
    )


# --- the cap and the minimum wage ----------------------------------------------------------


def insurable_cap_for_days(*, days: int, rates: PremiumRates) -> int:
    """The most insurable pay `days` days may carry: days × monthly cap / 30, rounded down."""
    return days * rates.insurable_cap_monthly // CAP_DAYS


def insurable_over_cap(*, insurable_total: int, days: int, rates: PremiumRates) -> bool:
    """True when a month's insurable total is above the cap of its days (exact, no rounding)."""
    return insurable_total * CAP_DAYS > days * rates.insurable_cap_monthly


def claimed_daily_wage_check(*, daily_wage: int, rates: PremiumRates) -> None:
    """Refuse (Persian ApplicationError `wage_over_cap`) a claimed daily wage above the cap."""
    if daily_wage * CAP_DAYS > rates.insurable_cap_monthly:
        raise ApplicationError(
            _(
                "دستمزد روزانه ادعایی (%(wage)s) از سقف دستمزد روزانه مشمول سال %(year)s "
                "(%(cap)s) بیشتر است."
            )
            % {
                "wage": format_rial(daily_wage),
                "year": persian_digits(rates.year),
                "cap": format_rial(rates.daily_cap),
            },
            code="wage_over_cap",
            extra={"field": "daily_wage", "year": rates.year, "cap": rates.daily_cap},
        )


def insurable_daily_wage(*, daily_wage: int, rates: PremiumRates) -> int:
    """A daily wage brought within the year's bounds: at least the minimum, at most the cap."""
    return min(max(int(daily_wage), rates.min_daily_wage), rates.daily_cap)


@dataclass(frozen=True)
class InsurableMonth:
    """A month's insurable pay after the cap: DSW_MAH, DSW_MAZ and DSW_MASH = MAH + MAZ."""

    monthly_wage: int
    insurable_benefits: int
    insurable_total: int


def insurable_month(
    *, daily_wage: int, days: int, benefits: int, rates: PremiumRates
) -> InsurableMonth:
    """daily wage × days plus benefits, capped at the days' cap by cutting the benefits first
    (DOMAIN.md §6: the cap is applied by cutting MAZ), then the wage."""
    cap = insurable_cap_for_days(days=days, rates=rates)
    monthly_wage = min(int(daily_wage) * days, cap)
    kept_benefits = max(min(int(benefits), cap - monthly_wage), 0)
    return InsurableMonth(monthly_wage, kept_benefits, monthly_wage + kept_benefits)
