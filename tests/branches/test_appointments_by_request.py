"""A by-request appointment service (a medical commission) is absent from the public
appointment pages and refused by the public booking; the app that owns the request books it
with `on_request=True`, and the holder of such a booking may move it within the service."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from branches.models import AppointmentService, Booking
from branches.selectors.appointments import (
    appointment_calendar_month,
    appointment_places_list,
    services_for_place,
    slot_get_bookable,
    slots_for_service,
)
from branches.services.appointments import appointment_service_mark_by_request, booking_create
from notifications.models import Notification
from tamin.core.exceptions import ApplicationError
from tamin.core.models import AuditLog
from tests.accounts.factories import UserFactory
from tests.branches.factories import BranchFactory
from tests.branches.factories_appointments import (
    AppointmentServiceFactory,
    BookingFactory,
    SlotFactory,
    calendar_day_params,
)

pytestmark = pytest.mark.django_db


def _by_request_slot(**service_fields):
    service = AppointmentServiceFactory(
        name="کمیسیون پزشکی", by_request_only=True, **service_fields
    )
    return SlotFactory(service=service)


def test_a_branch_offering_only_a_by_request_service_is_not_listed_nor_opened(client):
    # Given a branch whose only service is a commission
    slot = _by_request_slot()
    branch_id = slot.service.branch_id

    # Then the places page does not list it and its services page is a 404
    html = client.get(reverse("branches:appointments")).content.decode()
    assert reverse("branches:appointment_services", args=["branch", branch_id]) not in html
    assert not appointment_places_list(kind="branch").filter(pk=branch_id).exists()
    services_url = reverse("branches:appointment_services", args=["branch", branch_id])
    assert client.get(services_url).status_code == 404


def test_a_branch_with_a_public_service_too_lists_only_that_one(client):
    # Given a branch with a public service and a commission
    public = AppointmentServiceFactory(name="تعویض دفترچه")
    slot = _by_request_slot(branch=public.branch)

    # When anyone opens the branch's services
    response = client.get(
        reverse("branches:appointment_services", args=["branch", public.branch_id])
    )

    # Then the public service is offered, the commission is not
    html = response.content.decode()
    assert response.status_code == 200
    assert "تعویض دفترچه" in html
    assert "کمیسیون پزشکی" not in html
    assert reverse("branches:appointment_calendar", args=[slot.service_id]) not in html
    assert list(services_for_place(place=public.branch)) == [public]
    assert list(appointment_places_list(kind="branch")) == [public.branch]


def test_the_calendar_of_a_by_request_service_is_404_signed_in_or_not(client):
    slot = _by_request_slot()
    url = reverse("branches:appointment_calendar", args=[slot.service_id])
    assert client.get(url, calendar_day_params(slot)).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url, calendar_day_params(slot)).status_code == 404


def test_the_slots_of_a_by_request_service_are_read_only_on_request():
    slot = _by_request_slot()
    day = timezone.localtime(slot.starts_at).date()
    assert not slots_for_service(service_id=slot.service_id, from_date=day, to_date=day).exists()
    assert slot_get_bookable(slot_id=slot.pk) is None
    on_request = slots_for_service(
        service_id=slot.service_id, from_date=day, to_date=day, on_request=True
    )
    assert list(on_request) == [slot]
    assert slot_get_bookable(slot_id=slot.pk, on_request=True) == slot


def test_the_month_calendar_counts_no_seat_of_a_by_request_service_unless_on_request():
    slot = _by_request_slot()
    params = calendar_day_params(slot)
    year, month = (int(part) for part in params["month"].split("-"))

    def seats(**kwargs) -> int:
        calendar = appointment_calendar_month(
            service=slot.service, year=year, month=month, **kwargs
        )
        return sum(cell.free_seats for week in calendar.weeks for cell in week if cell)

    assert seats() == 0
    assert seats(on_request=True) == 1


def test_the_public_confirmation_page_does_not_show_a_by_request_slot(client):
    slot = _by_request_slot()
    client.force_login(UserFactory())
    response = client.get(reverse("branches:appointment_book"), {"slot_id": slot.pk}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("branches:appointments")
    assert "این ساعت دیگر خالی نیست" in html
    assert "کمیسیون پزشکی" not in html


def test_the_public_booking_refuses_a_by_request_slot_and_changes_nothing(client):
    # Given a free commission slot and a signed-in citizen who knows its id
    slot = _by_request_slot()
    person = UserFactory()
    client.force_login(person)

    # When they post it to the public booking
    response = client.post(reverse("branches:appointment_book"), {"slot_id": slot.pk}, follow=True)

    # Then they are told in Persian; no booking, no seat taken, no message
    assert "فقط همراه درخواست مربوط" in response.content.decode()
    assert not Booking.objects.exists()
    slot.refresh_from_db()
    assert slot.booked == 0
    assert not Notification.objects.filter(user=person).exists()


def test_booking_create_books_a_by_request_slot_only_on_request():
    slot = _by_request_slot()
    person = UserFactory()
    with pytest.raises(ApplicationError) as refused:
        booking_create(person=person, slot_id=slot.pk)
    assert refused.value.code == "slot_by_request"
    assert not Booking.objects.exists()

    booking = booking_create(person=person, slot_id=slot.pk, on_request=True)

    slot.refresh_from_db()
    assert booking.slot_id == slot.pk
    assert slot.booked == 1


def test_the_holder_of_a_by_request_booking_moves_it_within_its_service_only(client):
    # Given a commission booking and a later free time of the same commission
    booking = BookingFactory(slot=_by_request_slot())
    later = SlotFactory(
        service=booking.slot.service, starts_at=booking.slot.starts_at + dt.timedelta(hours=1)
    )
    other = _by_request_slot()
    client.force_login(booking.person)
    url = reverse("branches:appointment_reschedule", args=[booking.pk])

    # Then the reschedule page offers the later time, and confirms it
    assert f'value="{later.pk}"' in client.get(url, calendar_day_params(later)).content.decode()
    assert client.get(url, {"slot_id": later.pk}).status_code == 200
    # But a slot of another commission is not offered for confirmation
    response = client.get(url, {"slot_id": other.pk})
    assert response.status_code == 302

    # When they move it
    client.post(url, {"slot_id": later.pk})

    # Then the booking moved
    booking.refresh_from_db()
    assert booking.slot_id == later.pk


def test_marking_a_service_by_request_is_audited_once():
    service = AppointmentServiceFactory()
    staff = UserFactory(is_staff=True)

    assert appointment_service_mark_by_request(service_id=service.pk, actor=staff) is True
    assert appointment_service_mark_by_request(service_id=service.pk, actor=staff) is False

    service.refresh_from_db()
    assert service.by_request_only is True
    audit = AuditLog.objects.get(action="appointment.service_by_request")
    assert (audit.actor, audit.target_id) == (staff, str(service.pk))
    with pytest.raises(ApplicationError):
        appointment_service_mark_by_request(service_id=service.pk + 1000)


def test_a_new_service_is_open_to_everyone_by_default():
    service = AppointmentService.objects.create(name="خدمت تازه", branch=BranchFactory())
    assert service.by_request_only is False
