"""The pensioner's ruling pages: the rulings list (and the home's link to it), one ruling
with its history and its amount in digits and words, "how my pension was computed" with
its file — which the rule reads back to the page's figures — and 404 for anyone else."""

from __future__ import annotations

import io
import json

import jdatetime
import pytest
from django.core.management import call_command, get_commands
from django.urls import reverse

from pensioners.selectors.rulings import computation_run
from pensioners.services.rulings import pension_grant_survivors, pension_yearly_increase_issue
from tamin.core.jalali import format_rial
from tamin.rules.pension_figures import minimum_pension, retirement_conditions
from tamin.rules.pensions import ServiceMonth, pension_compute
from tests.accounts.factories import UserFactory
from tests.pensioners.factories import (
    PensionerFactory,
    PensionFactory,
    PensionRulingFactory,
    pensioner_with_account,
)
from tests.pensioners.factories_rulings import g, granted_retiree

NO_PENSION = "برای کد ملی این حساب، مستمری‌ای در سازمان ثبت نشده است."

pytestmark = pytest.mark.django_db

PENSION = 73_828_723
AFTER_1403 = 88_594_468
AFTER_1404 = 106_313_362


@pytest.fixture
def retired(client):
    user, pensioner, pension = granted_retiree()
    pension_yearly_increase_issue(pension=pension, year=1403)
    pension_yearly_increase_issue(pension=pension, year=1404)
    client.force_login(user)
    return user, pensioner, pension


def _ruling(pension, year):
    return pension.rulings.get(year=year)


def test_the_home_links_each_pension_to_its_rulings_and_computation(client, retired):
    _user, _pensioner, pension = retired
    page = client.get(reverse("pensioners:home"))
    assert reverse("pensioners:pension_rulings", args=[pension.pk]) in page.text
    assert reverse("pensioners:pension_computation", args=[pension.pk]) in page.text


def test_the_rulings_list_shows_each_ruling_before_and_after(client, retired):
    _user, _pensioner, pension = retired
    for url in (
        reverse("pensioners:rulings"),
        reverse("pensioners:pension_rulings", args=[pension.pk]),
    ):
        page = client.get(url)
        assert page.status_code == 200
        for ruling in pension.rulings.all():
            assert reverse("pensioners:ruling_detail", args=[ruling.pk]) in page.text
        assert format_rial(AFTER_1404) in page.text
        assert format_rial(AFTER_1403) in page.text
        assert 'class="table table-stack' in page.text
        assert "data-label=" in page.text


def test_the_rulings_list_has_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    # given a pensioner with three pensions of three rulings each
    user, pensioner, _pension = pensioner_with_account()
    for _ in range(2):
        other = PensionFactory(pensioner=pensioner)
        PensionRulingFactory(pension=other)
    for each in pensioner.pensions.all():
        pension_yearly_increase_issue(pension=each, year=1403)
        pension_yearly_increase_issue(pension=each, year=1404)
    client.force_login(user)
    # then the page reads them in a few queries: session, user, roles, pensioner, pensions
    # (with their amounts), rulings, and the session's save (3) — not one per pension
    with django_assert_max_num_queries(9):
        page = client.get(reverse("pensioners:rulings"))
    assert page.status_code == 200
    assert page.text.count('data-testid="pension"') == 3


def test_the_ruling_page_has_the_service_basis_history_and_amount_in_words(client, retired):
    _user, pensioner, pension = retired
    ruling = _ruling(pension, 1404)
    page = client.get(reverse("pensioners:ruling_detail", args=[ruling.pk]))
    assert page.status_code == 200
    text = page.text
    assert pensioner.full_name in text
    assert "۱۱٬۱۰۱ روز" in text  # original service
    assert "۳۰٫۴۱" in text  # years
    assert format_rial(72_833_334) in text  # the basis
    assert format_rial(PENSION) in text
    assert format_rial(AFTER_1403) in text
    assert format_rial(AFTER_1404) in text
    # 106,313,362 in words
    assert "یکصد و شش میلیون و سیصد و سیزده هزار و سیصد و شصت و دو ریال" in text
    assert reverse("pensioners:ruling_pdf", args=[ruling.pk]) in text
    assert 'method="post"' in text


def test_an_earlier_ruling_says_a_later_one_changed_the_amount(client, retired):
    _user, _pensioner, pension = retired
    grant = pension.rulings.get(kind="grant")
    page = client.get(reverse("pensioners:ruling_detail", args=[grant.pk]))
    assert "پس از این حکم" in page.text
    assert format_rial(AFTER_1404) not in page.text  # only its own history


def test_the_computation_page_walks_the_months_and_marks_the_partial_one(client, retired):
    _user, _pensioner, pension = retired
    page = client.get(reverse("pensioners:pension_computation", args=[pension.pk]))
    assert page.status_code == 200
    text = page.text
    assert format_rial(72_833_334) in text  # average
    assert format_rial(PENSION) in text
    assert "۳۰٫۴۱" in text
    assert "۱۱٬۱۰۱" in text
    assert format_rial(53_082_840) in text  # the year's minimum, the floor
    assert "data-partial" in text  # 1400/05: 11 of 31 days
    assert "مرداد ۱۴۰۰" in text
    assert 'data-testid="mismatch"' not in text
    assert reverse("pensioners:pension_computation_file", args=[pension.pk]) in text


def test_the_downloaded_file_gives_the_page_figures_through_the_rule(client, retired, tmp_path):
    _user, _pensioner, pension = retired
    # when the file is downloaded
    response = client.get(reverse("pensioners:pension_computation_file", args=[pension.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert set(data) == {"sex", "birth_date", "on", "added_days", "records"}
    # then the rule, fed the file as it stands, gives the page's figures
    on = data["on"].split("/")
    result = pension_compute(
        sex=data["sex"],
        birth_date=jdatetime.date(*(int(p) for p in data["birth_date"].split("/"))),
        on=jdatetime.date(*(int(p) for p in on)),
        records=[ServiceMonth(**record) for record in data["records"]],
        conditions=retirement_conditions(year=int(on[0])),
        minimum_pension=minimum_pension(year=int(on[0])),
        added_days=data["added_days"],
    )
    assert result.pension == PENSION
    assert result.average_wage == 72_833_334
    assert result.years_hundredths == 3041
    assert result.days == 11_101
    assert computation_run(data).pension == PENSION
    # and the command reads the same file to the same figures, once it exists
    path = tmp_path / "computation.json"
    path.write_bytes(response.content)
    _command_agrees(path, pension=PENSION, average=72_833_334, years="30.41")


def _command_agrees(path, *, pension, average, years):
    """`manage.py pension compute FILE --json` (tamin.rules) gives the page's figures."""
    assert "pension" in get_commands()
    out = io.StringIO()
    try:
        call_command("pension", "compute", str(path), "--json", stdout=out)
    except SystemExit as exit_:  # the command ends with its exit status
        code = exit_.code
    else:
        code = 0
    assert code in (0, None)
    answer = json.loads(out.getvalue())
    assert answer["pension"] == pension
    assert answer["average_wage"] == average
    assert answer["years"] == years
    assert answer["days"] == 11_101
    assert answer["minimum_pension"] == 53_082_840
    assert answer["eligible"] is True
    # the month the walk took in part: 11 of Mordad 1400's 31 days
    assert answer["average"]["months"][-1] == {
        "year": 1400,
        "month": 5,
        "days": 31,
        "wage": 62_000_000,
        "days_used": 11,
        "wage_used": 22_000_000,
    }


def test_a_survivor_sees_the_share_and_the_deceased_computation(client):
    _user, _pensioner, deceased = granted_retiree()
    pension_yearly_increase_issue(pension=deceased, year=1403)
    widow_user = UserFactory()
    widow = PensionerFactory(national_code=widow_user.national_code, sex="female")
    (survivor,) = pension_grant_survivors(
        deceased_pension=deceased, survivors=[(widow, "spouse")], on=g(1403, 8, 1)
    )
    client.force_login(widow_user)
    page = client.get(reverse("pensioners:pension_computation", args=[survivor.pk]))
    assert page.status_code == 200
    assert 'data-testid="share"' in page.text
    assert format_rial(AFTER_1403) in page.text  # the deceased's amount shared
    assert format_rial(44_297_234) in page.text  # ceil(88,594,468 / 2)
    assert format_rial(PENSION) in page.text  # the deceased's computation
    assert 'data-testid="mismatch"' not in page.text
    # and the file is the deceased's history
    file = client.get(reverse("pensioners:pension_computation_file", args=[survivor.pk]))
    assert json.loads(file.content)["on"] == "1402/07/01"


def test_a_grant_without_stored_inputs_says_so(client):
    user, _pensioner, pension = pensioner_with_account()
    client.force_login(user)
    page = client.get(reverse("pensioners:pension_computation", args=[pension.pk]))
    assert page.status_code == 200
    assert 'data-testid="not-available"' in page.text
    file = client.get(reverse("pensioners:pension_computation_file", args=[pension.pk]))
    assert file.status_code == 404


def test_another_persons_pension_and_ruling_are_404(client, retired):
    _user, _pensioner, pension = retired
    ruling = _ruling(pension, 1404)
    stranger, _p, own = pensioner_with_account()
    client.force_login(stranger)
    for name, args in (
        ("pensioners:ruling_detail", [ruling.pk]),
        ("pensioners:pension_rulings", [pension.pk]),
        ("pensioners:pension_computation", [pension.pk]),
        ("pensioners:pension_computation_file", [pension.pk]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 404, name
    assert client.post(reverse("pensioners:ruling_pdf", args=[ruling.pk])).status_code == 404
    # a missing id answers the same
    assert client.get(reverse("pensioners:ruling_detail", args=[10**9])).status_code == 404
    # their own pension still opens
    assert client.get(reverse("pensioners:pension_rulings", args=[own.pk])).status_code == 200


def test_a_person_who_is_not_a_pensioner_gets_404(client):
    client.force_login(UserFactory())
    response = client.get(reverse("pensioners:rulings"))
    assert response.status_code == 200
    assert NO_PENSION in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("pensioners:rulings"))
    assert response.status_code == 302
    assert "login" in response["Location"] or "sign" in response["Location"]


def test_the_pdf_is_post_only(client, retired):
    _user, _pensioner, pension = retired
    ruling = _ruling(pension, 1404)
    assert client.get(reverse("pensioners:ruling_pdf", args=[ruling.pk])).status_code == 405


def test_the_home_page_costs_the_same_queries_for_one_pension_or_three(
    client, django_assert_max_num_queries
):
    # a pensioner with one pension, then the same page with two more
    user, pensioner, _pension = pensioner_with_account()
    client.force_login(user)
    client.get(reverse("pensioners:home"))  # warm the session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("pensioners:home")).status_code == 200
    for _ in range(2):
        PensionRulingFactory(pension=PensionFactory(pensioner=pensioner))
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("pensioners:home"))
    assert page.status_code == 200
    assert page.content.decode().count("۱۲۰٬۰۰۰٬۰۰۰ ریال") == 3
