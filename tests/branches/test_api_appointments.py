"""Appointments API (/api/v1/appointments/…): the bookable services and their free slots
(public), booking and cancelling through the booking page's services (their rules and
their SMS), my appointments; anyone else's appointment is 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from branches.models import Booking, BookingStatus, Slot
from notifications.models import Notification
from tamin.core.models import AuditLog
from tests.accounts.factories import UserFactory
from tests.branches.factories import BranchFactory, CityFactory, MedicalCentreFactory
from tests.branches.factories_appointments import (
    AppointmentServiceFactory,
    BookingFactory,
    CentreServiceFactory,
    SlotFactory,
    tehran,
    tomorrow_at,
)

pytestmark = pytest.mark.django_db

BASE = "/api/v1/appointments/"


def _signed_in(client, user) -> None:
    """The app's session (the API takes the bearer token or the browser's session alike;
    the token itself is tested in tests/accounts)."""
    client.force_login(user)


def test_services_anyone_may_book_with_their_place(client):
    city = CityFactory(name="کرج")
    branch = BranchFactory(code="3100", name="شعبه ۳ کرج", city=city, province=city.province)
    offered = AppointmentServiceFactory(name="تشکیل پرونده", branch=branch)
    AppointmentServiceFactory(name="کمیسیون پزشکی", branch=branch, by_request_only=True)
    AppointmentServiceFactory(name="خدمت بسته", branch=branch, is_active=False)
    AppointmentServiceFactory(branch=BranchFactory(is_active=False))
    centre_service = CentreServiceFactory(name="ویزیت عمومی")
    # when anyone lists the services
    body = client.get(BASE + "services/").json()
    # then the two bookable ones, never a by-request, closed one or one of a closed place
    assert body["count"] == 2
    assert {row["id"] for row in body["results"]} == {offered.pk, centre_service.pk}
    row = next(r for r in body["results"] if r["id"] == offered.pk)
    assert row["name"] == "تشکیل پرونده"
    assert row["slot_minutes"] == 15
    assert row["specialty"] is None
    assert row["place"] == {
        "kind": "branch",
        "id": branch.pk,
        "code": "3100",
        "name": "شعبه ۳ کرج",
        "province": city.province.name,
        "city": "کرج",
        "address": branch.address,
        "phone": branch.phone,
    }


def test_services_by_kind_province_city_and_place(client):
    karaj = CityFactory()
    branch = BranchFactory(city=karaj, province=karaj.province)
    here = AppointmentServiceFactory(branch=branch)
    AppointmentServiceFactory()
    centre = MedicalCentreFactory(city=karaj, province=karaj.province)
    at_centre = CentreServiceFactory(medical_centre=centre)

    def ids(**query):
        return {row["id"] for row in client.get(BASE + "services/", query).json()["results"]}

    assert ids(province=karaj.province_id) == {here.pk, at_centre.pk}
    assert ids(city=karaj.pk, kind="branch") == {here.pk}
    assert ids(kind="centre", province=karaj.province_id) == {at_centre.pk}
    assert ids(kind="branch", place=branch.pk) == {here.pk}
    # a place id means nothing without its kind
    response = client.get(BASE + "services/", {"place": branch.pk})
    assert response.status_code == 400
    assert set(response.json()["extra"]["fields"]) == {"kind"}


def test_free_future_slots_of_a_service(client):
    service = AppointmentServiceFactory()
    free = SlotFactory(service=service, starts_at=tomorrow_at(9), capacity=3)
    SlotFactory(service=service, starts_at=tomorrow_at(10), capacity=1, booked=1)  # full
    SlotFactory(service=service, starts_at=timezone.now() - dt.timedelta(hours=1))  # past
    later = tehran(timezone.localdate() + dt.timedelta(days=20), 9)
    SlotFactory(service=service, starts_at=later)  # beyond the default 14 days
    body = client.get(BASE + f"services/{service.pk}/slots/").json()
    assert body == [
        {
            "id": free.pk,
            "starts_at": timezone.localtime(free.starts_at).isoformat(),
            "ends_at": timezone.localtime(free.ends_at).isoformat(),
            "free_seats": 3,
        }
    ]
    wider = client.get(BASE + f"services/{service.pk}/slots/", {"days": 31}).json()
    assert len(wider) == 2
    assert client.get(BASE + f"services/{service.pk}/slots/", {"days": 32}).status_code == 400
    # a start in the past reads from today; one far ahead finds nothing (never an error)
    url = BASE + f"services/{service.pk}/slots/"
    assert len(client.get(url, {"start": "0001-01-01"}).json()) == 1
    assert client.get(url, {"start": "9999-12-31", "days": 31}).json() == []


def test_a_by_request_service_has_no_public_slots(client):
    service = AppointmentServiceFactory(by_request_only=True)
    SlotFactory(service=service)
    assert client.get(BASE + f"services/{service.pk}/slots/").status_code == 404


def test_booking_takes_a_seat_and_texts_the_code(client):
    person = UserFactory(mobile="09121234567")
    slot = SlotFactory(capacity=2, starts_at=tomorrow_at(9, 30))
    _signed_in(client, person)
    response = client.post(BASE, {"slot_id": slot.pk}, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    booking = Booking.objects.get(person=person)
    assert (body["id"], body["code"], body["status"]) == (booking.pk, booking.code, "booked")
    assert body["status_label"] == "رزرو شده"
    assert body["service_id"] == slot.service_id
    assert body["place"]["code"] == slot.service.branch.code
    assert body["may_cancel"] is True
    slot.refresh_from_db()
    assert slot.booked == 1
    sms = Notification.objects.get(template_key="appointment_confirmed", channel="sms")
    assert sms.to_address == "09121234567"
    assert booking.code in sms.body
    assert AuditLog.objects.filter(action="appointment.booked", target_id=str(booking.pk)).exists()


@pytest.mark.parametrize(
    ("setup", "code"),
    [
        ("full", "slot_full"),
        ("by_request", "slot_by_request"),
        ("same_day", "booking_same_day"),
        ("missing", "slot_missing"),
    ],
)
def test_the_booking_pages_rules_hold_and_nothing_is_booked(client, setup, code):
    person = UserFactory()
    slot = SlotFactory(starts_at=tomorrow_at(11))
    if setup == "full":
        Slot.objects.filter(pk=slot.pk).update(booked=1)
    elif setup == "by_request":
        slot.service.by_request_only = True
        slot.service.save()
    elif setup == "same_day":
        BookingFactory(
            person=person, slot=SlotFactory(service=slot.service, starts_at=tomorrow_at(8))
        )
    slot_id = slot.pk + 1000 if setup == "missing" else slot.pk
    before = Booking.objects.count()
    _signed_in(client, person)
    response = client.post(BASE, {"slot_id": slot_id}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert response.json()["message"]
    assert Booking.objects.count() == before
    assert not Notification.objects.filter(template_key="appointment_confirmed").exists()


def test_booking_needs_sign_in(client):
    slot = SlotFactory()
    response = client.post(BASE, {"slot_id": slot.pk}, content_type="application/json")
    assert response.status_code in (401, 403)
    assert not Booking.objects.exists()


def test_my_appointments_newest_first_only_mine(client, django_assert_max_num_queries):
    person = UserFactory()
    early = BookingFactory(person=person, slot=SlotFactory(starts_at=tomorrow_at(8)))
    late = BookingFactory(
        person=person,
        slot=SlotFactory(service=CentreServiceFactory(), starts_at=tomorrow_at(12)),
    )
    for hour in (9, 10, 11):
        BookingFactory(person=person, slot=SlotFactory(starts_at=tomorrow_at(hour)))
    BookingFactory()  # someone else's
    _signed_in(client, person)
    with django_assert_max_num_queries(8):
        body = client.get(BASE).json()
    assert body["count"] == 5
    assert body["results"][0]["id"] == late.pk
    assert body["results"][0]["place"]["kind"] == "centre"
    assert body["results"][-1]["id"] == early.pk


def test_one_of_mine_and_404_for_anyone_elses(client):
    person = UserFactory()
    mine = BookingFactory(person=person)
    theirs = BookingFactory()
    _signed_in(client, person)
    assert client.get(BASE + f"{mine.pk}/").json()["code"] == mine.code
    assert client.get(BASE + f"{theirs.pk}/").status_code == 404
    assert client.get(BASE + f"{theirs.pk + 1000}/").status_code == 404


def test_cancel_frees_the_seat_and_texts(client):
    person = UserFactory()
    booking = BookingFactory(person=person, slot=SlotFactory(starts_at=tomorrow_at(9)))
    _signed_in(client, person)
    response = client.post(BASE + f"{booking.pk}/cancel/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["may_cancel"]) == ("cancelled", False)
    assert body["cancelled_at"] is not None
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert booking.slot.booked == 0
    sms = Notification.objects.get(template_key="appointment_cancelled", channel="sms")
    assert booking.code in sms.body
    # a second cancel: no longer live
    again = client.post(BASE + f"{booking.pk}/cancel/")
    assert again.status_code == 400
    assert again.json()["code"] == "booking_not_live"


def test_cancelling_anyone_elses_is_404_and_changes_nothing(client):
    theirs = BookingFactory()
    _signed_in(client, UserFactory())
    assert client.post(BASE + f"{theirs.pk}/cancel/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == BookingStatus.BOOKED
    assert not Notification.objects.filter(template_key="appointment_cancelled").exists()


def test_a_past_appointment_cannot_be_cancelled(client):
    person = UserFactory()
    booking = BookingFactory(
        person=person, slot=SlotFactory(starts_at=timezone.now() - dt.timedelta(hours=2))
    )
    _signed_in(client, person)
    response = client.post(BASE + f"{booking.pk}/cancel/")
    assert response.status_code == 400
    assert response.json()["code"] == "booking_past"


def test_a_page_of_services_is_a_count_and_one_read(client, django_assert_max_num_queries):
    for _ in range(6):
        AppointmentServiceFactory()
        CentreServiceFactory()
    with django_assert_max_num_queries(2):
        body = client.get(BASE + "services/").json()
    assert body["count"] == 12
    assert {row["place"]["kind"] for row in body["results"]} == {"branch", "centre"}
