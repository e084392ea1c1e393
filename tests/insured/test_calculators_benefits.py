"""The benefit calculators: marriage allowance, military service purchase, sickness
compensation (pages and API).

The clock stands at 1404/07/15 (7 October 2025). The figures of 1404 are seeded: minimum
monthly wage 103,909,680 rial, contributions 7 % + 20 % + 3 % = 300 ‰; the benefit terms
are those of DOMAIN.md §3 (seeded from 1354). Every amount is worked by hand.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tamin.accounts.services import api_sign_in_create
from tamin.core.models import AuditLog
from tamin.rules.benefit_figures import contribution_rate_permille, min_monthly_wage
from tests.accounts.factories import UserFactory
from tests.insured.factories import ContributionRecordFactory
from tests.insured.factories_inquiries import insured_user

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2025, 10, 7, 9, 0, tzinfo=dt.UTC)  # 1404/07/15 in Tehran
MARRIAGE = "/insured/calculators/marriage/"
MILITARY = "/insured/calculators/military/"
SICKNESS = "/insured/calculators/sickness/"


@pytest.fixture(autouse=True)
def _on_mehr_15_1404(time_machine):
    time_machine.move_to(TODAY, tick=False)


def _months(person, first, last, *, daily):
    year, month = first
    while (year, month) <= last:
        ContributionRecordFactory(person=person, year=year, month=month, daily_wage=daily)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def worker(*, daily=5_000_000, first=(1399, 1), last=(1404, 6), **person):
    """Full months first..last at one daily wage."""
    user, insured = insured_user(birth_date=dt.date(1985, 3, 30), **person)
    _months(insured, first, last, daily=daily)
    return user, insured


def test_the_figures_of_1404_are_as_the_tests_assume():
    assert min_monthly_wage(year=1404) == 103_909_680
    assert contribution_rate_permille(year=1404) == 300


# --- marriage allowance ----------------------------------------------------------------


def test_marriage_eligible_with_the_two_year_average(client):
    # 730 days before Mordad 1404 at 5,000,000 a day: 3,650,000,000 / 24 = 152,083,333.3 →
    # 152,083,334, above the minimum monthly wage of 1404
    user, _ = worker()
    client.force_login(user)
    response = client.get(
        MARRIAGE,
        {
            "marriage_date": "۱۴۰۴/۰۵/۲۰",
            "employed_on_marriage": "1",
            "first_permanent_marriage": "1",
        },
    )
    assert response.status_code == 200
    result = response.context["result"]
    assert result.eligible
    assert result.amount == 152_083_334
    body = response.content.decode()
    assert 'data-testid="eligible"' in body
    assert "۱۵۲٬۰۸۳٬۳۳۴ ریال" in body
    assert 'data-testid="steps"' in body
    assert "سوابق شما در مرداد ۱۴۰۴ ۳۱ روز کارکرد دارد." in body


def test_marriage_amount_is_at_least_the_minimum_monthly_wage(client):
    # 730 × 1,000,000 / 24 = 30,416,667 < 103,909,680: the floor is paid
    user, _ = worker(daily=1_000_000)
    client.force_login(user)
    result = client.get(
        MARRIAGE,
        {
            "marriage_date": "1404/05/20",
            "employed_on_marriage": "on",
            "first_permanent_marriage": "on",
        },
    ).context["result"]
    assert result.amount == 103_909_680
    assert any("اعمال شد" in step for step in result.steps)


def test_marriage_refused_with_too_few_days_names_them(client):
    # 1403 (leap, 366 days) + 1404/01–04 (124) = 490 days in the five years, 720 needed
    user, _ = worker(first=(1403, 1), last=(1404, 4))
    client.force_login(user)
    response = client.get(
        MARRIAGE,
        {
            "marriage_date": "1404/05/10",
            "employed_on_marriage": "1",
            "first_permanent_marriage": "1",
        },
    )
    assert response.status_code == 200
    assert not response.context["result"].eligible
    body = response.content.decode()
    assert 'data-testid="not-eligible"' in body
    assert "۴۹۰ روز سابقه پرداخت" in body
    assert "۷۲۰ روز لازم است" in body


def test_marriage_refused_when_not_employed_nor_first(client):
    user, _ = worker()
    client.force_login(user)
    response = client.get(MARRIAGE, {"marriage_date": "1404/05/20"})
    reasons = response.context["result"].reasons
    assert "در تاریخ ازدواج شاغل و بیمه‌پرداز نبوده‌اید." in reasons
    assert any("نخستین ازدواج دائم" in reason for reason in reasons)
    assert response.context["result"].amount == 0


def test_marriage_in_a_year_without_terms_computes_nothing(client):
    user, _person = insured_user(birth_date=dt.date(1950, 3, 21))
    client.force_login(user)
    response = client.get(MARRIAGE, {"marriage_date": "1350/01/01", "employed_on_marriage": "1"})
    assert response.status_code == 200
    assert response.context["result"] is None
    assert "ارقام مزایای کوتاه‌مدت برای سال ۱۳۵۰ ثبت نشده است" in response.content.decode()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1404/08/01", "این تاریخ نمی‌تواند در آینده باشد."),
        ("1360/01/01", "این تاریخ پیش از تاریخ تولد شماست."),
        ("1404/13/01", "این تاریخ در تقویم شمسی وجود ندارد."),
        ("فردا", "تاریخ را به شکل سال/ماه/روز شمسی وارد کنید"),
        ("", "این مقدار لازم است."),
    ],
)
def test_marriage_bad_dates_are_refused_in_persian(client, value, message):
    user, _ = worker()
    client.force_login(user)
    response = client.get(MARRIAGE, {"marriage_date": value, "employed_on_marriage": "1"})
    assert response.status_code == 400
    assert response.context["estimate"] is None
    assert message in response.content.decode()


def test_an_empty_calculator_shows_only_its_form(client):
    user, _ = worker()
    client.force_login(user)
    for url in (MARRIAGE, MILITARY, SICKNESS):
        response = client.get(url)
        assert response.status_code == 200
        assert response.context["estimate"] is None
        assert 'data-testid="steps"' not in response.content.decode()
    # the first-marriage box starts ticked, the employment box does not
    body = client.get(MARRIAGE).content.decode()
    assert 'id="id_first_permanent_marriage" value="1" checked' in body
    assert 'id="id_employed_on_marriage" value="1">' in body


# --- military service purchase ---------------------------------------------------------


def test_military_purchase_cost_and_shares(client):
    # average 152,083,334; × 300 ‰ = 45,625,000.2 → 45,625,001 a month; × 24 months =
    # 1,095,000,024; insured ceil(× 7/30) = ceil(255,500,005.6) = 255,500,006; government
    # 1,095,000,024 − 255,500,006 = 839,500,018
    user, _ = worker()
    client.force_login(user)
    response = client.get(MILITARY, {"months_served": "۲۴"})
    assert response.status_code == 200
    result = response.context["result"]
    assert result.eligible
    assert result.monthly_contribution == 45_625_001
    assert (result.cost, result.insured_share, result.government_share) == (
        1_095_000_024,
        255_500_006,
        839_500_018,
    )
    body = response.content.decode()
    assert "۱٬۰۹۵٬۰۰۰٬۰۲۴ ریال" in body
    assert "۲۵۵٬۵۰۰٬۰۰۶ ریال" in body
    assert "۸۳۹٬۵۰۰٬۰۱۸ ریال" in body


def test_military_purchase_needs_two_years(client):
    # 1404/01–06: 186 days
    user, _ = worker(first=(1404, 1), last=(1404, 6))
    client.force_login(user)
    response = client.get(MILITARY, {"months_served": "18"})
    assert not response.context["result"].eligible
    assert "۱۸۶ روز سابقه پرداخت ثبت شده است" in response.content.decode()


@pytest.mark.parametrize("value", ["0", "61", "-3", "abc", "۲٫۵"])
def test_military_months_out_of_range_are_refused(client, value):
    user, _ = worker()
    client.force_login(user)
    response = client.get(MILITARY, {"months_served": value})
    assert response.status_code == 400
    assert "عددی درست میان ۱ و ۶۰ وارد کنید." in response.content.decode()


def test_military_in_a_year_without_published_rates_says_so(client, time_machine):
    # 1405/07/15: no YearParameters row for 1405 is seeded
    time_machine.move_to(dt.datetime(2026, 10, 7, 9, 0, tzinfo=dt.UTC), tick=False)
    user, _ = worker()
    client.force_login(user)
    response = client.get(MILITARY, {"months_served": "24"})
    assert response.status_code == 200
    assert response.context["result"] is None
    assert "ارقام سال ۱۴۰۵" in response.content.decode()


# --- sickness compensation -------------------------------------------------------------


def _uneven(person):
    """Tir 1404 at 4,000,000 a day, Mordad at 5,000,000, Shahrivar at 6,000,000.

    The 90 days before Mehr: Shahrivar 31 × 6M = 186M, Mordad 31 × 5M = 155M, 28 of Tir's
    31 days: 124M × 28 / 31 = 112M; 453,000,000 / 90 = 5,033,333.3 → 5,033,334 a day.
    """
    for month, daily in ((4, 4_000_000), (5, 5_000_000), (6, 6_000_000)):
        ContributionRecordFactory(person=person, year=1404, month=month, daily_wage=daily)


@pytest.mark.parametrize(
    ("flags", "daily_amount", "days", "amount"),
    [
        # without dependents 2/3: 5,033,334 × 2 / 3 = 3,355,556; days 10 − 3 = 7
        ({}, 3_355_556, 7, 23_488_892),
        # with dependents 3/4: ceil(3,775,000.5) = 3,775,001
        ({"has_dependents": "1"}, 3_775_001, 7, 26_425_007),
        # hospitalized without dependents 1/2: 2,516,667, from day 1
        ({"hospitalized": "1"}, 2_516_667, 10, 25_166_670),
        # a work accident, with dependents: 3/4 from day 1
        ({"work_accident": "1", "has_dependents": "1"}, 3_775_001, 10, 37_750_010),
    ],
)
def test_sickness_compensation(client, flags, daily_amount, days, amount):
    user, person = insured_user()
    _uneven(person)
    client.force_login(user)
    response = client.get(SICKNESS, {"start": "1404/07/05", "days_off": "10", **flags})
    assert response.status_code == 200
    result = response.context["result"]
    assert (result.daily_amount, result.days, result.amount) == (daily_amount, days, amount)
    body = response.content.decode()
    assert "۵٬۰۳۳٬۳۳۴ ریال" in body  # the daily wage, in the steps


def test_sickness_within_the_waiting_days_is_refused_with_the_reason(client):
    user, person = insured_user()
    _uneven(person)
    client.force_login(user)
    response = client.get(SICKNESS, {"start": "1404/07/05", "days_off": "3"})
    assert not response.context["result"].eligible
    assert "از روز ۴ استراحت پرداخت" in response.content.decode()


def test_sickness_without_any_wage_on_file(client):
    user, _ = insured_user()
    client.force_login(user)
    response = client.get(SICKNESS, {"start": "1404/07/05", "days_off": "10"})
    assert not response.context["result"].eligible
    assert "سابقه پرداخت با دستمزد ثبت نشده است" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "1404/07/16", "days_off": "5"}, "این تاریخ نمی‌تواند در آینده باشد."),
        ({"start": "1404/07/05", "days_off": "0"}, "عددی درست میان ۱ و ۳۶۵ وارد کنید."),
        ({"start": "1404/07/05", "days_off": "366"}, "عددی درست میان ۱ و ۳۶۵ وارد کنید."),
        ({"start": "1404/07/05"}, "این مقدار لازم است."),
    ],
)
def test_sickness_bad_input_is_refused(client, params, message):
    user, person = insured_user()
    _uneven(person)
    client.force_login(user)
    response = client.get(SICKNESS, params)
    assert response.status_code == 400
    assert response.context["estimate"] is None
    assert message in response.content.decode()


# --- who, and nothing written ----------------------------------------------------------


def test_calculators_read_only_the_signed_in_person_and_write_nothing(client):
    worker()  # somebody else with a long history
    user, _ = insured_user()
    client.force_login(user)
    audits = AuditLog.objects.count()
    response = client.get(MILITARY, {"months_served": "24"})
    assert not response.context["result"].eligible  # this person has no days at all
    assert "۰ روز سابقه پرداخت" in response.content.decode()
    assert AuditLog.objects.count() == audits
    assert client.post(MILITARY, {"months_served": "24"}).status_code == 405


def test_an_account_without_an_insured_record_sees_no_figures(client):
    worker()
    client.force_login(UserFactory())
    for url, params in (
        (MARRIAGE, {"marriage_date": "1404/05/20"}),
        (MILITARY, {"months_served": "24"}),
        (SICKNESS, {"start": "1404/07/05", "days_off": "10"}),
        ("/insured/calculators/", {}),
    ):
        response = client.get(url, params)
        assert response.status_code == 200
        assert "هیچ سابقه بیمه‌ای" in response.content.decode()


def test_the_index_links_every_calculator(client):
    user, _ = worker()
    client.force_login(user)
    body = client.get("/insured/calculators/").content.decode()
    for url in ("/insured/calculators/pension/", MARRIAGE, MILITARY, SICKNESS):
        assert f'href="{url}"' in body


def test_queries_are_few(client, django_assert_max_num_queries):
    user, _ = worker()
    client.force_login(user)
    for url, params in (
        (MARRIAGE, {"marriage_date": "1404/05/20", "employed_on_marriage": "1"}),
        (MILITARY, {"months_served": "24"}),
        (SICKNESS, {"start": "1404/07/05", "days_off": "10"}),
    ):
        with django_assert_max_num_queries(10):
            assert client.get(url, params).status_code == 200


# --- the API ---------------------------------------------------------------------------


def _bearer(user) -> dict:
    token = api_sign_in_create(user=user, device_name="test").access
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_api_marriage(client):
    user, _ = worker()
    data = client.get(
        "/api/v1/insured/calculators/marriage/",
        {"marriage_date": "2025-08-11", "employed_on_marriage": "true"},  # 1404/05/20
        **_bearer(user),
    ).json()
    assert data["computed"] is True
    assert data["eligible"] is True
    assert data["amount"] == 152_083_334
    assert data["year"] == 1404
    assert data["steps"][-1] == "کمک‌هزینه ازدواج: ۱۵۲٬۰۸۳٬۳۳۴ ریال."
    assert data["note"] == "سوابق شما در مرداد ۱۴۰۴ ۳۱ روز کارکرد دارد."


def test_api_military(client):
    user, _ = worker()
    data = client.get(
        "/api/v1/insured/calculators/military/", {"months_served": "24"}, **_bearer(user)
    ).json()
    assert (data["cost"], data["insured_share"], data["government_share"]) == (
        1_095_000_024,
        255_500_006,
        839_500_018,
    )
    assert data["monthly_contribution"] == 45_625_001
    assert data["reasons"] == []


def test_api_sickness(client):
    user, person = insured_user()
    _uneven(person)
    data = client.get(
        "/api/v1/insured/calculators/sickness/",
        {"start": "2025-09-27", "days_off": "10", "has_dependents": "true"},  # 1404/07/05
        **_bearer(user),
    ).json()
    assert (data["daily_amount"], data["days"], data["amount"]) == (3_775_001, 7, 26_425_007)


def test_api_refusals_and_missing_figures(client, time_machine):
    user, _ = worker()
    auth = _bearer(user)
    base = "/api/v1/insured/calculators/"
    assert client.get(base + "military/", {"months_served": "0"}, **auth).status_code == 400
    assert client.get(base + "military/", **auth).status_code == 400
    future = client.get(base + "sickness/", {"start": "2025-10-08", "days_off": "3"}, **auth)
    assert future.status_code == 400
    before_birth = client.get(base + "marriage/", {"marriage_date": "1980-01-01"}, **auth)
    assert before_birth.status_code == 400
    assert "پیش از تاریخ تولد" in str(before_birth.json())
    not_eligible = client.get(base + "marriage/", {"marriage_date": "2025-08-11"}, **auth).json()
    assert not_eligible["eligible"] is False
    assert not_eligible["amount"] == 0
    assert not_eligible["reasons"]
    time_machine.move_to(dt.datetime(2026, 10, 7, 9, 0, tzinfo=dt.UTC), tick=False)
    auth = _bearer(user)  # a token of that day (tokens expire)
    missing = client.get(base + "military/", {"months_served": "24"}, **auth).json()
    assert missing["computed"] is False
    assert "ارقام سال ۱۴۰۵" in missing["missing"]
    assert missing["steps"] == []


def test_api_is_404_without_an_insured_record(client):
    worker()
    auth = _bearer(UserFactory())
    base = "/api/v1/insured/calculators/"
    assert client.get(base + "military/", {"months_served": "24"}, **auth).status_code == 404
    assert (
        client.get(base + "sickness/", {"start": "2025-09-27", "days_off": "5"}, **auth).status_code
        == 404
    )
    assert (
        client.get(base + "marriage/", {"marriage_date": "2025-08-11"}, **auth).status_code == 404
    )
