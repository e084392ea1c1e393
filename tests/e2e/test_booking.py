"""Online appointment booking in Chromium: sign in, pick a branch, a Jalali day and a time,
book, see the code, and find the confirmation SMS in the developer outbox."""

from __future__ import annotations

import datetime as dt
import re

import jdatetime
import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from branches.models import Booking, BookingStatus
from branches.services.appointments import booking_create
from tamin.accounts.demo.accounts import DEMO_PASSWORD
from tamin.core.jalali import MONTH_NAMES, persian_digits
from tests.accounts.factories import UserFactory
from tests.branches.factories import BranchFactory
from tests.branches.factories_appointments import AppointmentServiceFactory, SlotFactory, tehran
from tests.e2e.conftest import Outbox, sign_in
from tests.e2e.test_pages import PHONE, blocking_violations, sign_in_by_cookie

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.xdist_group("e2e"),
    pytest.mark.django_db(transaction=True),
]


def _next_working_day() -> dt.date:
    day = timezone.localdate() + dt.timedelta(days=1)
    while day.weekday() == 4:  # Friday
        day += dt.timedelta(days=1)
    return day


def _open_day(page: Page, day: dt.date) -> None:
    """On the calendar page: move to the day's Jalali month if needed, then click the day."""
    j = jdatetime.date.fromgregorian(date=day)
    month_title = f"{MONTH_NAMES[j.month - 1]} {persian_digits(j.year)}"
    if page.locator("#month-title").inner_text() != month_title:
        page.get_by_role("link", name="ماه بعد").click()
    expect(page.locator("#month-title")).to_have_text(month_title)
    page.get_by_role("link", name=re.compile(rf"^{persian_digits(j.day)} {month_title}، ")).click()


def test_citizen_books_a_branch_appointment_and_gets_the_sms(page: Page, outbox: Outbox):
    # Given a branch offering «تشکیل پرونده» with free times on the next working day
    branch = BranchFactory(name="شعبه ۲۴ تهران")
    service = AppointmentServiceFactory(branch=branch, name="تشکیل پرونده")
    day = _next_working_day()
    SlotFactory(service=service, starts_at=tehran(day, 9, 0), capacity=1)
    SlotFactory(service=service, starts_at=tehran(day, 9, 30), capacity=2)
    person = UserFactory(password=DEMO_PASSWORD, mobile="09351119988")

    # And the citizen signed in with password and SMS code
    sign_in(
        page,
        outbox,
        national_code=person.national_code,
        password=DEMO_PASSWORD,
        mobile=person.mobile,
    )

    # When they choose the branch and the service
    page.goto(reverse("branches:appointments"))
    expect(page.get_by_role("heading", name="نوبت‌دهی اینترنتی")).to_be_visible()
    page.get_by_role("link", name=re.compile("شعبه ۲۴ تهران")).click()
    page.get_by_role("link", name=re.compile("تشکیل پرونده")).click()

    # And pick the day in the Jalali calendar, then 09:30
    expect(page.get_by_test_id("appointment-calendar")).to_be_visible()
    _open_day(page, day)
    expect(page.get_by_role("heading", name=re.compile("ساعت‌های خالی"))).to_be_visible()
    page.get_by_role("button", name="رزرو ساعت ۰۹:۳۰").click()

    # Then a confirmation page says what will happen, and nothing is booked before its button
    confirm = page.get_by_test_id("appointment-confirm")
    expect(confirm).to_contain_text("شعبه ۲۴ تهران")
    expect(confirm).to_contain_text("۰۹:۳۰")
    expect(confirm).to_contain_text("پیامک تأیید به شمارهٔ ۰۹۳۵۱۱۱۹۹۸۸ فرستاده می‌شود")
    assert not Booking.objects.filter(person=person).exists()
    page.get_by_role("button", name="تأیید و رزرو نوبت").click()

    # Then «my appointments» confirms it and shows the booking code
    expect(page).to_have_url(re.compile(re.escape(reverse("branches:my_appointments")) + "$"))
    booking = Booking.objects.get(person=person)
    assert booking.status == BookingStatus.BOOKED
    expect(page.get_by_role("alert")).to_contain_text(f"کد نوبت: {booking.code}")
    expect(page.get_by_test_id("booking-code")).to_have_text(booking.code)

    # And the developer SMS outbox holds the confirmation with the code, place and time
    page.goto(reverse("notifications:dev_outbox"))
    message = page.locator(".outbox-message").filter(has_text=booking.code).first
    expect(message.locator(".outbox-body")).to_contain_text("نوبت شما ثبت شد")
    expect(message.locator(".outbox-body")).to_contain_text("شعبه ۲۴ تهران")
    expect(message.locator(".outbox-body")).to_contain_text("۰۹:۳۰")
    expect(message.locator(".outbox-to")).to_contain_text("09351119988")


def test_a_full_time_shows_the_persian_error_on_a_phone(page: Page, live_server):
    # Given a one-seat time that someone takes while our citizen is looking (on a phone)
    page.set_viewport_size(PHONE)
    service = AppointmentServiceFactory(name="تعویض دفترچه")
    day = _next_working_day()
    slot = SlotFactory(service=service, starts_at=tehran(day, 10, 0), capacity=1)
    person = UserFactory()
    sign_in_by_cookie(page.context, live_server, person)
    page.goto(reverse("branches:appointment_calendar", args=[service.pk]))
    _open_day(page, day)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not blocking_violations(page)
    page.get_by_role("button", name="رزرو ساعت ۱۰:۰۰").click()
    expect(page.get_by_test_id("appointment-confirm")).to_contain_text("۱۰:۰۰")
    assert not blocking_violations(page)
    booking_create(person=UserFactory(), slot_id=slot.pk)

    # When our citizen confirms the time
    page.get_by_role("button", name="تأیید و رزرو نوبت").click()

    # Then the calendar day is shown again with the clear Persian reason, and nothing was booked
    expect(page.get_by_role("alert")).to_contain_text("ظرفیت این نوبت تکمیل شده است")
    expect(page.get_by_text("در این روز نوبت خالی نمانده است")).to_be_visible()
    assert not Booking.objects.filter(person=person).exists()
