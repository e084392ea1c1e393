"""The medical-claims demo: the agency's staff member signs in like the branch staff (TOTP)
and sees only her agency's queue; the demo insured person's two claims — one accepted for
less than claimed, one waiting at the agency."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from branches.demo import directory as demo_directory
from branches.models import CaseStatus
from branches.selectors.staff import agency_memberships_for_user, staff_memberships_for_user
from insured.demo import medical_claims as demo
from insured.demo import records as demo_records
from insured.models.medical_claims import MedicalClaim
from tamin.accounts.demo import accounts as accounts_demo
from tamin.accounts.models import Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_store(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"


def _seed_all() -> str:
    accounts_demo.seed(io.StringIO())
    demo_directory.seed(io.StringIO())
    demo_records.seed(io.StringIO())
    out = io.StringIO()
    demo.seed(out)
    return out.getvalue()


def test_the_demo_gives_an_agency_staff_member_and_two_claims_idempotently():
    out = _seed_all()
    demo.seed(io.StringIO())

    staff = User.objects.get(national_code=demo.STAFF_NATIONAL_CODE)
    assert staff.is_staff
    assert staff.check_password(accounts_demo.DEMO_PASSWORD)
    assert staff.roles.filter(role=Role.STAFF).exists()
    device = TOTPDevice.objects.get(user=staff)
    assert device.confirmed
    assert "otpauth://" in out
    assert [m.agency.code for m in agency_memberships_for_user(user=staff)] == ["A1001"]
    assert not staff_memberships_for_user(user=staff).exists()

    claims = list(MedicalClaim.objects.order_by("expense_date"))
    assert [(c.amount_claimed, c.amount_approved, c.case.status) for c in claims] == [
        (18_500_000, 15_200_000, CaseStatus.ACCEPTED),
        (4_350_000, None, CaseStatus.FORWARDED),
    ]
    assert {c.agency.code for c in claims} == {"A1001"}
    assert all(c.agency.accepts_medical_documents for c in claims)


def test_the_demo_staff_member_reads_her_agency_queue_and_the_person_her_claims(client):
    _seed_all()
    staff = User.objects.get(national_code=demo.STAFF_NATIONAL_CODE)
    client.force_login(staff)
    queue = client.get(reverse("branches:case_queue")).content.decode()
    waiting = MedicalClaim.objects.get(amount_approved__isnull=True)
    assert "کارگزاری رسمی ۱۱۰۱ تهران (آریا)" in queue
    assert waiting.case.tracking_code in queue
    assert queue.count('class="case-row') == 1

    maryam = User.objects.get(national_code=demo.INSURED_NATIONAL_CODE)
    client.force_login(maryam)
    accepted = MedicalClaim.objects.get(amount_approved__isnull=False)
    page = client.get(reverse("insured:medical_claim_detail", args=[accepted.pk]))
    assert "کسر شده: ۱۸٬۵۰۰٬۰۰۰ ریال − ۱۵٬۲۰۰٬۰۰۰ ریال = ۳٬۳۰۰٬۰۰۰ ریال" in (page.content.decode())


def test_without_the_directory_it_skips_with_a_note():
    out = io.StringIO()
    demo.seed(out)
    assert "skipped" in out.getvalue()
    assert not MedicalClaim.objects.exists()
