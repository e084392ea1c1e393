"""The commissions demo: a commission at the demo branch with 30 days of slots, offered on the
demo insured person's request page; seeding twice adds nothing."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from branches.models import AppointmentService, Slot
from insured.demo.commissions import SERVICE_NAME, seed
from insured.models.commissions import CommissionService
from tests.branches.factories import BranchFactory
from tests.insured.factories_commissions import insured_user

pytestmark = pytest.mark.django_db


def test_without_the_demo_branch_the_seed_says_so():
    out = io.StringIO()
    seed(out)
    assert "skipped" in out.getvalue()
    assert not CommissionService.objects.exists()


def test_the_demo_commission_is_seeded_once_and_offered(client):
    BranchFactory(code="1001")
    seed(io.StringIO())
    counts = (CommissionService.objects.count(), Slot.objects.count())
    seed(io.StringIO())
    assert (CommissionService.objects.count(), Slot.objects.count()) == counts
    commission = CommissionService.objects.get()
    assert commission.service.branch.code == "1001"
    assert commission.service.name == SERVICE_NAME
    assert AppointmentService.objects.get().slot_minutes == 30
    assert counts[1] > 0
    assert set(Slot.objects.values_list("capacity", flat=True)) == {1}
    client.force_login(insured_user())
    page = client.get(reverse("insured:commission_new")).content.decode()
    assert 'name="slot_id"' in page
