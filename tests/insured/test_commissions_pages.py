"""Medical commission pages: file with a slot and records, see the request (Jalali time,
booking code), cancel and book again; strangers get 404; bad input changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from branches.models import BookingStatus, Case, Slot
from insured.models.commissions import CommissionRequest
from tests.accounts.factories import UserFactory
from tests.branches.factories_cases import pdf_upload
from tests.insured.factories_commissions import (
    CommissionServiceFactory,
    commission_with_slots,
    insured_user,
)

pytestmark = pytest.mark.django_db


def _slots(commission):
    return list(Slot.objects.filter(service=commission.service).order_by("starts_at"))


def _post_new(client, commission, **data):
    url = reverse("insured:commission_new") + f"?commission={commission.pk}"
    return client.post(url, {"reason": "total_disability", **data})


def test_the_new_page_offers_the_free_times_of_the_only_commission(client):
    user = insured_user()
    commission = commission_with_slots(slots=2)
    client.force_login(user)
    page = client.get(reverse("insured:commission_new"))
    assert page.status_code == 200
    text = page.content.decode()
    for slot in _slots(commission):
        assert f'value="{slot.pk}"' in text
    assert "۰۹:۰۰" in text
    assert "۰۹:۳۰" in text


def test_filing_books_the_slot_and_the_request_page_shows_it_in_jalali(client):
    user = insured_user()
    commission = commission_with_slots(slots=2)
    slot = _slots(commission)[1]
    client.force_login(user)
    response = _post_new(client, commission, slot_id=str(slot.pk), documents=[pdf_upload()])
    request = CommissionRequest.objects.get(applicant=user)
    assert response.status_code == 302
    assert response["Location"] == reverse("insured:commission_detail", args=[request.pk])
    page = client.get(response["Location"]).content.decode()
    assert "۰۹:۳۰" in page
    assert request.booking.code in page  # a booking code has Latin letters: kept as is
    assert 'dir="ltr"' in page
    assert "لغو نوبت" in page


def test_no_time_chosen_changes_nothing_and_says_so(client):
    user = insured_user()
    commission = commission_with_slots()
    client.force_login(user)
    response = _post_new(client, commission, slot_id="")
    assert response.status_code == 400
    assert "زمان کمیسیون را انتخاب کنید" in response.content.decode()
    assert not Case.objects.filter(applicant=user).exists()


def test_a_taken_time_answers_in_persian_and_changes_nothing(client):
    user = insured_user()
    commission = commission_with_slots(slots=1)
    slot = _slots(commission)[0]
    Slot.objects.filter(pk=slot.pk).update(booked=1)
    client.force_login(user)
    response = _post_new(client, commission, slot_id=str(slot.pk))
    assert response.status_code == 400
    assert "ساعت دیگری را انتخاب کنید" in response.content.decode()
    assert not CommissionRequest.objects.exists()
    assert not Case.objects.filter(applicant=user).exists()


def test_cancel_then_book_a_new_time_from_the_request_page(client):
    user = insured_user()
    commission = commission_with_slots(slots=3)
    first, _second, third = _slots(commission)
    client.force_login(user)
    _post_new(client, commission, slot_id=str(first.pk))
    request = CommissionRequest.objects.get(applicant=user)
    cancel = client.post(reverse("insured:commission_cancel_booking", args=[request.pk]))
    assert cancel.status_code == 302
    page = client.get(reverse("insured:commission_detail", args=[request.pk])).content.decode()
    assert "در انتظار زمان تازه" in page
    assert f'value="{third.pk}"' in page
    client.post(reverse("insured:commission_book", args=[request.pk]), {"slot_id": str(third.pk)})
    request.refresh_from_db()
    assert request.booking.slot_id == third.pk
    assert request.booking.status == BookingStatus.BOOKED


def test_a_strangers_request_is_404_on_every_page(client):
    owner = insured_user()
    commission = commission_with_slots(slots=2)
    client.force_login(owner)
    _post_new(client, commission, slot_id=str(_slots(commission)[0].pk))
    request = CommissionRequest.objects.get(applicant=owner)
    client.force_login(insured_user())
    assert client.get(reverse("insured:commission_detail", args=[request.pk])).status_code == 404
    url = reverse("insured:commission_cancel_booking", args=[request.pk])
    assert client.post(url).status_code == 404
    url = reverse("insured:commission_book", args=[request.pk])
    assert client.post(url, {"slot_id": str(_slots(commission)[1].pk)}).status_code == 404
    request.refresh_from_db()
    assert request.booking.status == BookingStatus.BOOKED


def test_an_account_without_an_insured_record_is_told_so(client):
    commission_with_slots()
    client.force_login(UserFactory())
    page = client.get(reverse("insured:commission_new"))
    assert page.status_code == 200
    assert "پرونده بیمه‌شده‌ای ثبت نشده" in page.content.decode()


def test_several_commissions_are_chosen_first(client):
    commission_with_slots()
    CommissionServiceFactory()
    client.force_login(insured_user())
    page = client.get(reverse("insured:commission_new"))
    assert "محل کمیسیون را انتخاب کنید" in page.content.decode()


def test_my_requests_page_reads_in_a_few_queries(client, django_assert_max_num_queries):
    user = insured_user()
    client.force_login(user)
    for _ in range(3):
        commission = commission_with_slots(slots=1)
        _post_new(client, commission, slot_id=str(_slots(commission)[0].pk))
        Case.objects.filter(applicant=user).update(status="closed")
    assert CommissionRequest.objects.filter(applicant=user).count() == 3
    with django_assert_max_num_queries(6):
        page = client.get(reverse("insured:commissions"))
    assert page.status_code == 200
    assert page.content.decode().count("table-stack") == 1


def test_an_empty_post_answers_the_missing_fields(client):
    user = insured_user()
    commission = commission_with_slots()
    client.force_login(user)
    url = reverse("insured:commission_new") + f"?commission={commission.pk}"
    response = client.post(url, {})
    assert response.status_code == 400
    assert "زمان کمیسیون را انتخاب کنید" in response.content.decode()
    assert not CommissionRequest.objects.exists()


def test_no_latin_digit_outside_codes_on_the_commission_pages(client):
    from tests.persian_text import LATIN_DIGITS, text_outside_codes

    user = insured_user()
    commission = commission_with_slots(slots=2)
    branch = commission.service.branch
    branch.name = "شعبه یک"
    branch.save(update_fields=["name"])
    branch.city.name = "کرج"
    branch.city.save(update_fields=["name"])
    client.force_login(user)
    _post_new(client, commission, slot_id=str(_slots(commission)[0].pk))
    request = CommissionRequest.objects.get(applicant=user)
    for url in (
        reverse("insured:commissions"),
        reverse("insured:commission_new"),
        reverse("insured:commission_detail", args=[request.pk]),
    ):
        text = text_outside_codes(client.get(url).content.decode())
        assert not LATIN_DIGITS.search(text), (url, LATIN_DIGITS.findall(text))
