"""The #13 demo (`insured.demo.benefits`): the demo insured person's husband, son and daughter,
declared with their documents and accepted by the head of branch 1001; the son turns 20 twenty
days after the day of seeding without a student certificate, so the pages warn naming the day
his coverage ends; the marriage allowance and the booklet are left for the visitor.

The day is fixed (13 Azar 1405, Tehran noon) so every date below is worked by hand; one test
runs on the real day, since the demo is seeded on any day."""

from __future__ import annotations

import datetime as dt
import io

import jdatetime
import pytest
from django.urls import reverse
from django.utils import timezone

from branches.demo import directory as demo_directory
from branches.models import Case, CaseDocument, CaseStatus
from insured.demo import benefits as demo
from insured.demo import inquiries as demo_inquiries
from insured.demo import records as demo_records
from insured.models import InsuredPerson
from insured.models.benefits import BenefitRequest
from insured.models.dependents import InsuredDependent
from insured.selectors.benefits import benefit_assess
from insured.selectors.dependents import dependent_states, treatment_eligibility_for_person
from notifications.models import Notification
from tamin.accounts.demo import accounts as accounts_demo
from tamin.accounts.models import User
from tamin.core.models import AuditLog

pytestmark = pytest.mark.django_db

TEHRAN = dt.timezone(dt.timedelta(hours=3, minutes=30))


def jalali(year: int, month: int, day: int) -> dt.date:
    return jdatetime.date(year, month, day).togregorian()


def tehran_noon(year: int, month: int, day: int) -> dt.datetime:
    return jdatetime.datetime(year, month, day, 12, 0).togregorian().replace(tzinfo=TEHRAN)


AZAR_13_1405 = tehran_noon(1405, 9, 13)


@pytest.fixture(autouse=True)
def _private_store(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


def _seed_all() -> str:
    """The modules of `seed_demo` this one rests on, in its order, then this one."""
    accounts_demo.seed(io.StringIO())
    demo_directory.seed(io.StringIO())
    demo_records.seed(io.StringIO())
    demo_inquiries.seed(io.StringIO())
    out = io.StringIO()
    demo.seed(out)
    return out.getvalue()


def _maryam() -> User:
    return User.objects.get(national_code="0013542419")


def _person() -> InsuredPerson:
    return InsuredPerson.objects.get(national_code="0013542419")


def _family() -> dict[str, InsuredDependent]:
    rows = InsuredDependent.objects.filter(person__national_code="0013542419")
    return {row.relation: row for row in rows}


def test_the_family_is_declared_with_its_documents_and_accepted_by_the_branch(time_machine):
    time_machine.move_to(AZAR_13_1405, tick=False)
    out = _seed_all()
    assert "declared and accepted" in out

    family = _family()
    assert set(family) == {"spouse", "son", "daughter"}
    assert {row.status for row in family.values()} == {InsuredDependent.Status.ACTIVE}
    husband, son, daughter = family["spouse"], family["son"], family["daughter"]
    assert (husband.full_name, husband.sex, husband.birth_date) == (
        "علی رضایی",
        "male",
        jalali(1342, 4, 10),
    )
    # 13 Azar + 20 days = 3 Dey 1405: the son was born 3 Dey 1385, the daughter is 14
    assert (son.full_name, son.birth_date, son.student_certificate_until) == (
        "امیر رضایی",
        jalali(1385, 10, 3),
        None,
    )
    assert (daughter.full_name, daughter.birth_date) == ("سارا رضایی", jalali(1391, 6, 15))

    head = User.objects.get(national_code="0084575948")
    cases = {case.pk: case for case in Case.objects.filter(kind="insured_dependent_add")}
    assert set(cases) == {row.added_case_id for row in family.values()}
    for row in family.values():
        case = cases[row.added_case_id]
        assert (case.status, case.decided_by, case.branch.code) == (
            CaseStatus.ACCEPTED,
            head,
            "1001",
        )
        assert case.applicant == _maryam()
    # the proof Art. 58 names: a husband's three, a child's birth certificate only
    documents = {
        row.relation: sorted(
            CaseDocument.objects.filter(case_id=row.added_case_id).values_list(
                "document_type", flat=True
            )
        )
        for row in family.values()
    }
    assert documents == {
        "spouse": ["birth_certificate", "dependence_proof", "marriage_certificate"],
        "son": ["birth_certificate"],
        "daughter": ["birth_certificate"],
    }


def test_the_son_drops_on_his_20th_birthday_and_both_pages_name_the_dates(client, time_machine):
    time_machine.move_to(AZAR_13_1405, tick=False)
    _seed_all()
    states = {
        state.dependent.relation: state
        for state in dependent_states(user=_maryam(), person=_person(), on=timezone.localdate())
    }
    # covered to the day before he turns 20 (3 Dey 1405): 2 Dey 1405, hand-worked
    assert states["son"].covered_today
    assert states["son"].until == jalali(1405, 10, 2)
    assert states["spouse"].until is None  # a husband over 60, supported by her: no end
    assert states["daughter"].until == jalali(1411, 6, 14)  # the day before she turns 20
    assert (states["spouse"].warning, states["daughter"].warning) == ("", "")

    warning = "پوشش امیر رضایی در ۲ دی ۱۴۰۵ (آخرین روز) پایان می‌یابد و از ۳ دی ۱۴۰۵ در دفترچه نیست."
    assert states["son"].warning.startswith(warning)
    client.force_login(_maryam())
    for page in ("insured:dependents", "insured:booklet"):
        body = client.get(reverse(page)).content.decode()
        assert warning in body, page
        assert "گواهی اشتغال به تحصیل" in body
    # the booklet offers the three of them today, and the son no more from 3 Dey
    booklet = client.get(reverse("insured:booklet")).content.decode()
    for name in ("علی رضایی", "امیر رضایی", "سارا رضایی"):
        assert name in booklet
    time_machine.move_to(tehran_noon(1405, 10, 3), tick=False)
    client.force_login(_maryam())  # the session of 20 days ago has expired
    after = client.get(reverse("insured:dependents")).content.decode()
    assert "پوشش امیر رضایی از ۳ دی ۱۴۰۵ پایان یافته است (آخرین روز: ۲ دی ۱۴۰۵)." in after
    booklet = client.get(reverse("insured:booklet")).content.decode()
    assert f'value="{demo.SON.national_code}"' not in booklet
    assert f'value="{demo.DAUGHTER.national_code}"' in booklet


def test_on_the_real_day_of_seeding_the_son_ends_19_days_on(client):
    _seed_all()
    today = timezone.localdate()
    son = _family()["son"]
    born = jdatetime.date.fromgregorian(date=son.birth_date)
    turns_20 = jdatetime.date(born.year + 20, born.month, born.day).togregorian()
    # 20 days on, or 21 when the 20th day is an Esfand 30 his birth year lacks
    assert (turns_20 - today).days in (20, 21)
    state = next(
        s
        for s in dependent_states(user=_maryam(), person=_person(), on=today)
        if s.dependent.relation == "son"
    )
    assert state.until == turns_20 - dt.timedelta(days=1)
    assert state.covered_today
    assert state.warning
    client.force_login(_maryam())
    body = client.get(reverse("insured:dependents")).content.decode()
    assert state.warning in body


def test_on_esfand_10_of_a_leap_year_the_son_turns_20_on_farvardin_1(time_machine):
    # 10 Esfand 1403 + 20 days = 30 Esfand 1403, a day 1383 lacks: he turns 20 on 1 Farvardin
    time_machine.move_to(tehran_noon(1403, 12, 10), tick=False)
    _seed_all()
    son = _family()["son"]
    assert son.birth_date == jalali(1384, 1, 1)
    state = next(
        s
        for s in dependent_states(user=_maryam(), person=_person(), on=timezone.localdate())
        if s.dependent.relation == "son"
    )
    assert state.until == jalali(1403, 12, 30)


def test_her_treatment_eligibility_holds_and_the_visitor_s_requests_are_left_to_do(time_machine):
    time_machine.move_to(AZAR_13_1405, tick=False)
    _seed_all()
    person = _person()
    eligibility = treatment_eligibility_for_person(person=person, on=timezone.localdate())
    assert eligibility is not None
    assert eligibility.eligible
    # nothing is asked in her name: no booklet, no benefit
    assert not Case.objects.filter(kind="insured_booklet_request").exists()
    assert not BenefitRequest.objects.exists()
    # her marriage, 20 Ordibehesht 1384, is eligible; 730 days before Ordibehesht 1384:
    # Farvardin 1384 31 × 72,800 = 2,256,800; 1383 (leap) 366 × 58,500 = 21,411,000;
    # Khordad–Esfand 1382 303 × 45,500 = 13,786,500; 30 of Ordibehesht 1382's 31 days
    # 30 × 45,500 = 1,365,000 → 38,819,300 ÷ 24 = 1,617,470.8 → 1,617,471 (no 1384 floor on file)
    assessment = benefit_assess(
        person=person,
        kind="marriage",
        facts={"marriage_date": demo.marriage_date(), "first_marriage": True},
    )
    assert assessment.eligible, assessment.reasons
    assert assessment.amount == 1_617_471


def test_seeding_twice_changes_nothing(time_machine):
    time_machine.move_to(AZAR_13_1405, tick=False)
    _seed_all()

    def snapshot():
        return (
            list(
                InsuredDependent.objects.order_by("pk").values_list(
                    "pk", "status", "birth_date", "added_case_id", "updated_at"
                )
            ),
            list(Case.objects.order_by("pk").values_list("pk", "status", "updated_at")),
            CaseDocument.objects.count(),
            Notification.objects.count(),
            AuditLog.objects.count(),
        )

    before = snapshot()
    # a later day too: the dates already written stay as they were
    time_machine.move_to(tehran_noon(1405, 9, 20), tick=False)
    out = io.StringIO()
    demo.seed(out)
    assert "already present" in out.getvalue()
    assert snapshot() == before


def test_a_declaration_left_pending_is_finished_by_the_next_seed(time_machine):
    time_machine.move_to(AZAR_13_1405, tick=False)
    accounts_demo.seed(io.StringIO())
    demo_directory.seed(io.StringIO())
    demo_records.seed(io.StringIO())
    person = _person()
    pending = demo._declare(
        user=_maryam(), person=person, member=demo.SON, today=timezone.localdate()
    )
    assert pending.status == InsuredDependent.Status.PENDING
    demo.seed(io.StringIO())
    pending.refresh_from_db()
    assert pending.status == InsuredDependent.Status.ACTIVE
    assert InsuredDependent.objects.filter(national_code=demo.SON.national_code).count() == 1


def test_without_the_branch_staff_it_skips_with_a_note():
    accounts_demo.seed(io.StringIO())
    demo_records.seed(io.StringIO())  # no directory: no branch 1001, no staff membership
    out = io.StringIO()
    demo.seed(out)
    assert "skipped" in out.getvalue()
    assert not InsuredDependent.objects.exists()
