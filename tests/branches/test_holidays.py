"""Official holidays as data: seeded by migration, solar ones recurring, lunar ones per year,
counted by SLAs and the 1420 desk, kept by staff in the admin.

Expected dates are written by hand from the official calendar: 1 Farvardin 1405 is
Saturday 2026-03-21; Tasua and Ashura 1405 are 3 and 4 Tir (2026-06-24, 2026-06-25).
"""

from __future__ import annotations

import datetime as dt
import importlib
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps as django_apps
from django.contrib.auth.models import Permission
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from branches.models import Holiday, HolidayKind
from branches.selectors.desk import contact_channels_now
from branches.selectors.holidays import holiday_names_between
from branches.services.calendar import is_working_day, working_days_add
from tests.accounts.factories import staff_with_totp

pytestmark = pytest.mark.django_db

seed_module = importlib.import_module("branches.migrations.0009_seed_holidays")
TEHRAN = ZoneInfo("Asia/Tehran")

# The lunar holidays of Iranian law, one name per holiday day (Eid al-Fitr is two days).
LUNAR_HOLIDAYS = {
    "تاسوعای حسینی",
    "عاشورای حسینی",
    "اربعین حسینی",
    "رحلت حضرت رسول اکرم (ص) و شهادت امام حسن مجتبی (ع)",
    "شهادت امام رضا (ع)",
    "شهادت امام حسن عسکری (ع)",
    "میلاد حضرت رسول اکرم (ص) و امام جعفر صادق (ع)",
    "شهادت حضرت فاطمه زهرا (س)",
    "ولادت امام علی (ع)",
    "مبعث حضرت رسول اکرم (ص)",
    "ولادت حضرت قائم (عج)",
    "شهادت امام علی (ع)",
    "عید سعید فطر",
    "تعطیل به مناسبت عید سعید فطر",
    "شهادت امام جعفر صادق (ع)",
    "عید سعید قربان",
    "عید سعید غدیر خم",
}
# First and last Gregorian day of each Jalali year.
JALALI_YEARS = {
    1404: (dt.date(2025, 3, 21), dt.date(2026, 3, 20)),
    1405: (dt.date(2026, 3, 21), dt.date(2027, 3, 20)),
    1406: (dt.date(2027, 3, 21), dt.date(2028, 3, 19)),
}


def tehran(year, month, day, hour, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=TEHRAN)


@pytest.fixture
def desk_hours(settings):
    settings.CONTACT_CENTRE_HOURS = {
        "sat": "08-20",
        "sun": "08-20",
        "mon": "08-20",
        "tue": "08-20",
        "wed": "08-20",
        "thu": "08-16",
    }


# --- the migration ------------------------------------------------------------------


def test_migration_seeds_the_fixed_solar_holidays_once_each():
    # given the migrated database / when the solar rows are read
    solar = set(
        Holiday.objects.filter(kind=HolidayKind.SOLAR).values_list("solar_month", "solar_day")
    )
    # then the ten fixed days of the law are there, with no date (they recur)
    assert solar == {(1, 1), (1, 2), (1, 3), (1, 4), (1, 12), (1, 13), (3, 14), (3, 15)} | {
        (11, 22),
        (12, 29),
    }
    assert not Holiday.objects.filter(kind=HolidayKind.SOLAR, date__isnull=False).exists()


@pytest.mark.parametrize("year", [1404, 1405, 1406])
def test_migration_seeds_every_lunar_holiday_of_1404_to_1406(year):
    # given the migrated database / when one Jalali year's lunar rows are read
    first, last = JALALI_YEARS[year]
    rows = Holiday.objects.filter(kind=HolidayKind.LUNAR, date__range=(first, last))
    # then each lunar holiday of the law falls in it, each row with its Hijri day and source
    assert {row.title for row in rows} == LUNAR_HOLIDAYS
    assert all(row.hijri_date and row.source for row in rows)


def test_migration_dates_match_the_published_calendar():
    # given the migrated database / then the days the official calendars publish are seeded
    published = {
        dt.date(2025, 7, 6): "عاشورای حسینی",  # 15 Tir 1404
        dt.date(2025, 8, 24): "شهادت امام رضا (ع)",  # 2 Shahrivar 1404
        dt.date(2026, 3, 11): "شهادت امام علی (ع)",  # 20 Esfand 1404
        dt.date(2026, 3, 21): "عید سعید فطر",  # 1 Farvardin 1405
        dt.date(2026, 5, 27): "عید سعید قربان",  # 6 Khordad 1405
        dt.date(2026, 6, 24): "تاسوعای حسینی",  # 3 Tir 1405
        dt.date(2026, 6, 25): "عاشورای حسینی",  # 4 Tir 1405
    }
    seeded = dict(Holiday.objects.filter(date__in=published).values_list("date", "title"))
    assert seeded == published


def test_seed_again_adds_nothing_and_keeps_a_staff_correction():
    # given staff moved Imam Reza's day of 1405 by one day
    row = Holiday.objects.get(hijri_date="1448/02/29")
    seeded_date = row.date
    row.date = seeded_date + dt.timedelta(days=1)
    row.save(update_fields=["date"])
    count = Holiday.objects.count()
    # when the seed runs again
    seed_module.seed(django_apps, None)
    # then nothing is added back and the correction stays
    assert Holiday.objects.count() == count
    assert Holiday.objects.get(hijri_date="1448/02/29").date == seeded_date + dt.timedelta(days=1)
    assert not Holiday.objects.filter(date=seeded_date).exists()


# --- SLA working days -----------------------------------------------------------------


def test_sla_counts_past_nowruz_1405():
    # given Wednesday 27 Esfand 1404 (2026-03-18) and an SLA of 5 working days
    start = dt.date(2026, 3, 18)
    # when the due date is counted
    due = working_days_add(start, 5)
    # then: Thu 19 (1); Fri 20 off; Sat 21 – Tue 24 Nowruz off; Wed 25 (2); Thu 26 (3);
    # Fri 27 off; Sat 28 (4); Sun 29 (5) = 9 Farvardin 1405
    assert due == dt.date(2026, 3, 29)


def test_sla_counts_past_tasua_and_ashura_1405():
    # given Monday 1 Tir 1405 (2026-06-22) and an SLA of 3 working days
    start = dt.date(2026, 6, 22)
    # when the due date is counted
    due = working_days_add(start, 3)
    # then: Tue 23 (1); Wed 24 Tasua, Thu 25 Ashura, Fri 26 off; Sat 27 (2); Sun 28 (3)
    assert due == dt.date(2026, 6, 28)


def test_a_year_without_seeded_rows_still_has_its_nowruz_and_22_bahman():
    # given no row dated in 1410 (1 Farvardin 1410 is Friday 2031-03-21)
    assert not Holiday.objects.filter(date__year__in=[2031, 2032]).exists()
    # when / then the solar holidays recur by themselves
    assert not is_working_day(dt.date(2031, 3, 22))  # 2 Farvardin 1410, a Saturday
    assert not is_working_day(dt.date(2032, 2, 11))  # 22 Bahman 1410, a Wednesday
    assert is_working_day(dt.date(2031, 3, 26))  # 6 Farvardin 1410, a Wednesday
    # and a window across the new year sees both years' solar days (29 Esfand 1409 is 2031-03-20)
    names = holiday_names_between(start=dt.date(2031, 3, 20), end=dt.date(2031, 3, 25))
    assert names == {
        dt.date(2031, 3, 20): "روز ملی شدن صنعت نفت",
        **{dt.date(2031, 3, 21) + dt.timedelta(days=n): "عید نوروز" for n in range(4)},
    }


# --- the 1420 desk ----------------------------------------------------------------------


def test_desk_is_closed_on_tasua_and_names_it(desk_hours):
    # given Wednesday 3 Tir 1405, 10:00 in Tehran: inside Wednesday's hours, but Tasua
    moment = tehran(2026, 6, 24, 10, 0)
    # when the channels are computed
    channels = contact_channels_now(now=moment)
    # then every channel is closed, says why, and reopens on Saturday (Thursday is Ashura)
    assert {channel.is_open for channel in channels} == {False}
    phone = channels[0]
    assert phone.holiday == "تاسوعای حسینی"
    assert phone.status == "به مناسبت تاسوعای حسینی تعطیل است؛ بازگشایی شنبه ساعت ۰۸:۰۰"
    assert phone.next_opening == "شنبه ساعت ۰۸:۰۰"


def test_desk_on_nowruz_names_both_holidays_of_the_day(desk_hours):
    # given 1 Farvardin 1405 (Saturday), which is also Eid al-Fitr
    channel = contact_channels_now(now=tehran(2026, 3, 21, 9, 0))[0]
    # then it is closed for both and opens on Wednesday 5 Farvardin
    assert not channel.is_open
    assert channel.holiday == "عید نوروز؛ عید سعید فطر"
    assert channel.next_opening == "چهارشنبه ساعت ۰۸:۰۰"


def test_contact_page_shows_the_holiday(client, desk_hours):
    # given the clock stopped on Tasua 1405 at 10:00 Tehran
    with time_machine.travel(tehran(2026, 6, 24, 10, 0), tick=False):
        # when anyone opens the public contact page
        response = client.get(reverse("branches:contact"))
    # then it says closed, and why
    html = response.content.decode()
    assert "اکنون بسته است" in html
    assert "به مناسبت تاسوعای حسینی تعطیل است" in html


def test_desk_opens_the_day_after_a_holiday(desk_hours):
    # given Saturday 6 Tir 1405 at 10:00, the first working day after Ashura
    channel = contact_channels_now(now=tehran(2026, 6, 27, 10, 0))[0]
    # then it is open and names no holiday
    assert channel.is_open
    assert channel.holiday == ""


# --- the admin --------------------------------------------------------------------------


def _admin_client(client, **user_fields):
    user, device = staff_with_totp(**user_fields)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id  # the admin demands a second factor
    session.save()
    return user


def test_admin_lists_holidays_by_year_and_kind_with_jalali_dates(client):
    # given an administrator
    _admin_client(client, is_superuser=True)
    url = reverse("admin:branches_holiday_changelist")
    # when the lunar holidays of 1405 are listed
    lunar_1405 = client.get(url, {"year": "1405", "kind__exact": "lunar"}).content.decode()
    # then 1405's Ashura is there in Jalali, 1404's is not, nor the solar rows
    assert "۴ تیر ۱۴۰۵" in lunar_1405
    assert "۱۵ تیر ۱۴۰۴" not in lunar_1405
    assert "۱ فروردین هر سال" not in lunar_1405
    # and the year alone lists the solar holidays too, as every year's
    year_1405 = client.get(url, {"year": "1405"}).content.decode()
    assert "۱ فروردین هر سال" in year_1405
    # and a search by name finds Ashura in each seeded year
    found = client.get(url, {"q": "عاشورا"}).content.decode()
    assert all(day in found for day in ("۱۵ تیر ۱۴۰۴", "۴ تیر ۱۴۰۵", "۲۵ خرداد ۱۴۰۶"))


def test_admin_moves_a_lunar_holiday_by_its_jalali_date(client):
    # given an administrator and Imam Reza's day of 1405 (seeded on 22 Mordad)
    _admin_client(client, is_superuser=True)
    row = Holiday.objects.get(hijri_date="1448/02/29")
    url = reverse("admin:branches_holiday_change", args=[row.pk])
    assert "۱۴۰۵/۰۵/۲۲" in client.get(url).content.decode()
    # when staff move it to 23 Mordad 1405, typed in Persian digits
    response = client.post(
        url,
        {
            "kind": "lunar",
            "title": row.title,
            "date": "۱۴۰۵/۰۵/۲۳",
            "solar_month": "",
            "solar_day": "",
            "hijri_date": "1448/02/30",
            "source": "تقویم رسمی ۱۴۰۵",
        },
    )
    # then it is saved on 2026-08-14
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.date, row.hijri_date) == (dt.date(2026, 8, 14), "1448/02/30")


def test_admin_adds_a_solar_holiday_without_a_date(client):
    # given an administrator
    _admin_client(client, is_superuser=True)
    # when a fixed solar day is added
    response = client.post(
        reverse("admin:branches_holiday_add"),
        {"kind": "solar", "title": "تعطیل آزمایشی", "solar_month": "7", "solar_day": "30"},
    )
    # then it recurs: 30 Mehr 1405 (2026-10-22) is off
    assert response.status_code == 302
    assert not is_working_day(dt.date(2026, 10, 22))


def test_admin_refuses_staff_without_the_holiday_permission(client):
    # given a staff member with a second factor but no holiday permission
    user = _admin_client(client)
    url = reverse("admin:branches_holiday_changelist")
    # when / then the list is forbidden
    assert client.get(url).status_code == 403
    # and the view permission opens it
    user.user_permissions.add(Permission.objects.get(codename="view_holiday"))
    assert client.get(url).status_code == 200
