"""۳ نوبت شعبه: booking and cancelling through the web's appointment services (their rules,
their audit row, their confirmation SMS)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from branches.models import Booking, BookingStatus
from branches.services.appointments import booking_create
from notifications.models import Notification
from tamin.core.jalali import MONTH_NAMES, WEEKDAY_NAMES, persian_digits, to_jalali_date
from tamin.core.models import AuditLog
from tests.accounts.factories import UserFactory
from tests.branches.factories import BranchFactory, CityFactory, ProvinceFactory
from tests.branches.factories_appointments import (
    AppointmentServiceFactory,
    SlotFactory,
    tomorrow_at,
)
from tests.insured.factories_inquiries import insured_user
from tests.ussd.helpers import Phone

pytestmark = pytest.mark.django_db


@pytest.fixture
def branch():
    province = ProvinceFactory(name="تهران")
    return BranchFactory(name="شعبه ۱ تهران", city=CityFactory(province=province))


@pytest.fixture
def service(branch):
    return AppointmentServiceFactory(branch=branch, name="امور بیمه‌شدگان")


def _day_label(starts_at: dt.datetime) -> str:
    day = timezone.localtime(starts_at).date()
    j = to_jalali_date(day)
    weekday = WEEKDAY_NAMES[(day.weekday() + 2) % 7]
    return persian_digits(f"{weekday} {j.day} {MONTH_NAMES[j.month - 1]}")


def test_booking_from_province_to_time_books_through_the_service_and_texts(client, service):
    # Given a service with two free seats tomorrow and a caller without a branch of their own
    first = SlotFactory(service=service, starts_at=tomorrow_at(9))
    second = SlotFactory(service=service, starts_at=tomorrow_at(9, 15))
    caller = UserFactory(mobile="09121250001", roles=[])
    phone = Phone(client, caller.mobile)
    # When they go «۳ نوبت شعبه → ۱ گرفتن نوبت» and down the lists
    assert phone.walk("3", "1") == "شعبه یا استان\n۱ استان تهران\n۰ بازگشت"
    assert phone.send("1") == "شعبه\n۱ شعبه ۱ تهران\n۰ بازگشت"
    assert phone.send("1") == "خدمت در شعبه ۱ تهران\n۱ امور بیمه‌شدگان\n۰ بازگشت"
    assert phone.send("1") == f"روز\n۱ {_day_label(first.starts_at)}\n۰ بازگشت"
    assert phone.send("1") == f"ساعت، {_day_label(first.starts_at)}\n۱ ۰۹:۰۰\n۲ ۰۹:۱۵\n۰ بازگشت"
    assert phone.send("2") == (
        f"{_day_label(second.starts_at)} ساعت ۰۹:۱۵\nامور بیمه‌شدگان\nشعبه ۱ تهران\n"
        "۱ تأیید نوبت\n۰ بازگشت"
    )
    text = phone.send("1")
    # Then the booking is made by booking_create: the seat, the audit row, the SMS
    booking = Booking.objects.get(person=caller)
    assert booking.slot_id == second.pk
    assert text == (
        f"نوبت ثبت شد و پیامک تأیید فرستاده شد.\nکد نوبت: {booking.code}\n۰ بازگشت ۰۰ منو"
    )
    sms = Notification.objects.get(template_key="appointment_confirmed", channel="sms")
    assert sms.to_address == caller.mobile
    assert booking.code in sms.body
    assert AuditLog.objects.filter(action="appointment.booked", actor=caller).count() == 1
    # And «۰» goes back to the appointments menu, not to the confirmation
    assert phone.send("0").startswith("نوبت شعبه\n۱ گرفتن نوبت")


def test_cancelling_an_upcoming_booking_through_the_menu(client, service):
    caller = UserFactory(mobile="09121250002", roles=[])
    slot = SlotFactory(service=service, starts_at=tomorrow_at(10))
    booking = booking_create(person=caller, slot_id=slot.pk)
    phone = Phone(client, caller.mobile)
    assert phone.walk("3", "2") == (
        f"نوبت‌های پیش رو\n۱ {_day_label(slot.starts_at)} ساعت ۱۰:۰۰\n۰ بازگشت"
    )
    detail = phone.send("1")
    assert detail == (
        f"کد نوبت: {booking.code}\n{_day_label(slot.starts_at)} ساعت ۱۰:۰۰\n"
        "۱ لغو این نوبت\n۹ بیشتر ۰ بازگشت"
    )
    assert phone.send("9") == "امور بیمه‌شدگان\nشعبه ۱ تهران\n۱ لغو این نوبت\n۰ بازگشت"
    assert phone.send("1") == f"نوبت {booking.code} لغو شد و پیامک آن فرستاده شد.\n۰ بازگشت ۰۰ منو"
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    sms = Notification.objects.get(template_key="appointment_cancelled", channel="sms")
    assert sms.to_address == caller.mobile
    # nothing upcoming any more
    assert Phone(client, caller.mobile).read("3", "2") == "نوبت پیش رویی ندارید."


def test_someone_elses_booking_is_never_listed(client, service):
    owner = UserFactory(mobile="09121250003", roles=[])
    booking_create(person=owner, slot_id=SlotFactory(service=service, starts_at=tomorrow_at(11)).pk)
    caller = UserFactory(mobile="09121250004", roles=[])
    assert Phone(client, caller.mobile).read("3", "2") == "نوبت پیش رویی ندارید."


def test_the_insured_persons_own_branch_comes_first(client, service, branch):
    user, person = insured_user(residence_branch=branch)
    SlotFactory(service=service, starts_at=tomorrow_at(9))
    text = Phone(client, user.mobile).walk("3", "1")
    assert text == "شعبه یا استان\n۱ شعبه خودتان: شعبه ۱ تهران\n۲ استان تهران\n۰ بازگشت"
    assert person.residence_branch_id == branch.pk
    assert Phone(client, user.mobile).walk("3", "1", "1").startswith("خدمت در شعبه ۱ تهران")


def test_a_seat_taken_meanwhile_is_refused_with_the_services_message(client, service):
    slot = SlotFactory(service=service, starts_at=tomorrow_at(9), capacity=1)
    caller = UserFactory(mobile="09121250005", roles=[])
    phone = Phone(client, caller.mobile)
    phone.walk("3", "1", "1", "1", "1", "1", "1")  # … the confirmation screen
    booking_create(person=UserFactory(), slot_id=slot.pk)  # someone else was quicker
    text = phone.send("1")
    assert text.startswith("ظرفیت این نوبت تکمیل شده است.")
    assert not Booking.objects.filter(person=caller).exists()


def test_a_by_request_service_is_not_offered(client, branch):
    commission = AppointmentServiceFactory(branch=branch, by_request_only=True)
    SlotFactory(service=commission, starts_at=tomorrow_at(9))
    caller = UserFactory(mobile="09121250006", roles=[])
    text = Phone(client, caller.mobile).read("3", "1")
    assert text == "فعلاً شعبه‌ای نوبت اینترنتی نمی‌دهد؛ با ۱۴۲۰ تماس بگیرید."


def test_a_service_without_free_days_says_so(client, service):
    SlotFactory(service=service, starts_at=tomorrow_at(9), capacity=1, booked=1)
    caller = UserFactory(mobile="09121250007", roles=[])
    assert Phone(client, caller.mobile).read("3", "1", "1", "1", "1") == (
        "نوبت آزادی در روزهای پیش رو نیست."
    )
