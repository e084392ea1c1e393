"""Download again: an accepted list rebuilt as a DBF pair from its stored rows."""

from __future__ import annotations

import io
import zipfile

from django.utils.translation import gettext as _

from employers import listfile
from employers.listfile.checks import row_totals
from employers.listfile.fields import ROW_FIELD_NAMES
from employers.listfile.types import KAR, WOR
from employers.models import ListStatus, MonthlyList, MonthlyListRow
from employers.selectors.lists import SENT_STATUSES
from tamin.core.exceptions import ApplicationError


def monthly_list_as_parsed(*, monthly_list: MonthlyList) -> listfile.ParsedList:
    """The stored list (header from the workshop, rows as stored) in the file layer's shape."""
    workshop = monthly_list.workshop
    rows = tuple(
        listfile.ListRow(
            **{name: getattr(row, name) for name in ROW_FIELD_NAMES},
            workshop_code=workshop.code,
            year=monthly_list.year,
            month=monthly_list.month,
        )
        for row in MonthlyListRow.objects.filter(monthly_list=monthly_list).order_by("row_number")
    )
    header = listfile.ListHeader(
        workshop_code=workshop.code,
        workshop_name=workshop.name[:30],
        employer_name=workshop.employer_name[:30],
        address=workshop.address[:40],
        year=monthly_list.year,
        month=monthly_list.month,
        **row_totals(rows),
        total_employer_share=monthly_list.employer_share,
        total_unemployment=monthly_list.unemployment_share,
    )
    return listfile.ParsedList(
        header=header, rows=rows, source_format="dbf", encoding="iran_system", layout="v6"
    )


def monthly_list_dbf_zip(*, monthly_list: MonthlyList) -> bytes:
    """A zip with DSKKAR00.DBF and DSKWOR00.DBF rebuilt from the stored rows."""
    if monthly_list.status not in (ListStatus.VALID, *SENT_STATUSES):
        raise ApplicationError(_("فقط لیست پذیرفته‌شده دریافت می‌شود."), code="not_accepted")
    kar, wor = listfile.write_dbf_pair(monthly_list_as_parsed(monthly_list=monthly_list))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{KAR}.DBF", kar)
        archive.writestr(f"{WOR}.DBF", wor)
    return buffer.getvalue()
