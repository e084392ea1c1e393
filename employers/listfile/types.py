"""Value types of the monthly list file layer (no database, no Django models)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tamin.rules.premiums import PremiumRates

# The file names used in every issue's `file` (DOMAIN.md §6).
KAR = "DSKKAR00"
WOR = "DSKWOR00"
CSV = "CSV"
XLSX = "XLSX"

# N12 holds at most twelve digits.
N12_MAX = 999_999_999_999


@dataclass(frozen=True)
class ListIssue:
    """One error: which file, which 1-based record (0 = the file as a whole), which field, which rule."""

    file: str
    row: int
    field: str
    code: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "row": self.row,
            "field": self.field,
            "code": self.code,
            "message": self.message,
        }


class ListFileError(Exception):
    """The files cannot be read at all (not a DBF, truncated, too large...)."""

    def __init__(self, issues: list[ListIssue] | tuple[ListIssue, ...]):
        self.issues = tuple(issues)
        super().__init__("; ".join(issue.message for issue in self.issues))


@dataclass(frozen=True)
class ListHeader:
    """DSKKAR00's single record. `year` is the full Jalali year (the file holds YY)."""

    workshop_code: str = ""
    workshop_name: str = ""
    employer_name: str = ""
    address: str = ""
    kind: int = 0
    year: int = 0
    month: int = 0
    list_no: str = ""
    description: str = ""
    worker_count: int = 0
    total_days: int = 0
    total_daily_wage: int = 0
    total_monthly_wage: int = 0
    total_benefits: int = 0
    total_insurable: int = 0
    total_pay: int = 0
    total_insured_share: int = 0
    total_employer_share: int = 0
    total_unemployment: int = 0
    rate: int = 0
    prate: int = 0
    bimh: int = 0
    contract_row: str = ""
    total_seniority: int = 0
    total_spouse: int = 0
    raw: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True, slots=True)
class ListRow:
    """One DSKWOR00 record; `row_number` is its 1-based record number in the file.

    Slots and no raw texts: 50,000 of them are held at once (docs/monthly-list.md,
    "Memory")."""

    row_number: int
    insurance_number: str = ""
    national_code: str = ""
    first_name: str = ""
    last_name: str = ""
    father_name: str = ""
    sex: str = ""
    nationality: str = ""
    job_code: str = ""
    job_title: str = ""
    start_date: str = ""
    end_date: str = ""
    days: int = 0
    daily_wage: int = 0
    monthly_wage: int = 0
    insurable_benefits: int = 0
    insurable_total: int = 0
    total_pay: int = 0
    insured_share: int = 0
    # Covered by unemployment insurance: a CSV/XLSX says so per row (UNEMP, default 1); a DBF
    # cannot (ParsedList.coverage_stated is False), then the portal sets it from the registry.
    unemployment_covered: bool = True
    workshop_code: str = ""
    year: int = 0
    month: int = 0
    list_no: str = ""
    id_number: str = ""
    id_place: str = ""
    id_issue_date: str = ""
    birth_date: str = ""
    prate: int = 0
    seniority_daily: int = 0
    spouse_allowance: int = 0


@dataclass(frozen=True)
class ParsedList:
    header: ListHeader
    rows: tuple[ListRow, ...]
    source_format: str  # "dbf" | "csv" | "xlsx" (the values of employers.models.ListFormat)
    encoding: str  # "iran_system" | "cp1256" | "utf-8" | "mixed: ..." per file
    layout: str  # "v6" | "v2.7" | "csv" | "xlsx"
    # Field-level problems met while reading (a number that is not a number...);
    # check() reports them together with the rule violations.
    issues: tuple[ListIssue, ...] = ()
    # Whether the rows' unemployment_covered are known: a DBF has no such field, so from the
    # files alone DSK_BIC can only be bounded (checks.py); the portal sets them from the registry.
    coverage_stated: bool = True


# A year's money figures are the law's type (tamin.rules.premiums): one shape everywhere.
YearRates = PremiumRates


@dataclass(frozen=True)
class CheckReport:
    ok: bool
    issues: tuple[ListIssue, ...]
    # Computed from the rows: worker_count, total_days, total_insurable, total_pay,
    # insured_share, employer_share, unemployment_share (integer rial).
    totals: dict[str, int]
