"""Claim rulings (احکام مطالباتی): issuing, serving, and every change of what is owed on one.

The debt follows the ruling through one function, `ruling_amount_change`: serving
posts the ruling's amount to the account as a `ruling` ledger row (final debt), and
every later change (a board's vote, a penalty waiver) posts the difference as
another `ruling` row of the same ruling, so the turnover shows each step and
`current_amount` always equals the sum of the ruling's rows.
"""

from __future__ import annotations

from django.db import transaction

from employers.models import ClaimRuling, EntryKind, LedgerEntry, Notice, RulingStatus
from employers.services.ledger import ledger_record
from tamin.core.services import audit_record


@transaction.atomic
def ruling_amount_change(
    *, ruling: ClaimRuling, new_amount: int, description: str, status: str | None = None, actor=None
) -> ClaimRuling:
    """Set what the workshop owes on `ruling` to `new_amount`, posting the difference.

    Locks the ruling row, so two changes at once post two exact differences.
    """
    if new_amount < 0:
        raise ValueError("a ruling's amount cannot be negative")
    ruling = ClaimRuling.objects.select_for_update().select_related("workshop").get(pk=ruling.pk)
    posted = sum(
        LedgerEntry.objects.filter(ruling=ruling, kind=EntryKind.RULING).values_list(
            "amount", flat=True
        )
    )
    difference = int(new_amount) - posted
    before = {"current_amount": ruling.current_amount, "status": ruling.status}
    if difference:
        ledger_record(
            workshop=ruling.workshop,
            kind=EntryKind.RULING,
            amount=difference,
            description=description,
            ruling=ruling,
            actor=actor,
        )
    ruling.current_amount = int(new_amount)
    if status:
        ruling.status = status
    ruling.save(update_fields=["current_amount", "status", "updated_at"])
    audit_record(
        action="employers.ruling_amount_changed",
        actor=actor,
        target=ruling,
        before=before,
        after={"current_amount": ruling.current_amount, "status": ruling.status},
        detail=description,
    )
    return ruling


def ruling_served(notice: Notice) -> None:
    """A served ruling becomes final debt (the serving transaction's hook; the notice's
    content names the ruling, since the ruling links its notice only once it exists)."""
    ruling = ClaimRuling.objects.filter(
        pk=notice.content.get("ruling_id"), workshop_id=notice.workshop_id
    ).first()
    if ruling is None or ruling.status != RulingStatus.DRAFT:
        return
    ruling_amount_change(
        ruling=ruling,
        new_amount=ruling.total,
        description=f"حکم مطالباتی {ruling.number}",
        status=RulingStatus.SERVED,
        actor=ruling.issued_by,
    )
