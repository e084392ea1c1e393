"""The workshop's account: every charge, payment, penalty and adjustment is one ledger row.

Rows are only appended (never edited); the balance is their sum (charges and
penalties positive, payments negative). Call inside the transaction of the
change that causes the row.
"""

from __future__ import annotations

from django.db import transaction

from employers.models import EntryKind, LedgerEntry, MonthlyList, Payment, Workshop
from tamin.core.services import audit_record


@transaction.atomic
def ledger_record(
    *,
    workshop: Workshop,
    kind: str,
    amount: int,
    description: str,
    monthly_list: MonthlyList | None = None,
    payment: Payment | None = None,
    year: int | None = None,
    month: int | None = None,
    actor=None,
) -> LedgerEntry:
    if kind not in EntryKind.values:
        raise ValueError(f"unknown ledger kind {kind!r}")
    entry = LedgerEntry(
        workshop=workshop,
        kind=kind,
        amount=int(amount),
        description=description[:200],
        monthly_list=monthly_list,
        payment=payment,
        year=year,
        month=month,
    )
    entry.full_clean()
    entry.save()
    audit_record(action=f"ledger.{kind}", actor=actor, target=entry, after={"amount": entry.amount})
    return entry
