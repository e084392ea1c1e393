"""Reads of the short-term benefit figures (database only): what `tamin.rules.benefits` is given.

* `benefit_terms(year=)`: the `BenefitParameters` row in force in a Jalali year (the latest
  `effective_from` not after it; rows carry over) as `BenefitTerms`; None when none is.
* `abroad_packages(year=)`: the abroad packages in force (the set of the latest
  `effective_from` not after the year), cheapest first; `abroad_package(year=, code=)` one
  of them or None.
* `min_monthly_wage(year=)`: the year's minimum monthly wage (`YearParameters`), None until
  published (the marriage floor, the funeral allowance).
* `contribution_rate_permille(year=)`: insured + employer + government of the year's
  `premium_rates` (the military service purchase), None until published.
* `benefit_figures_missing_year()`: the current year when no `BenefitParameters` row is in
  force at all (an advisory /healthz check and a staff dashboard warning).
"""

from __future__ import annotations

from tamin.core.jalali import today_jalali
from tamin.rules.benefits import AbroadPackageTerms, BenefitTerms, Fraction
from tamin.rules.models.benefits import AbroadPackage, BenefitParameters
from tamin.rules.premiums import premium_rates

# BenefitTerms fields kept as a numerator/denominator pair of columns.
FRACTION_FIELDS = (
    "sickness_with_dependents",
    "sickness_without_dependents",
    "sickness_hospitalized_without_dependents",
    "maternity_rate",
    "military_insured_share",
    "military_government_share",
)

# BenefitTerms fields kept as one column of the same name.
PLAIN_FIELDS = (
    "effective_from",
    "sickness_waiting_days",
    "daily_wage_days",
    "maternity_min_days_prior_year",
    "maternity_leave_days",
    "marriage_min_days",
    "marriage_window_years",
    "military_min_days",
    "unemployment_min_months",
    "unemployment_base_permille",
    "unemployment_per_dependent_permille",
    "unemployment_max_permille",
    "funeral_fixed_amount",
    "orthotics_ceiling",
    "treatment_window_months",
    "treatment_min_days",
)


def benefit_terms_from_row(row: BenefitParameters) -> BenefitTerms:
    """The terms of a `BenefitParameters` row."""
    values: dict[str, object] = {name: getattr(row, name) for name in PLAIN_FIELDS}
    for name in FRACTION_FIELDS:
        values[name] = Fraction(
            int(getattr(row, f"{name}_numerator")), int(getattr(row, f"{name}_denominator"))
        )
    return BenefitTerms(**values)  # type: ignore[arg-type]


def benefit_parameters_in_force(*, year: int) -> BenefitParameters | None:
    return (
        BenefitParameters.objects.filter(effective_from__lte=year)
        .order_by("-effective_from")
        .first()
    )


def benefit_terms(*, year: int) -> BenefitTerms | None:
    """The terms in force in a Jalali year; None when no row is (nothing can be computed)."""
    row = benefit_parameters_in_force(year=year)
    return None if row is None else benefit_terms_from_row(row)


def abroad_package_terms_from_row(row: AbroadPackage) -> AbroadPackageTerms:
    return AbroadPackageTerms(
        code=row.code,
        label=row.label,
        wage_base=int(row.wage_base),
        rate_permille=int(row.rate_permille),
        min_age=int(row.min_age),
        max_age=int(row.max_age),
    )


def abroad_packages(*, year: int) -> tuple[AbroadPackageTerms, ...]:
    """The packages in force in a Jalali year (one query), cheapest first; () when none."""
    rows = list(
        AbroadPackage.objects.filter(effective_from__lte=year).order_by(
            "-effective_from", "wage_base", "code"
        )
    )
    if not rows:
        return ()
    latest = rows[0].effective_from
    return tuple(abroad_package_terms_from_row(row) for row in rows if row.effective_from == latest)


def abroad_package(*, year: int, code: str) -> AbroadPackageTerms | None:
    """One package in force in a Jalali year by its code; None when there is no such package."""
    for package in abroad_packages(year=year):
        if package.code == code:
            return package
    return None


def min_monthly_wage(*, year: int) -> int | None:
    """The year's minimum monthly wage; None when the year's figures are not published."""
    rates = premium_rates(year=year)
    return None if rates is None or not rates.min_monthly_wage else rates.min_monthly_wage


def contribution_rate_permille(*, year: int) -> int | None:
    """Insured + employer + government shares of the year (‰), None when not published."""
    rates = premium_rates(year=year)
    if rates is None:
        return None
    return (
        rates.insured_rate_permille + rates.employer_rate_permille + rates.government_rate_permille
    )


def benefit_figures_missing_year(*, year: int | None = None) -> int | None:
    """The current Jalali year (Tehran), or `year`, when no `BenefitParameters` row is in force
    in it, else None.

    Rows carry over (unlike the pension minimum), so this is only ever a year when the table
    is empty up to it: then no short-term benefit can be computed and /healthz and the staff
    dashboard say so.
    """
    if year is None:
        year = today_jalali().year
    return year if benefit_parameters_in_force(year=year) is None else None
