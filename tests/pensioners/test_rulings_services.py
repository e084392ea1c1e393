"""Rulings: the grant from an insured history (checked against a hand computation), the
refusals, survivors' shares and the yearly increases (once per pension and year; a year
without its figures refused by name).

The hand computation of the retiree of tests/pensioners/factories_rulings.py, granted on
1402/07/01 (the months up to 1402/06 count; 1402/07 does not):

    walk, newest first:  1402/05  20 d    80,000,000
                         1402/04…01 124 d  496,000,000           → 144 d
                         1401 (all) 365 d  730,000,000           → 509 d
                         1400/12…06 210 d  420,000,000           → 719 d
                         1400/05   11 of 31 d: 62,000,000 × 11 // 31 = 22,000,000 → 730 d
    Σ = 1,748,000,000; average = ceil(Σ / 24) = 72,833,334
    days = 10,957 (1372–1401) + 144 = 11,101; years = 11,101 × 100 // 365 = 30.41
    pension = ceil(72,833,334 × 3041 / 3000) = 73,828,723 (> the 1402 minimum 53,082,840)
    1403: ceil(73,828,723 × 1.2) = 88,594,468;  1404: ceil(88,594,468 × 1.2) = 106,313,362
"""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from pensioners.models import Pension, PensionRuling
from pensioners.selectors.rulings import computation_file, computation_run, pension_grant_ruling
from pensioners.services.rulings import (
    pension_grant_survivors,
    pension_yearly_increase_issue,
    pension_yearly_increases_issue,
)
from pensioners.tasks import pension_yearly_increases_issue_task
from tamin.core.exceptions import ApplicationError
from tamin.core.models import AuditLog
from tamin.rules.models import PensionParameters, SurvivorShare
from tests.insured.factories import ContributionRecordFactory, history
from tests.pensioners.factories import PensionerFactory, PensionFactory, PensionRulingFactory
from tests.pensioners.factories_rulings import (
    GRANT_ON,
    g,
    grant,
    granted_retiree,
    retiree,
)

pytestmark = pytest.mark.django_db

AVERAGE = 72_833_334
PENSION = 73_828_723
AFTER_1403 = 88_594_468
AFTER_1404 = 106_313_362


# --- the grant ------------------------------------------------------------------------


def test_the_grant_from_the_insured_history_matches_the_hand_computation():
    # given an insured person with 30 years and a few months, born 1340/01/01
    _user, pensioner, person = retiree()
    # when the retirement pension is granted on 1402/07/01
    pension = grant(pensioner, person)
    # then the pension and its grant ruling carry the hand-computed figures
    ruling = pension.rulings.get()
    assert pension.kind == Pension.Kind.RETIREMENT
    assert pension.start_date == GRANT_ON
    assert len(pension.number) == 9
    assert pension.number.isdigit()
    assert ruling.kind == PensionRuling.Kind.GRANT
    assert ruling.year == 1402
    assert ruling.original_days == 11_101
    assert ruling.added_days == 0
    assert ruling.years_hundredths == 3041
    assert ruling.average_wage == AVERAGE
    assert ruling.amount_before == 0
    assert ruling.amount_after == PENSION
    assert ruling.minimum_applied is False
    # and the computation is the command's file plus the figures written
    stored = ruling.computation
    assert stored["sex"] == "male"
    assert stored["birth_date"] == "1340/01/01"
    assert stored["on"] == "1402/07/01"
    assert stored["added_days"] == 0
    assert stored["records"][-1] == {"year": 1402, "month": 5, "days": 20, "wage": 80_000_000}
    assert {"year": 1402, "month": 7} not in [
        {"year": r["year"], "month": r["month"]} for r in stored["records"]
    ]
    assert len(stored["records"]) == 30 * 12 + 5
    assert stored["figures"] == {
        "original_days": 11_101,
        "added_days": 0,
        "years_hundredths": 3041,
        "average_wage": AVERAGE,
        "computed_pension": PENSION,
        "minimum_pension": 53_082_840,
        "amount_after": PENSION,
        "minimum_applied": False,
    }
    # and an audit row names the pension
    audit = AuditLog.objects.get(action="pensioners.pension_grant")
    assert audit.target_id == str(pension.pk)
    assert audit.after["amount_after"] == PENSION


def test_the_stored_file_re_run_gives_the_same_figures():
    _user, _pensioner, pension = granted_retiree()
    result = computation_run(computation_file(pension_grant_ruling(pension=pension)))
    assert (result.days, result.years_hundredths, result.average_wage, result.pension) == (
        11_101,
        3041,
        AVERAGE,
        PENSION,
    )
    assert result.eligible


def test_added_days_raise_the_years():
    # 11,101 + 730 = 11,831 days → 11,831 × 100 // 365 = 3241 hundredths
    _user, pensioner, person = retiree()
    pension = grant(pensioner, person, added_days=730)
    ruling = pension.rulings.get()
    assert ruling.added_days == 730
    assert ruling.years_hundredths == 3241
    # 72,833,334 × 3241 = 236,052,835,494; ÷ 3000 = 78,684,278.5 → 78,684,279
    assert ruling.amount_after == 78_684_279


def test_the_minimum_pension_is_a_floor():
    # given a low wage: 30 years at 100,000 a day (average 3,041,667), granted 1402/07/01
    _user, pensioner, person = retiree(with_history=False)
    history(person, years=30, start_year=1372, daily_wage=100_000)
    pension = grant(pensioner, person)
    ruling = pension.rulings.get()
    # 30 years → ceil(3,041,667 × 3000 / 3000) = 3,041,667, lifted to the 1402 minimum
    assert ruling.average_wage == 3_041_667
    assert ruling.years_hundredths == 3001  # 10,957 days
    assert ruling.amount_after == 53_082_840
    assert ruling.minimum_applied is True


def test_a_person_who_does_not_qualify_is_refused_and_nothing_is_written():
    # given a woman of 40 (born 1362) with the same 30-year history (30 at 45 is not met,
    # nor 10 years at 55, nor 35 years)
    _user, pensioner, person = retiree(sex="female", birth_date=g(1362, 1, 1))
    with pytest.raises(ApplicationError) as refused:
        grant(pensioner, person)
    assert refused.value.code == "not_eligible"
    assert "شرایط بازنشستگی" in refused.value.message
    assert "۴۰" in refused.value.message
    assert not Pension.objects.exists()
    assert not AuditLog.objects.filter(action="pensioners.pension_grant").exists()


def test_disability_skips_the_retirement_conditions():
    # the same young woman's disability pension: the same amount rule, no Art. 76 check
    _user, pensioner, person = retiree(sex="female", birth_date=g(1362, 1, 1))
    pension = grant(pensioner, person, kind=Pension.Kind.DISABILITY)
    assert pension.kind == Pension.Kind.DISABILITY
    assert pension.rulings.get().amount_after == PENSION


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"kind": Pension.Kind.SURVIVORS}, "pension_kind"),
        ({"insured_national_code": "0013542419"}, "insured_not_pensioner"),
        ({"sex": "other"}, "pension_sex"),
        ({"added_days": -1}, "added_days"),
        ({"on": g(1405, 7, 1)}, "pension_figures_missing"),
    ],
)
def test_bad_grants_are_refused_with_nothing_written(change, code):
    _user, pensioner, person = retiree()
    with pytest.raises(ApplicationError) as refused:
        grant(pensioner, person, **change)
    assert refused.value.code == code
    assert not Pension.objects.exists()
    assert not PensionRuling.objects.exists()


def test_no_service_before_the_month_is_refused():
    # given only a record of the grant's own month (1402/07), which never counts
    _user, pensioner, person = retiree(with_history=False)
    ContributionRecordFactory(person=person, year=1402, month=7)
    with pytest.raises(ApplicationError) as refused:
        grant(pensioner, person)
    assert refused.value.code == "no_service"
    assert not Pension.objects.exists()


def test_the_missing_minimum_pension_names_the_year():
    _user, pensioner, person = retiree()
    with pytest.raises(ApplicationError, match="۱۴۰۵"):
        grant(pensioner, person, on=g(1405, 7, 1))


def test_a_second_own_pension_is_refused():
    _user, pensioner, person = retiree()
    grant(pensioner, person)
    with pytest.raises(ApplicationError) as refused:
        grant(pensioner, person, on=g(1403, 1, 1))
    assert refused.value.code == "pension_exists"
    assert Pension.objects.count() == 1


def test_pension_numbers_follow_each_other():
    _u1, pensioner1, person1 = retiree()
    _u2, pensioner2, person2 = retiree()
    first = grant(pensioner1, person1)
    second = grant(pensioner2, person2)
    assert int(second.number) == int(first.number) + 1


# --- yearly increases -----------------------------------------------------------------


def test_increases_follow_the_year_figures_once_per_year():
    _user, _pensioner, pension = granted_retiree()
    # when the increases of 1403 and 1404 are issued
    first = pension_yearly_increase_issue(pension=pension, year=1403)
    second = pension_yearly_increase_issue(pension=pension, year=1404)
    # then each raises the amount by that year's 20 %, from 1 Farvardin
    assert (first.amount_before, first.amount_after) == (PENSION, AFTER_1403)
    assert (second.amount_before, second.amount_after) == (AFTER_1403, AFTER_1404)
    assert first.effective_from == g(1403, 1, 1)
    assert first.increase_permille == 200
    assert first.minimum_applied is False
    assert first.years_hundredths == 3041
    assert first.average_wage == AVERAGE
    # and asking again for 1404 changes nothing
    assert pension_yearly_increase_issue(pension=pension, year=1404) is None
    assert pension.rulings.filter(kind=PensionRuling.Kind.YEARLY_INCREASE).count() == 2
    assert AuditLog.objects.filter(action="pensioners.pension_yearly_increase").count() == 2


def test_a_missing_year_is_refused_by_name():
    _user, _pensioner, pension = granted_retiree()
    with pytest.raises(ApplicationError) as refused:
        pension_yearly_increase_issue(pension=pension, year=1405)
    assert refused.value.code == "pension_figures_missing"
    assert "۱۴۰۵" in refused.value.message
    with pytest.raises(ApplicationError, match="۱۴۰۵"):
        pension_yearly_increases_issue(year=1405)
    assert pension.rulings.count() == 1


def test_the_floor_is_the_minimum_pension_of_the_year():
    # given a pension of 60,000,000 granted in 1403 with 30 years
    pension = PensionFactory(start_date=g(1403, 3, 1))
    PensionRulingFactory(pension=pension, year=1403, amount_after=60_000_000, years_hundredths=3000)
    # when 1404's increase is issued: 72,000,000 is below the 1404 minimum
    ruling = pension_yearly_increase_issue(pension=pension, year=1404)
    assert ruling.amount_after == 103_909_680
    assert ruling.minimum_applied is True
    assert ruling.computation["raised"] == 72_000_000


def test_below_twenty_years_the_floor_is_years_over_thirty_of_the_minimum():
    # 15 years: floor = ceil(103,909,680 × 1500 / 3000) = 51,954,840
    pension = PensionFactory(start_date=g(1403, 3, 1))
    PensionRulingFactory(pension=pension, year=1403, amount_after=30_000_000, years_hundredths=1500)
    ruling = pension_yearly_increase_issue(pension=pension, year=1404)
    assert ruling.amount_after == 51_954_840
    assert ruling.minimum_applied is True


def test_an_increase_in_the_grant_year_or_of_an_ended_pension_is_refused():
    _user, _pensioner, pension = granted_retiree()
    with pytest.raises(ApplicationError) as early:
        pension_yearly_increase_issue(pension=pension, year=1402)
    assert early.value.code == "increase_too_early"
    pension.status = Pension.Status.ENDED
    pension.save()
    with pytest.raises(ApplicationError) as ended:
        pension_yearly_increase_issue(pension=pension, year=1403)
    assert ended.value.code == "pension_not_active"
    assert pension.rulings.count() == 1


def test_an_earlier_year_after_a_later_one_is_refused():
    _user, _pensioner, pension = granted_retiree()
    pension_yearly_increase_issue(pension=pension, year=1404)
    with pytest.raises(ApplicationError) as refused:
        pension_yearly_increase_issue(pension=pension, year=1403)
    assert refused.value.code == "increase_out_of_order"


def test_the_bulk_run_issues_each_active_pension_once():
    # given two active pensions granted before 1404, one granted in 1404, one ended
    _user, _pensioner, granted = granted_retiree()
    other = PensionFactory(start_date=g(1403, 5, 1))
    PensionRulingFactory(pension=other, year=1403, amount_after=120_000_000)
    new = PensionFactory(start_date=g(1404, 2, 1))
    PensionRulingFactory(pension=new, year=1404, amount_after=120_000_000)
    ended = PensionFactory(start_date=g(1402, 1, 1), status=Pension.Status.ENDED)
    PensionRulingFactory(pension=ended, year=1402, amount_after=120_000_000)
    # when the 1404 increases are issued twice
    assert pension_yearly_increases_issue(year=1404) == 2
    assert pension_yearly_increases_issue(year=1404) == 0
    # then the two pensions have theirs, once
    increases = PensionRuling.objects.filter(kind=PensionRuling.Kind.YEARLY_INCREASE, year=1404)
    assert sorted(increases.values_list("pension_id", flat=True)) == sorted([granted.pk, other.pk])
    # 1.2 × 73,828,723 = 88,594,468 (no 1403 increase issued) is below the 1404 minimum
    assert increases.get(pension=granted).amount_after == 103_909_680
    assert increases.get(pension=other).amount_after == 144_000_000


def test_the_command_and_the_task():
    _user, _pensioner, pension = granted_retiree()
    call_command("pension_increases", "--year", "1403")
    assert pension.rulings.filter(year=1403).get().amount_after == AFTER_1403
    with pytest.raises(CommandError, match="۱۴۰۵"):
        call_command("pension_increases", "--year", "1405")
    assert pension_yearly_increases_issue_task.delay(1404).get() == 1
    assert pension.rulings.filter(year=1404).get().amount_after == AFTER_1404


# --- survivors ------------------------------------------------------------------------


def _deceased_with_increases():
    _user, _pensioner, pension = granted_retiree()
    pension_yearly_increase_issue(pension=pension, year=1403)
    pension_yearly_increase_issue(pension=pension, year=1404)
    return pension


def test_survivors_get_their_shares_of_the_pension_in_force():
    deceased = _deceased_with_increases()
    widow = PensionerFactory(sex="female")
    child = PensionerFactory()
    # when the survivors' pensions are granted on 1404/03/01 (after the 1404 increase)
    spouse_pension, child_pension = pension_grant_survivors(
        deceased_pension=deceased,
        survivors=[(widow, Pension.Relation.SPOUSE), (child, Pension.Relation.CHILD)],
        on=g(1404, 3, 1),
    )
    # then half and a quarter of 106,313,362, rounded up
    assert spouse_pension.share_permille == 500
    assert spouse_pension.rulings.get().amount_after == 53_156_681
    assert child_pension.share_permille == 250
    assert child_pension.rulings.get().amount_after == 26_578_341  # 26,578,340.5 ↑
    assert spouse_pension.kind == Pension.Kind.SURVIVORS
    assert spouse_pension.insured_national_code == deceased.insured_national_code
    assert spouse_pension.pensioner == widow
    # and the grant names the deceased's grant; the deceased's pension has ended
    stored = spouse_pension.rulings.get().computation
    assert stored["deceased"]["pension_id"] == deceased.pk
    assert stored["deceased"]["grant_ruling_id"] == pension_grant_ruling(pension=deceased).pk
    assert stored["deceased"]["amount"] == AFTER_1404
    assert stored["share_permille"] == 500
    deceased.refresh_from_db()
    assert deceased.status == Pension.Status.ENDED
    assert AuditLog.objects.filter(action="pensioners.pension_grant_survivors").count() == 2


def test_a_survivor_increase_floor_is_the_share_of_the_minimum():
    # a spouse's pension of 40,000,000 from 1403: 48,000,000 < 500‰ of 103,909,680
    deceased = PensionFactory(start_date=g(1402, 1, 1))
    PensionRulingFactory(pension=deceased, year=1402, amount_after=80_000_000)
    (survivor,) = pension_grant_survivors(
        deceased_pension=deceased,
        survivors=[(PensionerFactory(), Pension.Relation.SPOUSE)],
        on=g(1403, 5, 1),
    )
    assert survivor.rulings.get().amount_after == 40_000_000
    ruling = pension_yearly_increase_issue(pension=survivor, year=1404)
    assert ruling.amount_after == 51_954_840
    assert ruling.minimum_applied is True


def test_a_share_not_published_is_refused():
    deceased = _deceased_with_increases()
    SurvivorShare.objects.filter(relation="parent").delete()
    with pytest.raises(ApplicationError) as refused:
        pension_grant_survivors(
            deceased_pension=deceased,
            survivors=[
                (PensionerFactory(), Pension.Relation.SPOUSE),
                (PensionerFactory(), Pension.Relation.PARENT),
            ],
            on=g(1404, 3, 1),
        )
    assert refused.value.code == "survivor_share_missing"
    assert "پدر یا مادر" in refused.value.message
    assert "۱۴۰۴" in refused.value.message
    assert not Pension.objects.filter(kind=Pension.Kind.SURVIVORS).exists()
    deceased.refresh_from_db()
    assert deceased.status == Pension.Status.ACTIVE


@pytest.mark.parametrize(
    "case",
    ["self_relation", "deceased_himself", "twice", "shares_exceed", "before_start", "empty"],
)
def test_bad_survivors_are_refused(case):
    deceased = _deceased_with_increases()
    someone = PensionerFactory()
    survivors = {
        "self_relation": [(someone, Pension.Relation.SELF)],
        "deceased_himself": [(deceased.pensioner, Pension.Relation.SPOUSE)],
        "twice": [(someone, Pension.Relation.CHILD), (someone, Pension.Relation.CHILD)],
        "shares_exceed": [(PensionerFactory(), Pension.Relation.CHILD) for _ in range(5)],
        "before_start": [(someone, Pension.Relation.SPOUSE)],
        "empty": [],
    }[case]
    on = g(1400, 1, 1) if case == "before_start" else g(1404, 3, 1)
    with pytest.raises(ApplicationError):
        pension_grant_survivors(deceased_pension=deceased, survivors=survivors, on=on)
    assert not Pension.objects.filter(kind=Pension.Kind.SURVIVORS).exists()


def test_a_survivors_pension_cannot_be_shared_again():
    deceased = _deceased_with_increases()
    (survivor,) = pension_grant_survivors(
        deceased_pension=deceased,
        survivors=[(PensionerFactory(), Pension.Relation.SPOUSE)],
        on=g(1404, 3, 1),
    )
    with pytest.raises(ApplicationError) as refused:
        pension_grant_survivors(
            deceased_pension=survivor,
            survivors=[(PensionerFactory(), Pension.Relation.CHILD)],
            on=g(1404, 6, 1),
        )
    assert refused.value.code == "deceased_kind"


def test_the_year_row_is_read_exactly():
    # 1404's row removed: 1403's figures never stand in for it
    _user, _pensioner, pension = granted_retiree()
    PensionParameters.objects.filter(year=1404).delete()
    with pytest.raises(ApplicationError, match="۱۴۰۴"):
        pension_yearly_increase_issue(pension=pension, year=1404)
