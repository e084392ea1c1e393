"""The 1420 channels are "open now / closed" by settings.CONTACT_CENTRE_HOURS in Tehran time."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from branches.selectors.desk import contact_channels_now, contact_hours_table

# "Open now" also asks the database whether today is an official holiday.
pytestmark = pytest.mark.django_db

TEHRAN = ZoneInfo("Asia/Tehran")
HOURS = {
    "sat": "08-20",
    "sun": "08-20",
    "mon": "08-20",
    "tue": "08-20",
    "wed": "08-20",
    "thu": "08-16",
}


@pytest.fixture(autouse=True)
def _hours(settings):
    settings.CONTACT_CENTRE_HOURS = HOURS
    settings.CONTACT_CENTRE_SMS_NUMBER = "300001420"


def tehran(year, month, day, hour, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=TEHRAN)


# 2025-11-26 is a Wednesday; 27 Thursday, 28 Friday, 29 Saturday.
@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        (tehran(2025, 11, 26, 19, 59), True),  # Wed 19:59
        (tehran(2025, 11, 26, 20, 0), False),  # Wed 20:00
        (tehran(2025, 11, 27, 15, 59), True),  # Thu 15:59
        (tehran(2025, 11, 27, 16, 0), False),  # Thu 16:00
        (tehran(2025, 11, 28, 11, 0), False),  # Fri (no key)
        (tehran(2025, 11, 29, 7, 59), False),  # Sat 07:59
        (tehran(2025, 11, 29, 8, 0), True),  # Sat 08:00
    ],
)
def test_open_or_closed_at_the_boundaries_in_tehran_time(moment, is_open):
    # given an instant in Tehran
    # when the channels are computed
    channels = contact_channels_now(now=moment)
    # then all four channels share the centre's state
    assert [c.key for c in channels] == ["phone", "voice", "sms", "in_person"]
    assert {c.is_open for c in channels} == {is_open}


def test_the_same_instant_given_in_utc_is_judged_in_tehran_time():
    # given Wed 19:59 Tehran written as UTC (Tehran is UTC+03:30)
    moment = dt.datetime(2025, 11, 26, 16, 29, tzinfo=dt.UTC)
    # when / then it is still open; a minute later it is closed
    assert contact_channels_now(now=moment)[0].is_open
    assert not contact_channels_now(now=moment + dt.timedelta(minutes=1))[0].is_open


def test_open_status_says_until_when():
    channels = contact_channels_now(now=tehran(2025, 11, 26, 10, 0))
    assert channels[0].status == "باز است تا ساعت ۲۰:۰۰"
    assert channels[0].next_opening == ""


@pytest.mark.parametrize(
    ("moment", "next_opening"),
    [
        (tehran(2025, 11, 29, 6, 30), "امروز ساعت ۰۸:۰۰"),  # Sat before opening
        (tehran(2025, 11, 26, 20, 0), "فردا، پنجشنبه ساعت ۰۸:۰۰"),  # Wed evening
        (tehran(2025, 11, 27, 16, 0), "شنبه ساعت ۰۸:۰۰"),  # Thu afternoon: Friday is closed
        (tehran(2025, 11, 28, 23, 0), "فردا، شنبه ساعت ۰۸:۰۰"),  # Fri night
    ],
)
def test_closed_status_names_the_next_opening_in_persian(moment, next_opening):
    channel = contact_channels_now(now=moment)[0]
    assert not channel.is_open
    assert channel.next_opening == next_opening
    assert next_opening in channel.status


def test_unreadable_or_missing_hours_count_as_closed(settings):
    # given a week where Saturday is malformed and nothing else is set
    settings.CONTACT_CENTRE_HOURS = {"sat": "eight to eight"}
    # when / then the centre is closed and never reopens within the week
    channel = contact_channels_now(now=tehran(2025, 11, 29, 10, 0))[0]
    assert not channel.is_open
    assert channel.status == "بسته است"


def test_hours_table_runs_saturday_to_friday_with_persian_names_and_digits():
    table = contact_hours_table()
    assert [day.name for day in table] == [
        "شنبه",
        "یکشنبه",
        "دوشنبه",
        "سه‌شنبه",
        "چهارشنبه",
        "پنجشنبه",
        "جمعه",
    ]
    assert table[0].label == "۰۸:۰۰ تا ۲۰:۰۰"
    assert table[5].label == "۰۸:۰۰ تا ۱۶:۰۰"
    assert table[6].label == "تعطیل"


@pytest.mark.parametrize(
    ("moment", "badge"),
    [
        (tehran(2025, 11, 26, 19, 59), "اکنون باز است"),
        (tehran(2025, 11, 26, 20, 0), "اکنون بسته است"),
        (tehran(2025, 11, 27, 16, 0), "اکنون بسته است"),
        (tehran(2025, 11, 28, 12, 0), "اکنون بسته است"),
        (tehran(2025, 11, 29, 8, 0), "اکنون باز است"),
    ],
)
def test_contact_page_shows_open_or_closed_by_the_clock(client, moment, badge):
    # given the clock stopped at the moment
    with time_machine.travel(moment, tick=False):
        # when anyone opens the public contact page
        response = client.get(reverse("branches:contact"))
    # then the centre's state, the hours table and the four channels are there
    assert response.status_code == 200
    html = response.content.decode()
    assert badge in html
    assert "۰۸:۰۰ تا ۱۶:۰۰" in html
    assert "جمعه" in html
    for key in ("phone", "voice", "sms", "in_person"):
        assert f'data-testid="channel-{key}"' in html
    assert "۳۰۰۰۰۱۴۲۰" in html
    assert reverse("branches:ticket_new") in html


@pytest.mark.parametrize(
    ("moment", "state", "detail"),
    [
        (tehran(2025, 11, 26, 19, 0), "باز است", "تا ساعت ۲۰:۰۰"),
        (tehran(2025, 11, 26, 21, 0), "بسته است", "بازگشایی"),
    ],
)
def test_contact_page_says_the_state_once(client, moment, state, detail):
    # given the clock stopped while the centre is open, then while it is closed
    with time_machine.travel(moment, tick=False):
        # when anyone opens the public contact page
        html = client.get(reverse("branches:contact")).content.decode()
    # then the status line says open or closed once, followed by what the badge does not say
    status_line = html.split('data-testid="centre-status">', 1)[1].split("</p>", 1)[0]
    assert status_line.count(state) == 1
    assert detail in status_line
