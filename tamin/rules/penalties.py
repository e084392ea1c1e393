"""Penalty arithmetic (DOMAIN.md §3): pure integer functions plus the rate lookup.

Rounding: a penalty is rounded DOWN to the whole rial (integer division), so an
employer is never charged a fraction the rate does not reach; the rounding is
applied once, on the total, not per month.
"""

from __future__ import annotations

from dataclasses import dataclass

# Used when no PenaltyParameters row covers the year (DOMAIN.md §3, [to confirm]).
DEFAULT_LATE_PAYMENT_PERMILLE_PER_MONTH = 20
DEFAULT_NO_LIST_PERMILLE = 100


@dataclass(frozen=True)
class PenaltyRates:
    effective_from: int | None
    late_payment_permille_per_month: int
    no_list_permille: int


def late_payment_penalty(*, amount: int, months_late: int, permille_per_month: int) -> int:
    """amount × permille × months / 1000, rounded down; 0 for nothing owed or not late."""
    if amount < 0 or months_late < 0 or permille_per_month < 0:
        raise ValueError("amount, months_late and permille_per_month must not be negative")
    return (int(amount) * int(permille_per_month) * int(months_late)) // 1000


def no_list_penalty(*, premium: int, permille: int) -> int:
    """The penalty for a month without a list: premium × permille / 1000, rounded down."""
    if premium < 0 or permille < 0:
        raise ValueError("premium and permille must not be negative")
    return (int(premium) * int(permille)) // 1000


def penalty_rates(*, year: int) -> PenaltyRates:
    """The rates in force in a Jalali year: the row with the latest effective_from ≤ year."""
    from tamin.rules.models import PenaltyParameters

    row = (
        PenaltyParameters.objects.filter(effective_from__lte=year)
        .order_by("-effective_from")
        .first()
    )
    if row is None:
        return PenaltyRates(None, DEFAULT_LATE_PAYMENT_PERMILLE_PER_MONTH, DEFAULT_NO_LIST_PERMILLE)
    return PenaltyRates(
        row.effective_from, row.late_payment_permille_per_month, row.no_list_permille
    )
