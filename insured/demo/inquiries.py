"""Demo data of the inquiries area (used by `manage.py seed_demo` after `insured.demo.records`).

* The demo insured person's bank account (the Sheba of tamin/accounts/demo/accounts.py).
* Two inspections at the person's current workshop, so «بازرسی کارگاه» has
  something to show.

Idempotent: an account or inspection already present is left alone.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404

from branches.selectors.directory import branch_get_public
from branches.selectors.inspections import inspections_for_workshops
from branches.services.inspections import inspection_record
from insured.demo.records import DEMO_INSURED, RESIDENCE_BRANCH_CODE
from insured.models import BankAccount, InsuredPerson
from insured.services.inquiries import bank_account_add
from tamin.accounts.demo.accounts import DEMO_ACCOUNTS

DEMO_NATIONAL_CODE = "0013542419"

INSPECTIONS = (
    {
        "inspected_on": dt.date(2024, 10, 14),
        "inspector_name": "حسین رحیمی",
        "reason": "بازرسی دوره‌ای",
        "findings": "فهرست ماهانه با کارکنان حاضر تطبیق داده شد؛ همه کارکنان بیمه شده بودند.",
        "workers_seen": 18,
        "result": "compliant",
    },
    {
        "inspected_on": dt.date(2025, 6, 2),
        "inspector_name": "فاطمه نادری",
        "reason": "گزارش کسری کارکرد",
        "findings": "برای دو نفر روزهای کارکرد کمتر از حضور واقعی اعلام شده بود؛ اخطار داده شد.",
        "workers_seen": 21,
        "result": "violations",
    },
)


def seed(stdout) -> None:
    person = InsuredPerson.objects.filter(national_code=DEMO_NATIONAL_CODE).first()
    if person is None:
        stdout.write(
            "  inquiries: demo insured person missing (run insured.demo.records first); skipped"
        )
        return
    account = next(a for a in DEMO_ACCOUNTS if a.national_code == DEMO_NATIONAL_CODE)
    if (
        account.sheba
        and not BankAccount.objects.filter(person=person, sheba=account.sheba).exists()
    ):
        added = bank_account_add(person=person, actor=None, sheba=account.sheba)
        stdout.write(
            f"  insured {DEMO_NATIONAL_CODE}: bank account {added.sheba} ({added.bank_name})"
        )

    demo = next(d for d in DEMO_INSURED if d.national_code == DEMO_NATIONAL_CODE)
    workshop = demo.jobs[-1]  # the current job
    try:
        branch = branch_get_public(code=RESIDENCE_BRANCH_CODE)
    except Http404:
        stdout.write("  inquiries: demo branch missing; inspections skipped")
        return
    if inspections_for_workshops(workshop_codes=[workshop.workshop_code]).exists():
        return
    for fields in INSPECTIONS:
        inspection_record(
            workshop_code=workshop.workshop_code,
            workshop_name=workshop.workshop_name,
            branch=branch,
            **fields,
        )
    stdout.write(f"  inspections: {len(INSPECTIONS)} at {workshop.workshop_name}")
