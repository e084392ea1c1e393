"""Who the registry marks covered by unemployment insurance (for the monthly list's DSK_BIC)."""

from __future__ import annotations

from collections.abc import Iterable

from insured.models import InsuredPerson

CHUNK = 10_000  # SQLite caps the parameters of one statement


def unemployment_coverage_by_insurance_numbers(numbers: Iterable[str]) -> dict[str, bool]:
    """{insurance number: covered by unemployment insurance} for the numbers that exist."""
    wanted = sorted({str(n) for n in numbers if n})
    found: dict[str, bool] = {}
    for start in range(0, len(wanted), CHUNK):
        found.update(
            InsuredPerson.objects.filter(
                insurance_number__in=wanted[start : start + CHUNK]
            ).values_list("insurance_number", "unemployment_insurance_covered")
        )
    return found
