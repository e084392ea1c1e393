"""Reads of the Art. 58 dependents table (database only): what `tamin.rules.coverage` is given.

`dependent_terms(year=)` is the `DependentParameters` row in force in a Jalali year (the
latest `effective_from` not after it), as `DependentTerms`; None when no row covers the year
(then no coverage is decided: the ages are never guessed in code).
"""

from __future__ import annotations

from tamin.rules.coverage import DependentTerms
from tamin.rules.models.coverage import DependentParameters


def dependent_terms(*, year: int) -> DependentTerms | None:
    row = (
        DependentParameters.objects.filter(effective_from__lte=year)
        .order_by("-effective_from")
        .first()
    )
    if row is None:
        return None
    return DependentTerms(
        effective_from=row.effective_from,
        child_age_limit=row.child_age_limit,
        son_age_limit=row.son_age_limit,
        son_student_age_limit=row.son_student_age_limit,
        daughter_age_limit=row.daughter_age_limit,
        father_min_age=row.father_min_age,
        mother_min_age=row.mother_min_age,
        husband_min_age=row.husband_min_age,
    )
