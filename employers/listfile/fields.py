"""The one mapping of a worker row's fields: DSKWOR00 field ↔ `ListRow` attribute ↔ the
portal's stored column. Everything that moves a row's values derives from these tables:
the DBF reader and writer and the CSV/XLSX reader and template (`WOR_ATTRS`), the
portal's row store and its download again (`ROW_FIELDS`), list submission (the fields
a contribution record shares with a row) and the demo lists.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RowField:
    """One of the 20 fields the portal keeps of a worker row.

    `name` is the `ListRow` attribute and the column of `employers.MonthlyListRow`;
    `dbf` the DSKWOR00 field it comes from ("" when it has none: the record number,
    and the CSV/XLSX-only UNEMP column); `length` the characters the column keeps of a
    text (None for a number or a flag).
    """

    name: str
    dbf: str
    length: int | None = None


ROW_FIELDS: tuple[RowField, ...] = (
    RowField("row_number", ""),
    RowField("insurance_number", "DSW_ID1", 10),
    RowField("national_code", "PER_NATCOD", 10),
    RowField("first_name", "DSW_FNAME", 60),
    RowField("last_name", "DSW_LNAME", 60),
    RowField("father_name", "DSW_DNAME", 60),
    RowField("sex", "DSW_SEX", 8),
    RowField("nationality", "DSW_NAT", 30),
    RowField("job_code", "DSW_JOB", 6),
    RowField("job_title", "DSW_OCP", 50),
    RowField("start_date", "DSW_SDATE", 8),
    RowField("end_date", "DSW_EDATE", 8),
    RowField("days", "DSW_DD"),
    RowField("daily_wage", "DSW_ROOZ"),
    RowField("monthly_wage", "DSW_MAH"),
    RowField("insurable_benefits", "DSW_MAZ"),
    RowField("insurable_total", "DSW_MASH"),
    RowField("total_pay", "DSW_TOTL"),
    RowField("insured_share", "DSW_BIME"),
    RowField("unemployment_covered", ""),
)
ROW_FIELD_NAMES = tuple(field.name for field in ROW_FIELDS)

# Every DSKWOR00 field → its ListRow attribute: the 18 kept fields above, then the ones
# the file carries but the portal does not keep (the header repeated on each row, the
# identity document, and the v6 additions).
WOR_ATTRS: dict[str, str] = {
    **{field.dbf: field.name for field in ROW_FIELDS if field.dbf},
    "DSW_ID": "workshop_code",
    "DSW_YY": "year",
    "DSW_MM": "month",
    "DSW_LISTNO": "list_no",
    "DSW_IDNO": "id_number",
    "DSW_IDPLC": "id_place",
    "DSW_IDATE": "id_issue_date",
    "DSW_BDATE": "birth_date",
    "DSW_PRATE": "prate",
    "DSW_INC": "seniority_daily",
    "DSW_SPOUSE": "spouse_allowance",
}
