"""Staff mark an appointment service as a medical commission in the admin."""

from __future__ import annotations

import pytest
from django_otp import DEVICE_ID_SESSION_KEY

from insured.models.commissions import CommissionService
from tests.accounts.factories import staff_with_totp
from tests.branches.factories_appointments import AppointmentServiceFactory

pytestmark = pytest.mark.django_db


def test_a_superuser_adds_a_commission_in_the_admin(client):
    user, device = staff_with_totp(is_superuser=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id  # the admin demands a second factor
    session.save()
    service = AppointmentServiceFactory(name="کمیسیون پزشکی")
    assert client.get("/admin/insured/commissionservice/").status_code == 200
    response = client.post(
        "/admin/insured/commissionservice/add/", {"service": service.pk, "is_active": "on"}
    )
    assert response.status_code == 302
    assert CommissionService.objects.get().service == service
    assert service.branch.name in client.get("/admin/insured/commissionservice/").content.decode()
