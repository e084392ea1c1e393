"""The pensioners demo (`seed_demo`, module pensioners.demo.pensions): every figure the demo
pensioners see is the rule's, checked here against hand-computed expectations.

حسن رستمی's grant equals `manage.py pension compute --json` on the very file his "how my
pension was computed" page offers for download; each yearly increase is the previous amount
raised with exactly that year's PensionParameters; his twelve payslips are the twelve months
up to last month and each one's rows add up to its net; فاطمه نوری draws the spouse's share
of her late husband's pension in force; seeding again adds nothing.
"""

from __future__ import annotations

import io
import json

import jdatetime
import pytest
from django.core.management import call_command
from django.urls import reverse

from pensioners.demo import pensions as demo_pensions
from pensioners.models import (
    Payslip,
    PayslipRow,
    Pension,
    PensionDependent,
    Pensioner,
    PensionLoan,
    PensionRuling,
)
from tamin.accounts.models import User
from tamin.core.jalali import today_jalali
from tamin.core.models import AuditLog
from tamin.rules.models import PensionParameters, SurvivorShare
from tamin.rules.pensions import pension_increase, share_of

pytestmark = pytest.mark.django_db

HASSAN = "0491234562"
FATEMEH = "0491234570"
MOHAMMAD = "0491234589"


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Pensioner,
            Pension,
            PensionRuling,
            PensionDependent,
            PensionLoan,
            Payslip,
            PayslipRow,
            AuditLog,
        )
    } | {
        "installments_deducted": sum(
            PensionLoan.objects.values_list("installments_deducted", flat=True)
        ),
        "overdue_installments": sum(
            PensionLoan.objects.values_list("overdue_installments", flat=True)
        ),
    }


@pytest.fixture
def seeded(settings, tmp_path) -> dict[str, int]:
    """The demo the way `seed_demo` runs it (accounts, branches, records, then pensions),
    the pensions twice; the counts after the first run."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    from branches.demo import directory as demo_directory
    from insured.demo import records as insured_demo
    from tamin.accounts.demo import accounts as accounts_demo

    out = io.StringIO()
    for module in (accounts_demo, demo_directory, insured_demo):
        module.seed(out)
    demo_pensions.seed(out)
    first = _counts()
    demo_pensions.seed(out)
    return first


def _ceil_div(numerator: int, denominator: int) -> int:
    return -(-numerator // denominator)


def _pension_compute_json(path) -> dict:
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_:  # the command ends with its exit status
        call_command("pension", "compute", str(path), "--json", stdout=out)
    assert exit_.value.code == 0, out.getvalue()
    return json.loads(out.getvalue())


def _years_text(hundredths: int) -> str:
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def test_seeding_twice_changes_nothing(seeded):
    assert seeded["Pension"] >= 3  # Hassan's, the late husband's and the widow's
    assert _counts() == seeded


def test_hassan_grant_is_what_pension_compute_gives_on_the_offered_file(seeded, client, tmp_path):
    (pension,) = Pension.objects.filter(pensioner__national_code=HASSAN)
    assert pension.kind == Pension.Kind.RETIREMENT
    assert pension.status == Pension.Status.ACTIVE
    grant = pension.rulings.get(kind=PensionRuling.Kind.GRANT)

    # the file as his "how my pension was computed" page offers it for download
    client.force_login(User.objects.get(national_code=HASSAN))
    page = client.get(reverse("pensioners:pension_computation", args=[pension.pk]))
    file_url = reverse("pensioners:pension_computation_file", args=[pension.pk])
    assert file_url in page.text
    response = client.get(file_url)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    path = tmp_path / "hassan.json"
    path.write_bytes(response.content)

    answer = _pension_compute_json(path)
    assert answer["eligible"] is True
    assert answer["on"] == "1402/07/01"
    assert answer["days"] == grant.original_days
    assert answer["added_days"] == grant.added_days == 0
    assert answer["years"] == _years_text(grant.years_hundredths)
    assert answer["average_wage"] == grant.average_wage
    assert answer["pension"] == grant.amount_after
    assert answer["minimum_applied"] == grant.minimum_applied
    # thirty years of service: the demo's story
    assert grant.years_hundredths >= 30_00
    assert grant.amount_after > 0


def test_hassan_yearly_increases_use_each_year_s_figures(seeded):
    pension = Pension.objects.get(pensioner__national_code=HASSAN)
    rulings = list(pension.rulings.order_by("effective_from", "id"))
    assert [(r.kind, r.year) for r in rulings] == [
        (PensionRuling.Kind.GRANT, 1402),
        (PensionRuling.Kind.YEARLY_INCREASE, 1403),
        (PensionRuling.Kind.YEARLY_INCREASE, 1404),
    ]
    previous = rulings[0].amount_after
    for ruling in rulings[1:]:
        figures = PensionParameters.objects.get(year=ruling.year)
        # by hand: ceil(amount × (1000 + ‰) / 1000) + the fixed sum, at least the year's
        # minimum pension (his 30 years are over 20: the whole minimum is the floor)
        raised = (
            _ceil_div(previous * (1000 + figures.increase_permille), 1000) + figures.increase_fixed
        )
        expected = max(raised, figures.minimum_pension)
        assert ruling.amount_before == previous
        assert ruling.amount_after == expected
        assert ruling.increase_permille == figures.increase_permille
        assert ruling.increase_fixed == figures.increase_fixed
        assert ruling.minimum_applied == (figures.minimum_pension > raised)
        assert ruling.effective_from == jdatetime.date(ruling.year, 1, 1).togregorian()
        assert expected == pension_increase(
            amount=previous,
            increase_permille=figures.increase_permille,
            increase_fixed=figures.increase_fixed,
            floor=figures.minimum_pension,
        )
        assert expected > previous
        previous = expected


def _months_up_to_last(count: int) -> list[tuple[int, int]]:
    today = today_jalali()
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        months.append((year, month))
    return months[::-1]


def test_hassan_has_twelve_payslips_up_to_last_month_that_add_up(seeded):
    pension = Pension.objects.get(pensioner__national_code=HASSAN)
    payslips = list(Payslip.objects.filter(pension=pension).order_by("year", "month"))
    assert [(p.year, p.month) for p in payslips] == _months_up_to_last(12)
    for payslip in payslips:
        rows = list(payslip.rows.all())
        assert rows, payslip
        payments = sum(r.amount for r in rows if r.kind == PayslipRow.Kind.PAYMENT)
        deductions = sum(r.amount for r in rows if r.kind == PayslipRow.Kind.DEDUCTION)
        loans = sum(r.amount for r in rows if r.kind == PayslipRow.Kind.LOAN)
        assert payments > 0
        assert deductions > 0  # at least the treatment share
        assert loans > 0  # the bank loan's installment
        assert (payslip.total_payments, payslip.total_deductions, payslip.total_loans) == (
            payments,
            deductions,
            loans,
        )
        assert payslip.net == payments - deductions - loans
        assert payslip.net > 0
        assert payslip.paid_to_sheba == pension.pensioner.sheba


def test_fatemeh_draws_the_spouse_share_of_her_husband_s_pension_in_force(seeded):
    (survivor,) = Pension.objects.filter(pensioner__national_code=FATEMEH)
    assert survivor.kind == Pension.Kind.SURVIVORS
    assert survivor.relation == Pension.Relation.SPOUSE
    assert survivor.status == Pension.Status.ACTIVE
    assert survivor.insured_national_code == MOHAMMAD
    deceased = Pension.objects.get(pensioner__national_code=MOHAMMAD)
    assert deceased.status == Pension.Status.ENDED

    # the deceased's amount in force on the day hers began: his latest ruling by then
    in_force = (
        deceased.rulings.filter(effective_from__lte=survivor.start_date)
        .order_by("-effective_from", "-id")
        .first()
    )
    assert in_force.kind == PensionRuling.Kind.YEARLY_INCREASE  # his 1403 increase
    start_year = jdatetime.date.fromgregorian(date=survivor.start_date).year
    share = (
        SurvivorShare.objects.filter(relation="spouse", effective_from__lte=start_year)
        .order_by("-effective_from")
        .first()
        .share_permille
    )
    assert survivor.share_permille == share
    grant = survivor.rulings.get(kind=PensionRuling.Kind.GRANT)
    assert grant.amount_after == _ceil_div(in_force.amount_after * share, 1000)
    assert grant.amount_after == share_of(amount=in_force.amount_after, share_permille=share)
    assert 0 < grant.amount_after < in_force.amount_after
