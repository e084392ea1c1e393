"""Money-area test helpers: a submitted list with its charge, as the lists area posts it,
and a payment row (dated when a test needs the ledger's history)."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from employers.models import EntryKind, LedgerEntry, ListFormat, ListStatus, MonthlyList
from employers.services.ledger import ledger_record
from tests.employers.factories import RepresentativeFactory


class SubmittedListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonthlyList

    workshop = factory.LazyAttribute(lambda o: RepresentativeFactory().workshop)
    year = 1404
    month = 1
    status = ListStatus.SUBMITTED
    file_format = ListFormat.DBF
    uploaded_by = factory.LazyAttribute(
        lambda o: (
            o.workshop.representatives.first().user
            if o.workshop.representatives.exists()
            else RepresentativeFactory(workshop=o.workshop).user
        )
    )
    submitted_at = factory.LazyFunction(timezone.now)


def submitted_list_with_charge(*, workshop, year: int, month: int, amount: int) -> MonthlyList:
    """A submitted list and its `charge` row (what monthly_list_submit writes)."""
    item = SubmittedListFactory(workshop=workshop, year=year, month=month)
    ledger_record(
        workshop=workshop,
        kind=EntryKind.CHARGE,
        amount=amount,
        description=f"حق بیمه {year}/{month}",
        monthly_list=item,
        year=year,
        month=month,
    )
    return item


def payment_recorded(
    *,
    workshop,
    amount: int,
    year: int | None = None,
    month: int | None = None,
    on: datetime.datetime | None = None,
) -> LedgerEntry:
    """A payment row of `amount` (for a list period, or general), dated `on` if given
    (the ledger stamps rows with the clock; penalties read when each row was posted)."""
    entry = ledger_record(
        workshop=workshop,
        kind=EntryKind.PAYMENT,
        amount=-amount,
        description="پرداخت",
        year=year,
        month=month,
    )
    if on is not None:
        LedgerEntry.objects.filter(pk=entry.pk).update(created_at=on)
        entry.created_at = on
    return entry
