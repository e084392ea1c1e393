"""Staff check-in page: a day picker (today and the coming days, Jalali, in Persian) lists
the chosen day's bookings, not only today's."""

from __future__ import annotations

import datetime as dt
import re

import jdatetime
import pytest
from django.urls import reverse
from django.utils import timezone

from branches.selectors.appointments import STAFF_DAYS_AHEAD
from tamin.core.jalali import format_jalali_date
from tests.branches.factories import StaffMembershipFactory
from tests.branches.factories_appointments import BookingFactory, SlotFactory, tehran

pytestmark = pytest.mark.django_db


def _param(day: dt.date) -> str:
    j = jdatetime.date.fromgregorian(date=day)
    return f"{j.year:04d}-{j.month:02d}-{j.day:02d}"


def test_staff_pick_a_coming_day_and_see_its_bookings(client):
    # Given a booking three days from now at a branch, and its staff member signed in
    in_three_days = timezone.localdate() + dt.timedelta(days=3)
    booking = BookingFactory(slot=SlotFactory(starts_at=tehran(in_three_days, 10)))
    client.force_login(StaffMembershipFactory(branch=booking.slot.service.branch).user)
    url = reverse("branches:staff_checkin")
    # When the page opens on today
    today_page = client.get(url).content.decode()
    # Then the day picker offers today and the coming days, in Persian, and today lists nothing
    picker = re.search(r'<select class="form-select" name="day".*?</select>', today_page, re.S)
    options = re.findall(r'<option value="([^"]+)"', picker.group(0))
    assert len(options) == STAFF_DAYS_AHEAD + 1
    assert options[3] == _param(in_three_days)
    assert format_jalali_date(in_three_days, long=True) in picker.group(0)
    assert not re.search(r"[0-9]", re.sub(r'value="[^"]*"', "", picker.group(0)))
    assert booking.code not in today_page
    # When that day is chosen
    day_page = client.get(url, {"day": _param(in_three_days)}).content.decode()
    # Then its booking is listed
    assert booking.code in day_page
    assert format_jalali_date(in_three_days, long=True) in day_page


def test_a_day_outside_the_picker_shows_today(client):
    # Given a booking a month away, beyond the days staff may pick
    far = timezone.localdate() + dt.timedelta(days=STAFF_DAYS_AHEAD + 20)
    booking = BookingFactory(slot=SlotFactory(starts_at=tehran(far, 10)))
    client.force_login(StaffMembershipFactory(branch=booking.slot.service.branch).user)
    # When that day is asked for by hand
    page = client.get(reverse("branches:staff_checkin"), {"day": _param(far)}).content.decode()
    # Then today is shown instead
    assert booking.code not in page
    assert "نوبت‌های امروز" in page
