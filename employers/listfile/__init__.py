"""Monthly worker list files: DBF (DSKKAR00 + DSKWOR00), CSV and XLSX — read, check, write.

Pure: no database, no Django models. Format decisions: docs/monthly-list.md.

    parsed = load({"DSKKAR00.DBF": kar_bytes, "DSKWOR00.DBF": wor_bytes})  # or load_dbf_pair
    report = check(parsed, premium_rates(year=parsed.header.year))  # tamin.rules.premiums
    kar, wor = write_dbf_pair(parsed)

Every reader raises ListFileError (with Persian ListIssues) for files that
cannot be read at all, never another exception.
"""

from employers.listfile.checks import check
from employers.listfile.dbf import load_dbf_pair, write_dbf_pair
from employers.listfile.limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS
from employers.listfile.loader import load
from employers.listfile.rates import builtin_rates
from employers.listfile.tabular import csv_template, load_csv, load_xlsx, xlsx_template
from employers.listfile.types import (
    CheckReport,
    ListFileError,
    ListHeader,
    ListIssue,
    ListRow,
    ParsedList,
    YearRates,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_ROWS",
    "CheckReport",
    "ListFileError",
    "ListHeader",
    "ListIssue",
    "ListRow",
    "ParsedList",
    "YearRates",
    "builtin_rates",
    "check",
    "csv_template",
    "load",
    "load_csv",
    "load_dbf_pair",
    "load_xlsx",
    "write_dbf_pair",
    "xlsx_template",
]
