"""The law's figures, one module per area (re-exported here): `core` (yearly figures,
penalties, disputes, pensions, dependents' papers) and the tables of issue #13 —
`benefits` (short-term benefits, abroad packages) and `coverage` (Art. 58 dependents)."""

from tamin.rules.models import benefits, coverage  # noqa: F401
from tamin.rules.models.core import (
    DependentObligationTerms,
    DisputeParameters,
    InstallmentBand,
    PenaltyParameters,
    PensionParameters,
    RetirementCondition,
    SurvivorShare,
    YearParameters,
)

__all__ = [
    "DependentObligationTerms",
    "DisputeParameters",
    "InstallmentBand",
    "PenaltyParameters",
    "PensionParameters",
    "RetirementCondition",
    "SurvivorShare",
    "YearParameters",
]
