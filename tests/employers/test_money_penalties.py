"""Penalties once: what the debt page shows is what the ledger gets, and stays owed until paid.

Hand computations from DOMAIN.md §3 ([to confirm] rates, as seeded: 2 % a month late,
10 % of the premium of a month whose list was not sent in time). A list of month M is
due by the last day of M+1; every Jalali month started after that accrues 2 % of what
the list owed when that month started, rounded half up to the rial on its own.
Ledger rows are dated by moving `created_at` (the ledger stamps rows with the clock).
"""

from __future__ import annotations

import datetime
import re

import jdatetime
import pytest
from django.utils import timezone

from employers.models import EntryKind, LedgerEntry
from employers.selectors.money import turnover, workshop_debt
from employers.services.money import payment_start, penalties_post, penalties_post_all
from tamin.accounts.services import api_sign_in_create
from tests.employers.factories import RepresentativeFactory
from tests.employers.factories_money import payment_recorded, submitted_list_with_charge

pytestmark = pytest.mark.django_db


def _day(year: int, month: int, day: int) -> datetime.date:
    return jdatetime.date(year, month, day).togregorian()


def _at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(_day(year, month, day), datetime.time(hour))
    )


def _dated(entry: LedgerEntry, when: datetime.datetime) -> LedgerEntry:
    LedgerEntry.objects.filter(pk=entry.pk).update(created_at=when)
    return entry


def _list_sent(workshop, *, year: int, month: int, amount: int, on: datetime.datetime):
    """A list of (year, month) submitted at `on`, with its charge row dated then."""
    item = submitted_list_with_charge(workshop=workshop, year=year, month=month, amount=amount)
    _dated(LedgerEntry.objects.get(monthly_list=item, kind=EntryKind.CHARGE), on)
    return item


def _paid(workshop, amount: int, *, on: datetime.datetime, year=None, month=None):
    return payment_recorded(workshop=workshop, amount=amount, year=year, month=month, on=on)


def _sent_in_time(workshop, *, year: int, months: range) -> None:
    """The following months' lists (1,000,000 each) sent on the 20th and paid the next day,
    so only the list under test is late."""
    for month in months:
        _list_sent(workshop, year=year, month=month, amount=1_000_000, on=_at(year, month, 20))
        _paid(workshop, 1_000_000, on=_at(year, month, 21), year=year, month=month)


def _penalty_rows(workshop) -> list[tuple[str, int]]:
    return list(
        LedgerEntry.objects.filter(workshop=workshop, kind=EntryKind.PENALTY)
        .order_by("penalty_key")
        .values_list("penalty_key", "amount")
    )


def _lines(debt) -> list[tuple]:
    return [
        (
            line.kind,
            line.year,
            line.month,
            line.accrued,
            line.posted,
            line.pending,
            line.outstanding,
        )
        for line in debt.penalties
    ]


def test_posted_equals_shown_for_1_000_049_over_three_months():
    # given Farvardin 1404's list (1,000,049 rial) sent in time and never paid (the later
    # lists sent and paid in time)
    workshop = RepresentativeFactory().workshop
    _list_sent(workshop, year=1404, month=1, amount=1_000_049, on=_at(1404, 1, 25))
    _sent_in_time(workshop, year=1404, months=range(2, 5))
    today = _day(1404, 5, 1)  # Khordad, Tir and Mordad started after 1404/02/31: 3 months
    # when the debt page is read before the penalty task runs
    shown = workshop_debt(workshop=workshop, today=today)
    # then each month is 1,000,049 × 2 % = 20,000.98 → 20,001; 3 months = 60,003
    # (the old code posted 3 × 20,000 = 60,000 and showed ⌊60,002.94⌋ = 60,002)
    assert shown.penalties_owed == 60_003
    assert shown.penalties_pending == 60_003
    # when the task posts them
    assert penalties_post(workshop=workshop, today=today) == 3
    # then the ledger has the same three months and the page the same total, all posted
    assert _penalty_rows(workshop) == [
        ("late:1404-01:1", 20_001),
        ("late:1404-01:2", 20_001),
        ("late:1404-01:3", 20_001),
    ]
    after = workshop_debt(workshop=workshop, today=today)
    assert (after.penalties_owed, after.penalties_pending) == (60_003, 0)
    assert after.balance == 1_000_049 + 60_003


def test_rows_posted_at_different_times_equal_the_total_computed_at_once():
    # given 10,000,000 owed, 4,000,000 of it paid on 1404/03/15
    workshop = RepresentativeFactory().workshop
    _list_sent(workshop, year=1404, month=1, amount=10_000_000, on=_at(1404, 1, 25))
    _sent_in_time(workshop, year=1404, months=range(2, 5))
    _paid(workshop, 4_000_000, on=_at(1404, 3, 15), year=1404, month=1)
    # when the task ran in Khordad (month 1) and again in Mordad (months 2 and 3)
    assert penalties_post(workshop=workshop, today=_day(1404, 3, 2)) == 1
    assert penalties_post(workshop=workshop, today=_day(1404, 5, 2)) == 2
    # then Khordad accrued on 10,000,000 (200,000), Tir and Mordad on 6,000,000 (120,000 each)
    # — the old code posted month 1 on what was owed when it ran, and showed 3 × 2 % of today's
    assert _penalty_rows(workshop) == [
        ("late:1404-01:1", 200_000),
        ("late:1404-01:2", 120_000),
        ("late:1404-01:3", 120_000),
    ]
    assert workshop_debt(workshop=workshop, today=_day(1404, 5, 2)).penalties_owed == 440_000


def test_a_penalty_accrued_then_the_base_paid_stays_owed_until_paid():
    # given Farvardin's 10,000,000 unpaid through Khordad and Tir, paid on 1404/04/10
    workshop = RepresentativeFactory().workshop
    item = _list_sent(workshop, year=1404, month=1, amount=10_000_000, on=_at(1404, 1, 25))
    _sent_in_time(workshop, year=1404, months=range(2, 9))
    _paid(workshop, 10_000_000, on=_at(1404, 4, 10), year=1404, month=1)
    today = _day(1404, 6, 5)
    # when the debt page is read (nothing posted yet)
    debt = workshop_debt(workshop=workshop, today=today)
    # then the premium is paid, but Khordad and Tir each accrued 200,000: 400,000 owed
    # (the old page showed no penalty once the list was paid, and nothing was posted)
    assert debt.estimated.total == 0
    assert debt.penalties_owed == 400_000
    assert _lines(debt) == [("late_payment", 1404, 1, 400_000, 0, 400_000, 400_000)]
    assert debt.penalties[0].months_late == 2
    # when the task runs, the two months reach the turnover
    assert penalties_post_all(today=today) == 2
    rows = turnover(workshop=workshop).rows
    assert [(row.entry.kind, row.entry.amount, row.balance) for row in rows[:2]] == [
        ("penalty", 200_000, 400_000),
        ("penalty", 200_000, 200_000),
    ]
    assert {row.entry.monthly_list_id for row in rows[:2]} == {item.pk}
    # and they stay owed on the page until paid
    debt = workshop_debt(workshop=workshop, today=today)
    assert _lines(debt) == [("late_payment", 1404, 1, 400_000, 400_000, 0, 400_000)]
    assert debt.balance == 400_000
    # when 400,000 is paid without a list (allocation: periods first, then penalties)
    _paid(workshop, 400_000, on=_at(1404, 6, 6))
    # then nothing is owed and no further month accrues
    debt = workshop_debt(workshop=workshop, today=_day(1404, 9, 1))
    assert (debt.penalties_owed, debt.penalties, debt.balance) == (0, [], 0)
    assert penalties_post(workshop=workshop, today=_day(1404, 9, 1)) == 0


def test_posting_twice_posts_once():
    workshop = RepresentativeFactory().workshop
    _list_sent(workshop, year=1404, month=1, amount=10_000_000, on=_at(1404, 1, 25))
    _sent_in_time(workshop, year=1404, months=range(2, 4))
    # when run twice the first month late
    assert penalties_post(workshop=workshop, today=_day(1404, 3, 1)) == 1
    assert penalties_post(workshop=workshop, today=_day(1404, 3, 20)) == 0
    # and again a month later (through the beat task's service)
    assert penalties_post_all(today=_day(1404, 4, 2)) == 1
    assert penalties_post_all(today=_day(1404, 4, 2)) == 0
    # then two rows of 2 % each for Farvardin
    rows = list(LedgerEntry.objects.filter(workshop=workshop, kind=EntryKind.PENALTY))
    assert [row.amount for row in rows] == [200_000, 200_000]
    assert all((row.year, row.month) == (1404, 1) for row in rows)
    assert (
        workshop_debt(workshop=workshop, today=timezone.localdate()).estimated.penalties_outstanding
        == 400_000
    )


def test_no_penalty_before_the_deadline_or_when_paid_in_time():
    workshop = RepresentativeFactory().workshop
    _list_sent(workshop, year=1404, month=1, amount=10_000_000, on=_at(1404, 1, 25))
    _sent_in_time(workshop, year=1404, months=range(2, 5))
    assert penalties_post(workshop=workshop, today=_day(1404, 2, 31)) == 0
    _paid(workshop, 10_000_000, on=_at(1404, 2, 31, hour=23), year=1404, month=1)
    assert penalties_post(workshop=workshop, today=_day(1404, 6, 1)) == 0
    assert workshop_debt(workshop=workshop, today=_day(1404, 6, 1)).penalties == []


def test_the_no_list_penalty_of_a_missing_month_is_posted_once_and_shown():
    # given Farvardin (3,000,000) and Khordad sent and paid in time, Ordibehesht not sent
    workshop = RepresentativeFactory().workshop
    _list_sent(workshop, year=1404, month=1, amount=3_000_000, on=_at(1404, 1, 25))
    _paid(workshop, 3_000_000, on=_at(1404, 1, 26), year=1404, month=1)
    _list_sent(workshop, year=1404, month=3, amount=3_500_000, on=_at(1404, 3, 20))
    _paid(workshop, 3_500_000, on=_at(1404, 3, 21), year=1404, month=3)
    # when Ordibehesht's deadline (1404/03/31) has passed
    today = _day(1404, 4, 5)
    shown = workshop_debt(workshop=workshop, today=today)
    # then 10 % of the premium of the latest earlier month (Farvardin: 3,000,000) = 300,000
    assert _lines(shown) == [("no_list", 1404, 2, 300_000, 0, 300_000, 300_000)]
    # when posted twice
    assert penalties_post(workshop=workshop, today=today) == 1
    assert penalties_post(workshop=workshop, today=today) == 0
    assert _penalty_rows(workshop) == [("no_list:1404-02", 300_000)]
    # when Ordibehesht's list is then sent late (4,000,000) and paid the same day
    _list_sent(workshop, year=1404, month=2, amount=4_000_000, on=_at(1404, 4, 10))
    _paid(workshop, 4_000_000, on=_at(1404, 4, 10, hour=11), year=1404, month=2)
    today = _day(1404, 4, 15)
    # then the no-list penalty is unchanged and Tir (started before the list) accrued
    # 2 % of 4,000,000 = 80,000 for paying late
    assert penalties_post(workshop=workshop, today=today) == 1
    assert _penalty_rows(workshop) == [("late:1404-02:1", 80_000), ("no_list:1404-02", 300_000)]
    assert workshop_debt(workshop=workshop, today=today).penalties_owed == 380_000


def test_a_workshop_without_an_earlier_list_has_no_premium_to_charge():
    # given a workshop whose first list (Ordibehesht) was sent late: no earlier premium
    workshop = RepresentativeFactory().workshop
    _list_sent(workshop, year=1404, month=2, amount=2_000_000, on=_at(1404, 4, 2))
    _paid(workshop, 2_000_000, on=_at(1404, 4, 2, hour=11), year=1404, month=2)
    # then only the late payment of Tir: 40,000; no no-list penalty
    debt = workshop_debt(workshop=workshop, today=_day(1404, 4, 20))
    assert _lines(debt) == [("late_payment", 1404, 2, 40_000, 0, 40_000, 40_000)]


def test_paying_the_whole_balance_includes_the_penalties_not_yet_posted():
    # given a late list, paid for its premium, with accrued penalties nobody posted yet
    rep = RepresentativeFactory()
    workshop = rep.workshop
    _list_sent(workshop, year=1404, month=1, amount=10_000_000, on=_at(1404, 1, 25))
    _paid(workshop, 10_000_000, on=_at(1404, 4, 10), year=1404, month=1)
    assert workshop_debt(workshop=workshop, today=timezone.localdate()).penalties_pending > 0
    # when the owner starts a payment of the whole balance
    payment = payment_start(user=rep.user, workshop=workshop)
    # then the accrued penalties are posted first and the payment covers them
    debt = workshop_debt(workshop=workshop, today=timezone.localdate())
    assert debt.penalties_pending == 0
    assert payment.amount == debt.balance == debt.penalties_owed > 0


# --- the page and the API -----------------------------------------------------------


def _shift(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def _persian_number(text: str) -> int:
    digits = text.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))
    return int(re.sub(r"[^0-9]", "", digits))


def _testid(html: str, testid: str) -> list[int]:
    return [
        _persian_number(value) for value in re.findall(rf'data-testid="{testid}">([^<]*)<', html)
    ]


def _workshop_a_few_months_late():
    """Month P (4 months ago) sent in time and unpaid, P+1 and P+2 never sent.

    Today is in P+4: P is 3 months late (P+2, P+3, P+4 started); P+1's and P+2's
    deadlines (ends of P+2 and P+3) have passed. The task ran on the first of P+3.
    """
    rep = RepresentativeFactory()
    now = jdatetime.date.fromgregorian(date=timezone.localdate())
    year, month = _shift(now.year, now.month, -4)
    _list_sent(rep.workshop, year=year, month=month, amount=5_000_000, on=_at(year, month, 20))
    ran_on = _shift(year, month, 3)
    assert penalties_post(workshop=rep.workshop, today=_day(*ran_on, 1)) == 3
    return rep, (year, month)


def test_the_debt_page_and_the_api_agree(client):
    # given posted and pending penalties of both kinds
    rep, _period = _workshop_a_few_months_late()
    # hand: late 5,000,000 × 2 % = 100,000 a month × 3 = 300,000 (2 posted, 1 pending);
    # no list for P+1 and P+2: 10 % × 5,000,000 = 500,000 each (P+1 posted, P+2 pending)
    client.force_login(rep.user)
    page = client.get(f"/employers/money/{rep.workshop.pk}/debt/").content.decode()
    token = api_sign_in_create(user=rep.user, device_name="test").access
    api = client.get(
        f"/api/v1/employers/workshops/{rep.workshop.pk}/debt/",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    ).json()
    # then both say 1,300,000 owed, 600,000 of it not yet posted
    assert _testid(page, "penalties-owed") == [api["penalties_owed"]] == [1_300_000]
    assert api["penalties_pending"] == 600_000
    assert api["penalties_outstanding"] == 700_000
    assert _testid(page, "balance") == [api["balance"]] == [5_000_000 + 700_000]
    # and line by line
    assert _testid(page, "accrued") == [line["amount"] for line in api["penalties"]]
    assert _testid(page, "outstanding") == [line["outstanding"] for line in api["penalties"]]
    assert [(line["kind"], line["amount"], line["posted"]) for line in api["penalties"]] == [
        ("late_payment", 300_000, 200_000),
        ("no_list", 500_000, 500_000),
        ("no_list", 500_000, 0),
    ]
    assert api["penalties"][0]["months_late"] == 3


@pytest.mark.parametrize("earlier_months", [0, 12])
def test_the_debt_page_reads_a_fixed_number_of_queries(
    client, django_assert_num_queries, earlier_months
):
    # given a workshop with late and missing months, and a year of earlier lists or none
    rep, (year, month) = _workshop_a_few_months_late()
    for back in range(1, earlier_months + 1):
        y, m = _shift(year, month, -back)
        _sent_in_time(rep.workshop, year=y, months=range(m, m + 1))
    client.force_login(rep.user)
    url = f"/employers/money/{rep.workshop.pk}/debt/"
    client.get(url)  # the first request after sign-in also saves the session
    # when the page is read again
    # then 5 queries whatever the account holds: session (the person and roles come from
    # the principal cache), workshop access, the ledger, the penalty rates, the in-force
    # lists (the old page read the rates once per late list and the ledger three times)
    with django_assert_num_queries(5):
        response = client.get(url)
    assert response.status_code == 200


def test_a_year_no_penalty_row_covers_accrues_nothing_and_the_task_says_so(caplog):
    # given a list of 1404 never paid, months after its deadline, and no penalty row in force
    # in 1404 (the only row starts in 1406): the code carries no rate of its own
    from tamin.rules.models import PenaltyParameters

    PenaltyParameters.objects.all().delete()
    PenaltyParameters.objects.create(
        effective_from=1406, late_payment_permille_per_month=20, no_list_permille=100
    )
    representative = RepresentativeFactory()
    workshop = representative.workshop
    _list_sent(workshop, year=1404, month=1, amount=1_000_000, on=_at(1404, 1, 25))
    today = _day(1404, 6, 1)
    # when the penalty task runs
    with caplog.at_level("WARNING", logger="employers.services.money"):
        posted = penalties_post(workshop=workshop, today=today)
    # then nothing is posted (it used to post 2 % a month from a built-in rate), the task
    # logs the year it could not price, and the debt shows no penalty
    assert posted == 0
    assert _penalty_rows(workshop) == []
    assert any("1404" in record.getMessage() for record in caplog.records)
    assert workshop_debt(workshop=workshop, today=today).penalties == []


def test_a_posted_penalty_whose_year_row_was_removed_still_shows(client):
    # given a late penalty posted under the seeded rate, then the rate rows removed
    representative = RepresentativeFactory()
    workshop = representative.workshop
    _list_sent(workshop, year=1404, month=1, amount=1_000_000, on=_at(1404, 1, 25))
    _sent_in_time(workshop, year=1404, months=range(2, 4))
    assert penalties_post(workshop=workshop, today=_day(1404, 4, 1)) == 2
    from tamin.rules.models import PenaltyParameters

    PenaltyParameters.objects.all().delete()
    # when the debt page and the API are read
    client.force_login(representative.user)
    page = client.get(f"/employers/money/{workshop.pk}/debt/")
    token = api_sign_in_create(user=representative.user, device_name="test").access
    api = client.get(
        f"/api/v1/employers/workshops/{workshop.pk}/debt/", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    # then the posted rows are still owed, shown without a rate
    assert page.status_code == 200
    assert api.status_code == 200
    [line] = api.json()["penalties"]
    assert (line["amount"], line["permille_per_month"]) == (40_000, None)
