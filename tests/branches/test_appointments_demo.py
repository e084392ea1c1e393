"""The appointments demo seed: services, weekly hours and slots at the demo places, idempotent."""

import io

import pytest

from branches.demo.appointments import BRANCH_SERVICES, CENTRE_SERVICES, seed
from branches.models import AppointmentService, ServiceSchedule, Slot
from tests.branches.factories import BranchFactory, MedicalCentreFactory

pytestmark = pytest.mark.django_db


def test_seed_skips_without_places_then_fills_them_once():
    # Given no directory yet, the seed only says so
    out = io.StringIO()
    seed(out)
    assert "skipped" in out.getvalue()
    assert not AppointmentService.objects.exists()

    # When the directory exists and the seed runs twice
    BranchFactory.create_batch(4)
    MedicalCentreFactory.create_batch(1)
    seed(io.StringIO())
    counts = (
        AppointmentService.objects.count(),
        ServiceSchedule.objects.count(),
        Slot.objects.count(),
    )
    seed(io.StringIO())

    # Then 3 branches and the centre got their services, six working days a week, and slots
    assert counts[0] == 3 * len(BRANCH_SERVICES) + len(CENTRE_SERVICES)
    assert counts[1] == counts[0] * 6
    assert counts[2] > 0
    assert (
        AppointmentService.objects.count(),
        ServiceSchedule.objects.count(),
        Slot.objects.count(),
    ) == counts
    assert not ServiceSchedule.objects.filter(weekday=6).exists()
