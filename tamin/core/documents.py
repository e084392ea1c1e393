"""PDF data classes of the kernel and the register of document kinds.

Each app keeps its own document data classes in `<app>/documents.py` and
registers the Persian label of each kind it issues (in `AppConfig.ready()`)
so the public verify page can name a document without importing the app.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from tamin.core.jalali import format_jalali_date, format_rial, persian_digits, today_jalali

SAMPLE_KIND = "core.sample"

_KIND_LABELS: dict[str, str] = {SAMPLE_KIND: _("نمونهٔ سند")}


def document_kind_register(*, kind: str, label: str) -> None:
    _KIND_LABELS[kind] = label


def document_kind_label(*, kind: str) -> str:
    return str(_KIND_LABELS.get(kind, kind))


@dataclass(frozen=True)
class SampleRow:
    number: str
    period: str
    workshop: str
    days: str
    wage: str


@dataclass(frozen=True)
class SampleDocument:
    """Dummy contribution-history-like data that exercises the PDF layout."""

    person_name: str
    national_code: str
    issued_on: str
    total_days: str
    total_wage: str
    rows: list[SampleRow] = field(default_factory=list)


def sample_document_data(*, rows: int = 60) -> SampleDocument:
    """Stable dummy data (no randomness) so designers compare renders side by side."""
    today = today_jalali()
    items = []
    total_days = 0
    total_wage = 0
    for index in range(rows):
        year, month = divmod(index, 12)
        days = 31 if month < 6 else 30
        wage = 104_000_000 + index * 1_250_000
        total_days += days
        total_wage += wage
        items.append(
            SampleRow(
                number=persian_digits(index + 1),
                period=persian_digits(f"{1398 + year}/{month + 1:02d}"),
                workshop=f"کارگاه نمونهٔ شمارهٔ {persian_digits(index % 4 + 1)}",
                days=persian_digits(days),
                wage=format_rial(wage, with_unit=False),
            )
        )
    return SampleDocument(
        person_name="زهرا محمدی",
        national_code=persian_digits("0012345679"),
        issued_on=format_jalali_date(today.togregorian(), long=True),
        total_days=persian_digits(total_days),
        total_wage=format_rial(total_wage),
        rows=items,
    )
