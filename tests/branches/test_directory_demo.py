"""Demo directory seed: idempotent, several provinces, demo staff memberships."""

import io

import pytest

from branches.demo.directory import seed
from branches.models import (
    Agency,
    Branch,
    Holiday,
    MedicalCentre,
    Province,
    StaffMembership,
    StaffRole,
)
from tamin.accounts.demo import accounts as accounts_demo

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent_and_covers_several_provinces():
    # Given the demo accounts
    accounts_demo.seed(io.StringIO())

    holidays_before = Holiday.objects.count()

    # When the directory seed runs twice
    seed(io.StringIO())
    counts = (Branch.objects.count(), Agency.objects.count(), MedicalCentre.objects.count())
    seed(io.StringIO())

    # Then nothing is duplicated and five provinces have branches
    assert counts == (
        Branch.objects.count(),
        Agency.objects.count(),
        MedicalCentre.objects.count(),
    )
    assert (
        Province.objects.filter(
            slug__in=["tehran", "isfahan", "khorasan-razavi", "fars", "east-azerbaijan"]
        ).count()
        == 5
    )
    assert Branch.objects.values("province").distinct().count() >= 5
    assert Branch.objects.get(code="1001").name == "شعبه ۱ تهران"
    assert Branch.objects.filter(kind="satellite").exists()
    assert Agency.objects.filter(accepts_medical_documents=True).exists()
    assert MedicalCentre.objects.filter(ownership="owned").exists()
    assert MedicalCentre.objects.filter(ownership="contracted").exists()

    # And the demo staff work at Tehran 1 (head) and Isfahan 1 (reviewer)
    head = StaffMembership.objects.get(user__national_code="0084575948")
    reviewer = StaffMembership.objects.get(user__national_code="0067749828")
    assert (head.branch.code, head.role) == ("1001", StaffRole.HEAD)
    assert (reviewer.branch.code, reviewer.role) == ("2001", StaffRole.REVIEWER)

    # And holidays are left to their migration: the demo adds none
    assert Holiday.objects.count() == holidays_before


def test_seed_skips_missing_staff_with_a_note():
    # Given no demo accounts
    out = io.StringIO()

    # When the seed runs
    seed(out)

    # Then no membership exists and the output says why
    assert not StaffMembership.objects.exists()
    assert "not found" in out.getvalue()
