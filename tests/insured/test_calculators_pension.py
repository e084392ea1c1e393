"""The pension calculator page and its file (insured:calculator_pension).

The clock stands at 1404/07/15 (7 October 2025), a year whose minimum pension is seeded
(103,909,680 rial). Figures are worked by hand from DOMAIN.md §3: with one daily wage
throughout, the 730 days walked sum to 730 × that wage whatever month is cut.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from tamin.accounts.models import Role
from tamin.accounts.services import api_sign_in_create
from tests.accounts.factories import UserFactory
from tests.insured.factories import ContributionRecordFactory, InsuredPersonFactory, history
from tests.insured.factories_inquiries import insured_user

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2025, 10, 7, 9, 0, tzinfo=dt.UTC)  # 1404/07/15 in Tehran
DAILY = 5_000_000
URL = "/insured/calculators/pension/"


@pytest.fixture(autouse=True)
def _on_mehr_15_1404(time_machine):
    time_machine.move_to(TODAY, tick=False)


def _months(person, first: tuple[int, int], last: tuple[int, int], *, daily: int = DAILY):
    year, month = first
    while (year, month) <= last:
        ContributionRecordFactory(person=person, year=year, month=month, daily_wage=daily)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def retiree():
    """A man born 1340/01/01 (64), full months 1369/01–1404/06 at 5,000,000 rial a day,
    and a month of this month (1404/07) at ten times that, which no grant today counts."""
    user, person = insured_user(birth_date=dt.date(1961, 3, 21), sex="male")
    history(person, years=35, start_year=1369, daily_wage=DAILY)
    _months(person, (1404, 1), (1404, 6))
    _months(person, (1404, 7), (1404, 7), daily=DAILY * 10)
    return user, person


# average = ceil(730 × 5,000,000 / 24) = ceil(152,083,333.3) = 152,083,334
# days: 1369–1403 = 35 × 365 + 9 leap years = 12,784, + 186 (1404/01–06) = 12,970 → 35 years
# computed = ceil(152,083,334 × 35 / 30) = ceil(177,430,556.3) = 177,430,557 > the floor
AVERAGE = 152_083_334
PENSION = 177_430_557
DAYS = 12_970


def test_an_eligible_person_sees_the_pension_of_today_with_its_working(client):
    user, _person = retiree()
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    context = response.context
    assert context["result"].pension == PENSION
    assert context["result"].average_wage == AVERAGE
    assert context["result"].days == DAYS
    assert context["result"].minimum_pension == 103_909_680
    body = response.content.decode()
    assert 'data-testid="eligible"' in body
    assert "۱۷۷٬۴۳۰٬۵۵۷" in body
    assert "۱۵۲٬۰۸۳٬۳۳۴" in body
    assert "۳۵٫۰۰" in body
    assert 'data-testid="steps"' in body
    assert "شرط ۱۰ سال سابقه، سن ۶۰ سال" in body
    # the month that crosses 730 days is named, partly used
    assert "data-partial" in body


def test_the_calculator_figure_equals_pension_compute_on_the_offered_file(client, tmp_path):
    user, _person = retiree()
    client.force_login(user)
    page = client.get(URL).context["result"]
    response = client.get(reverse("insured:calculator_pension_file"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["on"] == "1404/07/15"
    assert data["birth_date"] == "1340/01/01"
    assert data["sex"] == "male"
    assert data["added_days"] == 0
    # the months before this one, one per month: this month's record is not in the file
    assert data["records"][-1] == {"year": 1404, "month": 6, "days": 31, "wage": 31 * DAILY}
    assert len(data["records"]) == 35 * 12 + 6
    path = tmp_path / "calculator.json"
    path.write_bytes(response.content)
    answer = _pension_compute(path)
    assert answer["pension"] == page.pension == PENSION
    assert answer["average_wage"] == page.average_wage == AVERAGE
    assert answer["days"] == page.days == DAYS
    assert answer["years"] == "35.00"
    assert answer["eligible"] is True
    assert answer["steps"] == list(page.steps)


def test_added_days_reach_the_figure_and_the_file(client, tmp_path):
    # a woman born 1360/01/01 with 1384/01–1404/06: 20 years (1384–1403: 20 × 365 + 5 leap
    # years = 7,305) + 186 = 7,491 days; 730 added → 8,221 days = 22.52 years;
    # computed = ceil(152,083,334 × 2252 / 3000) = ceil(114,163,889.4) = 114,163,890
    user, person = insured_user(birth_date=dt.date(1981, 3, 21), sex="female")
    history(person, years=20, start_year=1384, daily_wage=DAILY)
    _months(person, (1404, 1), (1404, 6))
    client.force_login(user)
    response = client.get(URL, {"added_days": "۷۳۰"})
    assert response.status_code == 200
    result = response.context["result"]
    assert (result.days, result.added_days, result.years_hundredths) == (7_491, 730, 2252)
    assert result.pension == 114_163_890
    assert "calculators/pension/file/?added_days=730" in response.content.decode()
    file = client.get(reverse("insured:calculator_pension_file"), {"added_days": "730"})
    path = tmp_path / "added.json"
    path.write_bytes(file.content)
    answer = _pension_compute(path)
    assert answer["added_days"] == 730
    assert answer["pension"] == 114_163_890


def test_not_eligible_yet_the_page_names_the_day_if_work_goes_on(client):
    # born 1361/05/10; 1380/01–1404/06 full (8,952 days), Shahrivar 1404 recent: carried on,
    # 30 years are complete from 1410/01/01 and he is 50 on 1411/05/10
    user, person = insured_user(birth_date=dt.date(1982, 8, 1), sex="male")
    history(person, years=24, start_year=1380, daily_wage=DAILY)
    _months(person, (1404, 1), (1404, 6))
    client.force_login(user)
    response = client.get(URL)
    estimate = response.context["estimate"]
    assert not estimate.eligible
    assert estimate.result.days == 8_952
    assert (estimate.eligible_from.year, estimate.eligible_from.month) == (1411, 5)
    assert estimate.eligible_from.day == 10
    body = response.content.decode()
    assert 'data-testid="eligible-from"' in body
    assert "۱۰ مرداد ۱۴۱۱" in body
    assert "اگر مانند شهریور ۱۴۰۴" in body


def test_without_recent_work_only_age_can_bring_eligibility(client):
    # born 1350/03/20, records 1380/01–1400/06 (20 years and 6 months): his last month is
    # four years old, nothing is carried on; ten years are there, so his 60th birthday
    user, person = insured_user(birth_date=dt.date(1971, 6, 10), sex="male")
    history(person, years=20, start_year=1380, daily_wage=DAILY)
    _months(person, (1400, 1), (1400, 6))
    client.force_login(user)
    response = client.get(URL)
    estimate = response.context["estimate"]
    assert estimate.continuing is None
    assert estimate.eligible_from.year == 1410
    assert (estimate.eligible_from.month, estimate.eligible_from.day) == (3, 20)
    body = response.content.decode()
    assert "۲۰ خرداد ۱۴۱۰" in body
    assert "کار تازه‌ای ثبت نشده" in body


def test_never_within_reach_says_so(client):
    # a woman born 1340, five years long ago and nothing since: ten years never come
    user, person = insured_user(birth_date=dt.date(1961, 3, 21), sex="female")
    history(person, years=5, start_year=1370, daily_wage=DAILY)
    client.force_login(user)
    response = client.get(URL)
    assert response.context["estimate"].eligible_from is None
    assert 'data-testid="not-in-sight"' in response.content.decode()


def test_no_record_at_all(client):
    user, _person = insured_user()
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    assert 'data-testid="no-records"' in response.content.decode()


@pytest.mark.parametrize("value", ["-5", "abc", "18251", "۱۲۳۴۵۶۷۸۹۰۱"])
def test_bad_added_days_are_refused_in_persian_and_nothing_is_computed(client, value):
    user, _person = retiree()
    client.force_login(user)
    response = client.get(URL, {"added_days": value})
    assert response.status_code == 400
    assert response.context["estimate"] is None
    body = response.content.decode()
    assert 'aria-invalid="true"' in body
    assert "عددی درست میان ۰ و ۱۸٬۲۵۰ وارد کنید." in body
    assert "Ensure" not in body
    assert "Enter a whole number" not in body
    assert (
        client.get(reverse("insured:calculator_pension_file"), {"added_days": value}).status_code
        == 400
    )


def test_only_the_signed_in_person_records_are_read(client):
    # someone else's history never reaches this account's calculator
    retiree()
    user, _person = insured_user()
    client.force_login(user)
    assert 'data-testid="no-records"' in client.get(URL).content.decode()
    data = json.loads(client.get(reverse("insured:calculator_pension_file")).content)
    assert data["records"] == []


def test_an_account_without_an_insured_record_or_role_sees_no_figures(client):
    retiree()
    client.force_login(UserFactory())
    response = client.get(URL)
    assert response.status_code == 200
    assert "هیچ سابقه بیمه‌ای" in response.content.decode()
    assert "result" not in response.context
    # a pensioner whose records are on file is not an insured person here (the role)
    pensioner = UserFactory(roles=[Role.PENSIONER])
    history(InsuredPersonFactory.for_user(pensioner), years=5, start_year=1370)
    client.force_login(pensioner)
    response = client.get(URL)
    assert "هیچ سابقه بیمه‌ای" in response.content.decode()
    assert "result" not in response.context


def test_post_is_refused(client):
    user, _person = retiree()
    client.force_login(user)
    assert client.post(URL).status_code == 405


def test_queries_are_few(client, django_assert_max_num_queries):
    user, _person = retiree()
    client.force_login(user)
    with django_assert_max_num_queries(12):
        assert client.get(URL).status_code == 200


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def _pension_compute(path) -> dict:
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_:  # the command ends with its exit status
        call_command("pension", "compute", str(path), "--json", stdout=out)
    assert exit_.value.code == 0
    return json.loads(out.getvalue())


# --- the API -----------------------------------------------------------------------

API = "/api/v1/insured/calculators/pension/"


def _bearer(user) -> dict:
    token = api_sign_in_create(user=user, device_name="test").access
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_the_api_gives_the_page_figures_steps_and_file(client, tmp_path):
    user, _person = retiree()
    response = client.get(API, **_bearer(user))
    assert response.status_code == 200
    data = response.json()
    assert data["on"] == "2025-10-07"
    assert data["eligible"] is True
    assert data["figures"]["pension"] == PENSION
    assert data["figures"]["average_wage"] == AVERAGE
    assert data["figures"]["original_days"] == DAYS
    assert data["figures"]["years"] == "35.00"
    assert data["figures"]["minimum_pension"] == 103_909_680
    assert data["continuing"] == {
        "year": 1404,
        "month": 6,
        "label": "شهریور ۱۴۰۴",
        "days": 31,
        "wage": 31 * DAILY,
    }
    assert {"label": "سن و سابقه", "path": "service", "min_years": 10, "min_age": 60,
            "years": "35.00", "met": True} in data["conditions"]  # fmt: skip
    assert data["steps"][-1] == "واجد شرایط بازنشستگی در تاریخ محاسبه: بله."
    assert data["walked"][0]["year"] == 1404
    assert data["walked"][-1]["partial"] is True
    path = tmp_path / "api.json"
    path.write_text(json.dumps(data["file"]))
    assert _pension_compute(path)["pension"] == PENSION


def test_the_api_names_the_day_of_eligibility(client):
    user, person = insured_user(birth_date=dt.date(1982, 8, 1), sex="male")
    history(person, years=24, start_year=1380, daily_wage=DAILY)
    _months(person, (1404, 1), (1404, 6))
    data = client.get(API, {"added_days": "0"}, **_bearer(user)).json()
    assert data["eligible"] is False
    assert data["eligible_from"] == "2032-07-31"  # 1411/05/10
    assert data["horizon_years"] == 45


def test_the_api_without_records(client):
    user, _person = insured_user()
    data = client.get(API, **_bearer(user)).json()
    assert data["figures"] is None
    assert data["steps"] == []
    assert data["conditions"] == []
    assert data["file"]["records"] == []


@pytest.mark.parametrize("value", ["-1", "x", "18251"])
def test_the_api_refuses_bad_added_days(client, value):
    user, _person = retiree()
    response = client.get(API, {"added_days": value}, **_bearer(user))
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"


def test_the_api_is_404_without_an_insured_record(client):
    retiree()
    assert client.get(API, **_bearer(UserFactory())).status_code == 404
    assert client.get(API).status_code in (401, 403)
