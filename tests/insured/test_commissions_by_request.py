"""A commission's appointment service is by-request only: marked so by the admin, the demo and
the data migration; the public appointment pages neither offer nor book its slots, and the
commission request (page, API, booking again) still books them."""

from __future__ import annotations

import importlib
import io

import pytest
from django.apps import apps
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from branches.models import AppointmentService, Booking, BookingStatus, Slot
from insured.demo.commissions import seed
from insured.models.commissions import CommissionRequest, CommissionService
from insured.services.commissions import commission_booking_cancel, commission_slot_book
from tamin.core.models import AuditLog
from tests.accounts.factories import staff_with_totp
from tests.branches.factories import BranchFactory
from tests.branches.factories_appointments import AppointmentServiceFactory, calendar_day_params
from tests.branches.factories_cases import pdf_upload
from tests.insured.factories_commissions import commission_with_slots, insured_user

pytestmark = pytest.mark.django_db


def _slots(commission) -> list[Slot]:
    return list(Slot.objects.filter(service=commission.service).order_by("starts_at"))


def _public_pages_hide(client, service: AppointmentService, slot: Slot) -> None:
    """Neither the places page, the branch's services page, the calendar nor the
    confirmation page shows the service or its slot."""
    places = client.get(reverse("branches:appointments")).content.decode()
    assert service.name not in places
    services = client.get(
        reverse("branches:appointment_services", args=["branch", service.branch_id])
    )
    assert services.status_code == 404 or service.name not in services.content.decode()
    calendar = reverse("branches:appointment_calendar", args=[service.pk])
    assert client.get(calendar, calendar_day_params(slot)).status_code == 404
    confirm = client.get(reverse("branches:appointment_book"), {"slot_id": slot.pk})
    assert confirm.status_code == 302


def test_the_admin_marking_a_commission_makes_its_service_by_request_only(client):
    # Given a superuser in the admin and a public appointment service
    user, device = staff_with_totp(is_superuser=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    service = AppointmentServiceFactory(name="کمیسیون پزشکی")
    assert service.by_request_only is False

    # When they mark it as a commission
    response = client.post(
        "/admin/insured/commissionservice/add/", {"service": service.pk, "is_active": "on"}
    )

    # Then it is booked only with a request, and who did it is recorded
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.by_request_only is True
    audit = AuditLog.objects.get(action="appointment.service_by_request")
    assert (audit.actor, audit.target_id) == (user, str(service.pk))


def test_the_demo_commission_is_by_request_only_and_absent_from_the_public_pages(client):
    BranchFactory(code="1001")
    seed(io.StringIO())
    commission = CommissionService.objects.get()
    assert commission.service.by_request_only is True
    client.force_login(insured_user())
    _public_pages_hide(client, commission.service, _slots(commission)[0])
    # while the commission's own page offers its times
    page = client.get(reverse("insured:commission_new")).content.decode()
    assert f'value="{_slots(commission)[0].pk}"' in page


def test_the_public_booking_refuses_a_commission_slot_the_request_then_books_it(client):
    # Given a commission with a free slot, and an insured person who found its id
    commission = commission_with_slots(slots=2)
    slot = _slots(commission)[0]
    user = insured_user()
    client.force_login(user)
    _public_pages_hide(client, commission.service, slot)

    # When they post it to the public booking, nothing is booked
    refused = client.post(reverse("branches:appointment_book"), {"slot_id": slot.pk}, follow=True)
    assert "فقط همراه درخواست مربوط" in refused.content.decode()
    assert not Booking.objects.exists()
    slot.refresh_from_db()
    assert slot.booked == 0

    # When they file the commission request with that slot
    url = reverse("insured:commission_new") + f"?commission={commission.pk}"
    response = client.post(
        url, {"reason": "total_disability", "slot_id": str(slot.pk), "documents": [pdf_upload()]}
    )

    # Then the request books it
    assert response.status_code == 302
    request = CommissionRequest.objects.get(applicant=user)
    assert request.booking.slot_id == slot.pk
    assert request.booking.status == BookingStatus.BOOKED
    slot.refresh_from_db()
    assert slot.booked == 1

    # And after cancelling, booking again through the request works too
    commission_booking_cancel(user=user, request_id=request.pk)
    other = _slots(commission)[1]
    request = commission_slot_book(user=user, request_id=request.pk, slot_id=other.pk)
    assert request.booking.slot_id == other.pk


def test_the_api_offers_and_books_a_commission_slot(client):
    commission = commission_with_slots(slots=1)
    slot = _slots(commission)[0]
    user = insured_user()
    client.force_login(user)
    slots = client.get(f"/api/v1/insured/commissions/places/{commission.pk}/slots/")
    assert slots.status_code == 200
    assert [row["id"] for row in slots.json()] == [slot.pk]
    response = client.post(
        "/api/v1/insured/commissions/requests/",
        {
            "commission_id": commission.pk,
            "reason": "total_disability",
            "slot_id": slot.pk,
            "documents": [pdf_upload()],
        },
    )
    assert response.status_code == 201, response.content
    assert Booking.objects.get().slot_id == slot.pk


def test_the_data_migration_marks_the_services_of_existing_commissions_only():
    migration = importlib.import_module(
        "insured.migrations.0008_commission_services_by_request_only"
    )
    commission = commission_with_slots(slots=0)
    AppointmentService.objects.filter(pk=commission.service_id).update(by_request_only=False)
    public = AppointmentServiceFactory()

    migration.mark_commission_services(apps, None)

    commission.service.refresh_from_db()
    public.refresh_from_db()
    assert commission.service.by_request_only is True
    assert public.by_request_only is False
