"""Medical commission requests: a case and a booked slot, all or nothing; the booking while
the case is open; the decision releases a slot still ahead."""

from __future__ import annotations

import pytest
from django.utils import timezone

from branches.models import Booking, BookingStatus, Case, Slot
from branches.services.cases import case_decide, case_start_review
from insured.models.commissions import CommissionRequest
from insured.selectors.commissions import commission_request_state
from insured.services.commissions import (
    CASE_KIND,
    commission_booking_cancel,
    commission_request_file,
    commission_slot_book,
)
from notifications.models import Notification
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import format_code
from tests.branches.factories_appointments import SlotFactory, tomorrow_at
from tests.branches.factories_cases import pdf_upload, staff_member, upload
from tests.insured.factories_commissions import commission_with_slots, insured_user

pytestmark = pytest.mark.django_db


def _file(user, commission, slot, **kwargs):
    return commission_request_file(
        user=user,
        person=user.insured_person,
        commission_id=commission.pk,
        reason=kwargs.pop("reason", "total_disability"),
        slot_id=slot.pk,
        **kwargs,
    )


def _slots(commission):
    return list(Slot.objects.filter(service=commission.service).order_by("starts_at"))


def test_a_request_with_records_is_forwarded_to_the_commission_branch_and_books_the_slot():
    # given an insured person and a commission with free slots
    user = insured_user()
    commission = commission_with_slots()
    slot = _slots(commission)[1]
    # when they ask with their medical records and pick the second time
    request = _file(user, commission, slot, documents=[pdf_upload("report.pdf")])
    # then the case is at the commission's branch, forwarded, and the seat is theirs
    case = request.case
    assert case.kind == CASE_KIND
    assert case.branch_id == commission.service.branch_id
    assert case.status == "forwarded"
    assert case.documents.count() == 1
    assert request.booking.slot_id == slot.pk
    assert request.booking.person_id == user.pk
    assert Slot.objects.get(pk=slot.pk).booked == 1
    # and they got the appointment SMS and the forwarded SMS
    sms = set(
        Notification.objects.filter(user=user, channel="sms").values_list("template_key", flat=True)
    )
    assert {"appointment_confirmed", "case_forwarded"} <= sms


def test_without_medical_records_the_case_is_held_not_forwarded_but_the_slot_is_booked():
    user = insured_user()
    commission = commission_with_slots()
    request = _file(user, commission, _slots(commission)[0])
    case = Case.objects.get(pk=request.case_id)
    # held: saved as submitted, never forwarded to the branch's queue
    assert case.status == "submitted"
    assert case.forwarded_at is None
    assert case.due_date is None
    assert "مدارک پزشکی" in case.status_reason
    assert request.booking.status == BookingStatus.BOOKED


def test_a_full_slot_creates_nothing_and_says_to_pick_another_time():
    # given the only seat of a slot is taken
    user = insured_user()
    commission = commission_with_slots(slots=1)
    slot = _slots(commission)[0]
    Slot.objects.filter(pk=slot.pk).update(booked=1)
    # when the person asks for it
    with pytest.raises(ApplicationError) as caught:
        _file(user, commission, slot, documents=[pdf_upload()])
    # then a Persian message says to pick another time and nothing was made
    assert caught.value.code == "slot_full"
    assert "ساعت دیگری" in caught.value.message
    assert not Case.objects.filter(applicant=user).exists()
    assert not CommissionRequest.objects.exists()
    assert not Booking.objects.filter(person=user).exists()


def test_the_seat_taken_between_the_check_and_the_booking_rolls_everything_back(monkeypatch):
    # given the seat goes to someone else after the slot was checked, as in a race
    from branches.services import appointments

    user = insured_user()
    commission = commission_with_slots(slots=1)
    slot = _slots(commission)[0]
    real_take = appointments._seat_take

    def taken_meanwhile(*, slot_id, now):
        Slot.objects.filter(pk=slot_id).update(booked=1)
        return real_take(slot_id=slot_id, now=now)

    monkeypatch.setattr(appointments, "_seat_take", taken_meanwhile)
    # when the person files with documents
    with pytest.raises(ApplicationError) as caught:
        _file(user, commission, slot, documents=[pdf_upload()])
    # then the case, its document and its messages are gone with the failed booking
    assert caught.value.code == "slot_full"
    assert not Case.objects.filter(applicant=user).exists()
    assert not CommissionRequest.objects.exists()
    assert not Notification.objects.filter(user=user).exists()


def test_a_slot_of_another_service_is_refused():
    user = insured_user()
    commission = commission_with_slots()
    stranger_slot = SlotFactory(starts_at=tomorrow_at(15))
    with pytest.raises(ApplicationError):
        _file(user, commission, stranger_slot)
    assert not Case.objects.filter(applicant=user).exists()
    assert Slot.objects.get(pk=stranger_slot.pk).booked == 0


def test_a_second_request_while_one_is_open_is_refused_naming_the_first():
    user = insured_user()
    commission = commission_with_slots()
    first = _file(user, commission, _slots(commission)[0])
    with pytest.raises(ApplicationError) as caught:
        _file(user, commission, _slots(commission)[1])
    assert caught.value.code == "commission_open_request"
    assert CommissionRequest.objects.count() == 1
    assert Slot.objects.get(pk=_slots(commission)[1].pk).booked == 0
    assert format_code(first.case.tracking_code) in caught.value.message


def test_a_file_that_is_not_a_document_refuses_the_whole_request():
    user = insured_user()
    commission = commission_with_slots()
    slot = _slots(commission)[0]
    bad = upload("report.pdf", b"MZ\x90\x00 not a pdf at all", "application/pdf")
    with pytest.raises(ApplicationError):
        _file(user, commission, slot, documents=[bad])
    assert not Case.objects.filter(applicant=user).exists()
    assert Slot.objects.get(pk=slot.pk).booked == 0


def test_cancel_keeps_the_case_open_and_a_new_slot_can_be_booked():
    user = insured_user()
    commission = commission_with_slots()
    first, second = _slots(commission)[:2]
    request = _file(user, commission, first, documents=[pdf_upload()])
    # when the booking is cancelled
    commission_booking_cancel(user=user, request_id=request.pk)
    request.refresh_from_db()
    # then the seat is free, the case still open, and the request waits for a slot
    assert Slot.objects.get(pk=first.pk).booked == 0
    assert request.case.status == "forwarded"
    state = commission_request_state(request)
    assert state.live_booking is None
    assert state.may_book
    assert not state.may_cancel
    # and a new slot books for the same request
    commission_slot_book(user=user, request_id=request.pk, slot_id=second.pk)
    request.refresh_from_db()
    assert request.booking.slot_id == second.pk
    assert request.booking.status == BookingStatus.BOOKED
    assert Slot.objects.get(pk=second.pk).booked == 1
    # a second booking while one is live is refused
    with pytest.raises(ApplicationError) as caught:
        commission_slot_book(user=user, request_id=request.pk, slot_id=first.pk)
    assert caught.value.code == "commission_has_booking"


def test_someone_else_cannot_cancel_or_book_for_a_request():
    owner = insured_user()
    stranger = insured_user()
    commission = commission_with_slots()
    request = _file(owner, commission, _slots(commission)[0])
    with pytest.raises(ApplicationError):
        commission_booking_cancel(user=stranger, request_id=request.pk)
    with pytest.raises(ApplicationError):
        commission_slot_book(user=stranger, request_id=request.pk, slot_id=_slots(commission)[1].pk)
    assert Booking.objects.get(pk=request.booking_id).status == BookingStatus.BOOKED


def test_the_decision_releases_a_slot_still_ahead_and_the_booking_no_longer_changes():
    # given a forwarded request with its slot tomorrow
    user = insured_user()
    commission = commission_with_slots()
    slot = _slots(commission)[0]
    request = _file(user, commission, slot, documents=[pdf_upload()])
    reviewer = staff_member(branch=commission.service.branch)
    case = case_start_review(case=request.case, actor=reviewer)
    # when the branch rejects it before the commission sits
    case_decide(case=case, actor=reviewer, status="rejected", reason="مدارک کافی نیست.")
    # then the seat goes back and the person is told of the cancellation and the decision
    request.refresh_from_db()
    assert request.booking.status == BookingStatus.CANCELLED
    assert Slot.objects.get(pk=slot.pk).booked == 0
    keys = set(
        Notification.objects.filter(user=user, channel="sms").values_list("template_key", flat=True)
    )
    assert {"appointment_cancelled", "case_decided"} <= keys
    # and nothing more can be booked for it
    with pytest.raises(ApplicationError) as caught:
        commission_slot_book(user=user, request_id=request.pk, slot_id=_slots(commission)[1].pk)
    assert caught.value.code == "commission_decided"
    assert timezone.now() < slot.starts_at
