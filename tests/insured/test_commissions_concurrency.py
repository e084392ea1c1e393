"""Two people ask for the last seat of a commission at the same instant (PostgreSQL, real
parallel transactions): one gets the case and the booking, the other a Persian message and
nothing half-made."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from branches.models import Booking, BookingStatus, Case, Slot
from insured.models.commissions import CommissionRequest
from insured.services.commissions import commission_request_file
from notifications.models import Notification
from tamin.core.exceptions import ApplicationError
from tests.branches.factories_cases import pdf_upload
from tests.insured.factories_commissions import commission_with_slots, insured_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_requests_for_the_last_seat_one_wins_the_other_is_told_and_nothing_is_left(
    postgres_required,
):
    # given a commission whose only slot has one seat, and two insured people
    commission = commission_with_slots(slots=1)
    slot = Slot.objects.get(service=commission.service)
    people = [insured_user(), insured_user()]
    barrier = threading.Barrier(len(people))

    def attempt(user) -> tuple[int, str, str]:
        try:
            document = pdf_upload("report.pdf")
            barrier.wait(timeout=30)
            commission_request_file(
                user=user,
                person=user.insured_person,
                commission_id=commission.pk,
                reason="total_disability",
                slot_id=slot.pk,
                documents=[document],
            )
        except ApplicationError as exc:
            return user.pk, exc.code, exc.message
        finally:
            connection.close()
        return user.pk, "filed", ""

    # when both press «send» at the same moment
    with ThreadPoolExecutor(max_workers=len(people)) as pool:
        outcomes = list(pool.map(attempt, people))

    # then exactly one filed; the other was told in Persian to pick another time
    codes = sorted(code for _user, code, _message in outcomes)
    assert codes == ["filed", "slot_full"]
    loser_id, _code, message = next(o for o in outcomes if o[1] == "slot_full")
    winner_id = next(o[0] for o in outcomes if o[1] == "filed")
    assert "ساعت دیگری را انتخاب کنید" in message
    # the winner holds the one seat, the case and the request
    assert Slot.objects.get(pk=slot.pk).booked == 1
    assert Booking.objects.get(slot=slot, status=BookingStatus.BOOKED).person_id == winner_id
    assert CommissionRequest.objects.get().applicant_id == winner_id
    assert Case.objects.filter(applicant_id=winner_id).count() == 1
    # the loser has no case, document, booking, request or message
    assert not Case.objects.filter(applicant_id=loser_id).exists()
    assert not Booking.objects.filter(person_id=loser_id).exists()
    assert not Notification.objects.filter(user_id=loser_id).exists()
