"""check(): every rule of DOMAIN.md §6 on a parsed list."""

from __future__ import annotations

from employers.listfile.types import CheckReport, ParsedList, YearRates


def check(parsed: ParsedList, rates: YearRates | None) -> CheckReport:
    raise NotImplementedError
