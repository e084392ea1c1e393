"""The money demo pays the accepted months and leaves the last one owing; running it twice adds nothing."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone

from employers.demo import lists as demo_lists
from employers.demo import money as demo_money
from employers.demo import workshops as demo_workshops
from employers.models import EntryKind, LedgerEntry, Workshop
from employers.selectors.money import workshop_debt

pytestmark = pytest.mark.django_db


def test_demo_pays_accepted_months_and_is_idempotent():
    # given the demo people, workshops and lists
    from branches.demo import directory as demo_directory
    from insured.demo import records as insured_demo
    from tamin.accounts.demo import accounts as accounts_demo

    out = io.StringIO()
    for module in (accounts_demo, demo_directory, insured_demo, demo_workshops, demo_lists):
        module.seed(out)
    # when the money demo runs twice
    demo_money.seed(out)
    demo_money.seed(out)
    # then only the unpaid month is owed and each accepted month was paid once
    workshop = Workshop.objects.get(code=demo_lists.DEMO_WORKSHOP_CODE)
    owed = {
        (d.year, d.month)
        for d in workshop_debt(workshop=workshop, today=timezone.localdate()).estimated.lists
    }
    assert owed == {(demo_lists.DEMO_YEAR, demo_lists.UNPAID_MONTH)}
    payments = LedgerEntry.objects.filter(workshop=workshop, kind=EntryKind.PAYMENT)
    assert sorted(payments.values_list("month", flat=True)) == sorted(demo_lists.ACCEPTED_MONTHS)
