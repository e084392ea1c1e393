"""The workshop's account: every charge, payment, penalty and adjustment is one ledger row.

Rows are only appended (never edited); the balance is their sum (charges and
penalties positive, payments negative). Call inside the transaction of the
change that causes the row. A penalty row carries the key of the accrual it posts
(`penalty_key`, unique per workshop), so no accrual can be posted twice.
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
    penalty_key: str = "",
    ruling=None,
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
        penalty_key=penalty_key,
        ruling=ruling,
    )
    # Not validate_constraints: the unique penalty key is the database's to enforce
    # (under a lock held by the caller), not a racy SELECT first.
    entry.full_clean(validate_constraints=False)
    entry.save()
    audit_record(action=f"ledger.{kind}", actor=actor, target=entry, after={"amount": entry.amount})
    return entry
