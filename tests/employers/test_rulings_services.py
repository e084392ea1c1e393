"""Claim rulings at the service: the three ways to issue one (amounts worked by hand from
DOMAIN.md §3), refusals that change nothing, serving once (electronic: final debt at once;
paper: from the recorded service day), and a served ruling never edited again."""

from __future__ import annotations

import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from branches.models.inspections import Inspection, InspectionResult
from employers.models import (
    ClaimRuling,
    ClaimRulingLine,
    EntryKind,
    LedgerEntry,
    Notice,
    NoticeDelivery,
    NoticeKind,
    RulingSource,
    RulingStatus,
)
from employers.selectors.money import workshop_debt
from employers.selectors.rulings import (
    inspections_for_ruling,
    missing_list_months,
    ruling_status_label,
)
from employers.services.ledger import ledger_record
from employers.services.notices import notice_paper_served_record
from employers.services.rulings import (
    DEFAULT_LEGAL_BASIS,
    RulingLineInput,
    ruling_cancel,
    ruling_draft_update,
    ruling_issue_for_missing_lists,
    ruling_issue_from_inspection,
    ruling_issue_manual,
    ruling_serve,
)
from notifications.models import Notification
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import persian_digits
from tests.branches.factories import StaffMembershipFactory
from tests.employers.factories_money import SubmittedListFactory
from tests.employers.factories_rulings import draft_ruling, served_ruling, setting

pytestmark = pytest.mark.django_db

FARVARDIN_1404 = datetime.date(2025, 3, 21)  # 1404/01/01


def _counts():
    return (
        ClaimRuling.objects.count(),
        ClaimRulingLine.objects.count(),
        LedgerEntry.objects.count(),
        Notice.objects.count(),
    )


def _today():
    return timezone.localdate()


# --- by hand ------------------------------------------------------------------------


def test_a_ruling_by_hand_is_a_draft_with_its_lines_and_totals():
    s = setting()
    ruling = draft_ruling(s)
    assert ruling.status == RulingStatus.DRAFT
    assert ruling.source == RulingSource.MANUAL
    assert ruling.branch_id == s.workshop.branch_id
    assert ruling.principal_total == 50_000_000
    assert ruling.penalty_total == 3_000_000
    assert ruling.current_amount == 0  # nothing is owed before it is served
    assert ruling.legal_basis.startswith("ماده ۱۰۰ قانون تأمین اجتماعی")
    lines = list(ruling.lines.values_list("year", "month", "principal", "penalty"))
    assert lines == [(1404, 2, 30_000_000, 3_000_000), (1404, 3, 20_000_000, 0)]
    assert ruling.number.isdigit()
    assert len(ruling.number) == 14
    assert not LedgerEntry.objects.exists()


def test_totals_are_exact_integers_beyond_float_precision():
    # eleven lines of 999,999,999,999,999 rial: 10,999,999,999,999,989 (odd, above 2**53,
    # so a float on the way would have changed it)
    s = setting()
    lines = [RulingLineInput(1404, month, 999_999_999_999_999, 1) for month in range(1, 12)]
    ruling = draft_ruling(s, lines=lines)
    ruling.refresh_from_db()
    assert ruling.principal_total == 10_999_999_999_999_989
    assert ruling.penalty_total == 11
    assert isinstance(ruling.principal_total, int)
    assert ruling.total == 11_000_000_000_000_000


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([], "دست‌کم یک دوره"),
        ([RulingLineInput(1404, 2, 0, 0)], "مبلغ حکم صفر است"),
        ([RulingLineInput(1404, 2, 1, 0), RulingLineInput(1404, 2, 5, 0)], "دو بار"),
        ([RulingLineInput(1499, 1, 1_000, 0)], "هنوز نرسیده"),
        ([RulingLineInput(1404, 13, 1_000, 0)], "سال و ماه"),
        ([RulingLineInput(1404, 2, -1, 0)], "منفی"),
        ([RulingLineInput(1404, 2, 1_000.5, 0)], "عددی صحیح"),
        ([RulingLineInput(1404, 2, 10**16, 0)], "بیش از اندازه"),
        ([RulingLineInput(1404, 2, 1_000, 0, "شرح\x00")], "نویسهٔ نامجاز"),
    ],
    ids=[
        "none",
        "zero",
        "twice",
        "future",
        "month13",
        "negative",
        "float",
        "huge",
        "control",
    ],
)
def test_bad_lines_are_refused_in_persian_and_nothing_is_written(lines, message):
    s = setting()
    before = _counts()
    with pytest.raises(ApplicationError) as refused:
        ruling_issue_manual(
            staff_user=s.staff, workshop=s.workshop, lines=lines, legal_basis=DEFAULT_LEGAL_BASIS
        )
    assert message in refused.value.message
    assert _counts() == before


def test_a_ruling_needs_its_legal_basis():
    s = setting()
    with pytest.raises(ApplicationError) as refused:
        draft_ruling(s, legal_basis="   ")
    assert "مستند قانونی" in refused.value.message
    assert not ClaimRuling.objects.exists()


def test_staff_of_another_branch_cannot_issue():
    s = setting()
    stranger = StaffMembershipFactory().user
    with pytest.raises(Http404):
        ruling_issue_manual(
            staff_user=stranger,
            workshop=s.workshop,
            lines=[RulingLineInput(1404, 2, 1_000, 0)],
            legal_basis=DEFAULT_LEGAL_BASIS,
        )
    assert not ClaimRuling.objects.exists()


# --- from an inspection ---------------------------------------------------------------


def _inspection(workshop, workers):
    return Inspection.objects.create(
        workshop_code=workshop.code,
        workshop_name=workshop.name,
        branch=workshop.branch,
        inspected_on=datetime.date(2025, 10, 1),
        inspector_name="مهدی بازرس",
        findings="سه کارگر بدون بیمه",
        workers_seen=5,
        result=InspectionResult.VIOLATIONS,
        workers_not_listed=workers,
    )


def _worker(year, month, days, wage, name="کارگر"):
    return {
        "national_code": "0012345679",
        "full_name": name,
        "year": year,
        "month": month,
        "days": days,
        "daily_wage": wage,
    }


def test_from_an_inspection_the_premium_of_the_workers_on_no_list_per_period():
    s = setting()
    inspection = _inspection(
        s.workshop,
        [
            _worker(1404, 5, 30, 5_000_000),
            _worker(1404, 5, 20, 1_000_000),  # below the minimum: raised to 3,463,656
            _worker(1404, 6, 31, 30_000_000),  # above the cap: 24,245,592 a day
        ],
    )
    ruling = ruling_issue_from_inspection(
        staff_user=s.staff,
        workshop=s.workshop,
        inspection_id=inspection.pk,
        legal_basis=DEFAULT_LEGAL_BASIS,
    )
    # 1404/05: 45,000,000 + 20,781,936; 1404/06: 225,484,006 (tests/rules/test_claims.py)
    lines = list(ruling.lines.values_list("year", "month", "principal", "penalty"))
    assert lines == [(1404, 5, 65_781_936, 0), (1404, 6, 225_484_006, 0)]
    assert ruling.principal_total == 291_265_942
    assert ruling.penalty_total == 0
    assert ruling.source == RulingSource.INSPECTION
    assert ruling.inspection_id == inspection.pk
    assert "۲ نفر کارکن فاقد لیست" in ruling.lines.first().description
    # the inspection is now claimed: offered no more, and refused a second time
    assert inspections_for_ruling(workshop=s.workshop) == []
    with pytest.raises(ApplicationError) as refused:
        ruling_issue_from_inspection(
            staff_user=s.staff,
            workshop=s.workshop,
            inspection_id=inspection.pk,
            legal_basis=DEFAULT_LEGAL_BASIS,
        )
    assert "قبلاً حکم" in refused.value.message


def test_a_cancelled_ruling_frees_its_inspection():
    s = setting()
    inspection = _inspection(s.workshop, [_worker(1404, 5, 30, 5_000_000)])
    ruling = ruling_issue_from_inspection(
        staff_user=s.staff,
        workshop=s.workshop,
        inspection_id=inspection.pk,
        legal_basis=DEFAULT_LEGAL_BASIS,
    )
    ruling_cancel(staff_user=s.staff, ruling=ruling)
    assert [item.pk for item in inspections_for_ruling(workshop=s.workshop)] == [inspection.pk]


def test_a_year_without_figures_is_refused_naming_the_year():
    s = setting()
    inspection = _inspection(
        s.workshop, [_worker(1404, 5, 30, 5_000_000), _worker(1401, 5, 30, 5_000_000)]
    )
    before = _counts()
    with pytest.raises(ApplicationError) as refused:
        ruling_issue_from_inspection(
            staff_user=s.staff,
            workshop=s.workshop,
            inspection_id=inspection.pk,
            legal_basis=DEFAULT_LEGAL_BASIS,
        )
    assert refused.value.code == "year_unpublished"
    assert "ارقام سال ۱۴۰۱" in refused.value.message
    assert _counts() == before


@pytest.mark.parametrize(
    "row",
    [
        _worker(1404, 5, 30, 5_000_000.5, name="رضا"),
        _worker(1404, 5, True, 5_000_000, name="رضا"),
        _worker(1404, 13, 30, 5_000_000, name="رضا"),
        _worker(1404, 5, 0, 5_000_000, name="رضا"),
        _worker(1404, 5, 30, "۵۰۰۰", name="رضا"),
        {"full_name": "رضا", "year": 1404, "month": 5, "days": 30},
    ],
    ids=["float-wage", "bool-days", "month13", "no-days", "persian-digits", "no-wage"],
)
def test_an_inspection_row_that_is_not_whole_is_refused(row):
    s = setting()
    inspection = _inspection(s.workshop, [_worker(1404, 5, 30, 5_000_000), row])
    with pytest.raises(ApplicationError) as refused:
        ruling_issue_from_inspection(
            staff_user=s.staff,
            workshop=s.workshop,
            inspection_id=inspection.pk,
            legal_basis=DEFAULT_LEGAL_BASIS,
        )
    assert "ردیف ۲" in refused.value.message
    assert "رضا" in refused.value.message
    assert not ClaimRuling.objects.exists()


def test_an_inspection_row_of_ascii_digit_strings_is_read_as_numbers():
    s = setting()
    inspection = _inspection(s.workshop, [_worker("1404", "5", "30", "5000000")])
    ruling = ruling_issue_from_inspection(
        staff_user=s.staff,
        workshop=s.workshop,
        inspection_id=inspection.pk,
        legal_basis=DEFAULT_LEGAL_BASIS,
    )
    assert ruling.principal_total == 45_000_000


def test_an_inspection_of_another_workshop_is_a_404():
    s = setting()
    other = setting()
    inspection = _inspection(other.workshop, [_worker(1404, 5, 30, 5_000_000)])
    with pytest.raises(Http404):
        ruling_issue_from_inspection(
            staff_user=s.staff,
            workshop=s.workshop,
            inspection_id=inspection.pk,
            legal_basis=DEFAULT_LEGAL_BASIS,
        )


# --- months with no list -------------------------------------------------------------


def _list(workshop, year, month, *, insured, employer, unemployment):
    item = SubmittedListFactory(
        workshop=workshop,
        year=year,
        month=month,
        insured_share=insured,
        employer_share=employer,
        unemployment_share=unemployment,
    )
    ledger_record(
        workshop=workshop,
        kind=EntryKind.CHARGE,
        amount=insured + employer + unemployment,
        description="حق بیمه",
        monthly_list=item,
        year=year,
        month=month,
    )
    return item


def test_missing_months_are_those_since_the_start_with_no_list_and_the_deadline_passed():
    s = setting(started_on=FARVARDIN_1404)
    _list(s.workshop, 1404, 2, insured=7, employer=20, unemployment=3)
    months = missing_list_months(workshop=s.workshop, today=_today())
    keys = [month.key for month in months]
    assert keys[0] == "1404-01"
    assert "1404-02" not in keys
    assert "1404-03" in keys
    # today is past the deadline of a month only once the next month has ended
    last = months[-1]
    assert last.deadline < _today()
    assert months[0].basis is None
    assert next(m for m in months if m.key == "1404-03").basis.month == 2


def test_a_missing_month_is_estimated_from_the_latest_earlier_list_with_its_penalty():
    s = setting(started_on=FARVARDIN_1404)
    _list(s.workshop, 1404, 1, insured=7_000_000, employer=20_000_000, unemployment=3_000_000)
    ruling = ruling_issue_for_missing_lists(
        staff_user=s.staff,
        workshop=s.workshop,
        periods=[(1404, 3), (1404, 2)],
        legal_basis=DEFAULT_LEGAL_BASIS,
    )
    # each month: the 1404/01 list's 30,000,000; the no-list penalty 10 % = 3,000,000
    lines = list(ruling.lines.values_list("year", "month", "principal", "penalty"))
    assert lines == [(1404, 2, 30_000_000, 3_000_000), (1404, 3, 30_000_000, 3_000_000)]
    assert ruling.source == RulingSource.NO_LIST
    assert "علی‌الرأس" in ruling.lines.first().description
    # claimed months are no longer missing, and a second ruling for them is refused
    keys = [m.key for m in missing_list_months(workshop=s.workshop, today=_today())]
    assert "1404-02" not in keys
    with pytest.raises(ApplicationError) as refused:
        ruling_issue_for_missing_lists(
            staff_user=s.staff,
            workshop=s.workshop,
            periods=[(1404, 2)],
            legal_basis=DEFAULT_LEGAL_BASIS,
        )
    assert "جزو ماه‌های بدون لیست" in refused.value.message


def test_without_an_earlier_list_a_worker_count_at_the_minimum_wage_is_used():
    s = setting(started_on=FARVARDIN_1404)
    ruling = ruling_issue_for_missing_lists(
        staff_user=s.staff,
        workshop=s.workshop,
        periods=[(1404, 1), (1404, 2)],
        worker_count=2,
        legal_basis=DEFAULT_LEGAL_BASIS,
    )
    # two workers at 103,909,680: 62,345,808 a month; 10 % of it 6,234,580.8 → 6,234,581
    lines = list(ruling.lines.values_list("principal", "penalty"))
    assert lines == [(62_345_808, 6_234_581), (62_345_808, 6_234_581)]
    assert ruling.principal_total == 124_691_616
    assert ruling.penalty_total == 12_469_162


def test_without_an_earlier_list_or_a_worker_count_it_is_refused():
    s = setting(started_on=FARVARDIN_1404)
    with pytest.raises(ApplicationError) as refused:
        ruling_issue_for_missing_lists(
            staff_user=s.staff,
            workshop=s.workshop,
            periods=[(1404, 1)],
            legal_basis=DEFAULT_LEGAL_BASIS,
        )
    assert refused.value.code == "worker_count_required"
    assert "تعداد کارکنان" in refused.value.message
    assert not ClaimRuling.objects.exists()


def test_a_no_list_month_of_a_year_without_figures_is_refused_naming_it():
    s = setting(started_on=FARVARDIN_1404)
    with pytest.raises(ApplicationError) as refused:
        ruling_issue_for_missing_lists(
            staff_user=s.staff,
            workshop=s.workshop,
            periods=[(1404, 1), (1405, 1)],
            worker_count=1,
            legal_basis=DEFAULT_LEGAL_BASIS,
        )
    assert "ارقام سال ۱۴۰۵" in refused.value.message
    assert not ClaimRuling.objects.exists()


def test_a_no_list_penalty_the_account_already_carries_is_not_charged_again():
    s = setting(started_on=FARVARDIN_1404)
    _list(s.workshop, 1404, 1, insured=7_000_000, employer=20_000_000, unemployment=3_000_000)
    ledger_record(
        workshop=s.workshop,
        kind=EntryKind.PENALTY,
        amount=3_000_000,
        description="جریمه عدم ارسال لیست",
        penalty_key="no_list:1404-02",
    )
    ruling = ruling_issue_for_missing_lists(
        staff_user=s.staff,
        workshop=s.workshop,
        periods=[(1404, 2), (1404, 3)],
        legal_basis=DEFAULT_LEGAL_BASIS,
    )
    lines = list(ruling.lines.values_list("month", "principal", "penalty"))
    assert lines == [(2, 30_000_000, 0), (3, 30_000_000, 3_000_000)]
    assert "در حساب کارگاه منظور شده" in ruling.lines.first().description


# --- serving -----------------------------------------------------------------------


def test_serving_electronically_makes_it_final_debt_at_once_and_tells_the_representatives():
    s = setting(electronic=True)
    ruling = served_ruling(s)
    assert ruling.status == RulingStatus.SERVED
    assert ruling.current_amount == 53_000_000
    notice = ruling.notice
    assert notice.kind == NoticeKind.RULING
    assert notice.serve_key == f"ruling:{ruling.pk}"
    assert notice.delivery == NoticeDelivery.ELECTRONIC
    assert notice.respond_until == _today() + datetime.timedelta(days=31)
    assert notice.content["ruling_id"] == ruling.pk
    assert notice.content["number"] == ruling.number
    assert notice.content["principal_total"] == 50_000_000
    assert notice.content["penalty_total"] == 3_000_000
    assert notice.content["legal_basis"] == ruling.legal_basis
    assert notice.content["lines"][0] == {
        "year": 1404,
        "month": 2,
        "principal": 30_000_000,
        "penalty": 3_000_000,
        "description": "حق بیمه اردیبهشت",
    }
    rows = list(LedgerEntry.objects.filter(ruling=ruling).values_list("kind", "amount"))
    assert rows == [(EntryKind.RULING, 53_000_000)]
    assert workshop_debt(workshop=s.workshop, today=_today()).final == 53_000_000
    told = set(
        Notification.objects.filter(template_key="employer_notice_served").values_list(
            "user_id", "channel"
        )
    )
    assert told == {(s.owner.user_id, "sms"), (s.owner.user_id, "email")}


def test_a_ruling_is_served_once():
    s = setting(electronic=True)
    ruling = served_ruling(s)
    before = _counts()
    with pytest.raises(ApplicationError) as refused:
        ruling_serve(staff_user=s.staff, ruling=ruling)
    assert "قبلاً ابلاغ شده" in refused.value.message
    assert _counts() == before
    assert Notification.objects.filter(template_key="employer_notice_served").count() == 2


def test_on_paper_it_is_owed_from_the_day_staff_record():
    s = setting(electronic=False)
    ruling = served_ruling(s)
    notice = ruling.notice
    assert notice.delivery == NoticeDelivery.PAPER
    assert notice.served_at is None
    assert ruling.status == RulingStatus.DRAFT
    assert ruling_status_label(ruling) == "در انتظار ابلاغ کاغذی"
    assert workshop_debt(workshop=s.workshop, today=_today()).final == 0
    assert not Notification.objects.exists()
    # not a draft to edit, cancel or serve again any more
    for action in (
        lambda: ruling_cancel(staff_user=s.staff, ruling=ruling),
        lambda: ruling_serve(staff_user=s.staff, ruling=ruling),
        lambda: ruling_draft_update(
            staff_user=s.staff, ruling=ruling, legal_basis="دیگر", description=""
        ),
    ):
        with pytest.raises(ApplicationError):
            action()
    # when staff record the day it was handed over
    served_on = _today()
    notice_paper_served_record(staff_user=s.staff, notice=notice, served_on=served_on)
    ruling.refresh_from_db()
    assert ruling.status == RulingStatus.SERVED
    assert ruling.notice.respond_until == served_on + datetime.timedelta(days=31)
    assert workshop_debt(workshop=s.workshop, today=_today()).final == 53_000_000


def test_a_served_ruling_cannot_be_edited_or_cancelled():
    s = setting(electronic=True)
    ruling = served_ruling(s)
    before = (_counts(), ruling.legal_basis, ruling.status)
    with pytest.raises(ApplicationError) as refused:
        ruling_draft_update(
            staff_user=s.staff,
            ruling=ruling,
            legal_basis="مستند دیگر",
            lines=[RulingLineInput(1404, 2, 1, 0)],
        )
    assert "حکم ابلاغ‌شده قابل ویرایش نیست" in refused.value.message
    with pytest.raises(ApplicationError) as refused:
        ruling_cancel(staff_user=s.staff, ruling=ruling)
    assert "ابطال نمی‌شود" in refused.value.message
    ruling.refresh_from_db()
    assert (_counts(), ruling.legal_basis, ruling.status) == before


def test_a_draft_can_be_edited_and_cancelled_but_a_cancelled_one_is_not_served():
    s = setting(electronic=True)
    ruling = draft_ruling(s)
    ruling = ruling_draft_update(
        staff_user=s.staff,
        ruling=ruling,
        legal_basis="ماده ۱۰۰",
        description="اصلاح",
        lines=[RulingLineInput(1404, 4, 7_000_000, 700_000, "تیر")],
    )
    assert (ruling.principal_total, ruling.penalty_total) == (7_000_000, 700_000)
    assert list(ruling.lines.values_list("month", flat=True)) == [4]
    ruling_cancel(staff_user=s.staff, ruling=ruling)
    ruling.refresh_from_db()
    assert ruling.status == RulingStatus.CANCELLED
    with pytest.raises(ApplicationError) as refused:
        ruling_serve(staff_user=s.staff, ruling=ruling)
    assert "ابطال شده" in refused.value.message
    assert not Notice.objects.exists()
    assert not LedgerEntry.objects.exists()


def test_the_lines_of_a_computed_ruling_are_not_edited_by_hand():
    s = setting(started_on=FARVARDIN_1404)
    ruling = ruling_issue_for_missing_lists(
        staff_user=s.staff,
        workshop=s.workshop,
        periods=[(1404, 1)],
        worker_count=1,
        legal_basis=DEFAULT_LEGAL_BASIS,
    )
    with pytest.raises(ApplicationError) as refused:
        ruling_draft_update(
            staff_user=s.staff,
            ruling=ruling,
            legal_basis="x",
            lines=[RulingLineInput(1404, 1, 1, 0)],
        )
    assert "محاسبه‌شده" in refused.value.message
    # its texts may change
    ruling_draft_update(staff_user=s.staff, ruling=ruling, legal_basis="مستند", description="ش")
    ruling.refresh_from_db()
    assert ruling.legal_basis == "مستند"


def test_staff_of_another_branch_cannot_serve_or_cancel():
    s = setting(electronic=True)
    ruling = draft_ruling(s)
    stranger = StaffMembershipFactory().user
    with pytest.raises(Http404):
        ruling_serve(staff_user=stranger, ruling=ruling)
    with pytest.raises(Http404):
        ruling_cancel(staff_user=stranger, ruling=ruling)
    ruling.refresh_from_db()
    assert ruling.status == RulingStatus.DRAFT
    assert not Notice.objects.exists()


def test_without_dispute_terms_in_force_serving_is_refused_and_nothing_changes():
    from tamin.rules.models import DisputeParameters

    s = setting(electronic=True)
    ruling = draft_ruling(s)
    DisputeParameters.objects.all().delete()
    before = _counts()
    with pytest.raises(ApplicationError) as refused:
        ruling_serve(staff_user=s.staff, ruling=ruling)
    assert "مهلت اعتراض" in refused.value.message
    assert _counts() == before
    ruling.refresh_from_db()
    assert ruling.status == RulingStatus.DRAFT


def test_the_notice_says_the_ruling_in_persian_digits():
    s = setting(electronic=True)
    ruling = served_ruling(s)
    notice = ruling.notice
    assert notice.title == f"حکم مطالباتی شمارهٔ {persian_digits(ruling.number)}"
    assert "۵۳٬۰۰۰٬۰۰۰ ریال" in notice.body
    assert "۳۱ روز پس از تاریخ ابلاغ" in notice.body
    ours = notice.body.replace(s.workshop.name, "")  # the factory's name has Latin digits
    assert not any(ch.isascii() and ch.isdigit() for ch in ours)
