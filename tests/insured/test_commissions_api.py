"""Commissions API: places and free slots, a request filed with its slot (multipart), the race
answer `slot_full` with nothing stored, cancel and book again; strangers and accounts with no
insured record get 404."""

from __future__ import annotations

import pytest

from branches.models import Case, Slot
from insured.models.commissions import CommissionRequest
from tamin.accounts.services import api_sign_in_create
from tests.accounts.factories import UserFactory
from tests.branches.factories_cases import pdf_upload
from tests.insured.factories_commissions import commission_with_slots, insured_user

pytestmark = pytest.mark.django_db

BASE = "/api/v1/insured/commissions/"


def _bearer(user) -> dict:
    token = api_sign_in_create(user=user, device_name="test").access
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _slots(commission):
    return list(Slot.objects.filter(service=commission.service).order_by("starts_at"))


def test_places_slots_file_cancel_and_book_again(client):
    user = insured_user()
    headers = _bearer(user)
    commission = commission_with_slots(slots=2)
    places = client.get(BASE + "places/", **headers).json()
    assert [place["id"] for place in places] == [commission.pk]
    slots = client.get(BASE + f"places/{commission.pk}/slots/", **headers).json()
    assert [slot["id"] for slot in slots] == [slot.pk for slot in _slots(commission)]
    data = {
        "commission_id": commission.pk,
        "reason": "partial_disability",
        "slot_id": slots[0]["id"],
        "documents": [pdf_upload()],
    }
    created = client.post(BASE + "requests/", data, **headers)
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "forwarded"
    assert body["booking"]["status"] == "booked"
    assert body["may_cancel_booking"] is True
    cancelled = client.post(BASE + f"requests/{body['id']}/cancel-booking/", **headers).json()
    assert cancelled["booking"]["status"] == "cancelled"
    assert cancelled["may_book"] is True
    assert cancelled["status"] == "forwarded"
    booked = client.post(
        BASE + f"requests/{body['id']}/book/", {"slot_id": slots[1]["id"]}, **headers
    )
    assert booked.status_code == 200
    assert booked.json()["booking"]["status"] == "booked"


def test_a_taken_slot_answers_slot_full_and_stores_nothing(client):
    user = insured_user()
    commission = commission_with_slots(slots=1)
    slot = _slots(commission)[0]
    Slot.objects.filter(pk=slot.pk).update(booked=1)
    data = {"commission_id": commission.pk, "reason": "total_disability", "slot_id": slot.pk}
    response = client.post(BASE + "requests/", data, **_bearer(user))
    assert response.status_code == 400
    assert response.json()["code"] == "slot_full"
    assert not CommissionRequest.objects.exists()
    assert not Case.objects.filter(applicant=user).exists()


def test_a_strangers_request_is_404_and_an_uninsured_account_gets_404(client):
    owner = insured_user()
    commission = commission_with_slots(slots=2)
    data = {"commission_id": commission.pk, "reason": "review", "slot_id": _slots(commission)[0].pk}
    created = client.post(BASE + "requests/", data, **_bearer(owner)).json()
    stranger = _bearer(insured_user())
    assert client.get(BASE + f"requests/{created['id']}/", **stranger).status_code == 404
    url = BASE + f"requests/{created['id']}/cancel-booking/"
    assert client.post(url, **stranger).status_code == 404
    url = BASE + f"requests/{created['id']}/book/"
    assert client.post(url, {"slot_id": _slots(commission)[1].pk}, **stranger).status_code == 404
    assert CommissionRequest.objects.get().booking.status == "booked"
    uninsured = _bearer(UserFactory(roles=[]))
    assert client.get(BASE + "requests/", **uninsured).status_code == 404
    assert client.post(BASE + "requests/", data, **uninsured).status_code == 404
