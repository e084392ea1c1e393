"""check(): each rule of DOMAIN.md §6 fails on a broken list and passes on the sample."""

from __future__ import annotations

from dataclasses import replace

import iran_encoding
import pytest

from employers.listfile import builtin_rates, check, load_dbf_pair, write_dbf_pair
from employers.listfile.checks import with_computed_totals
from employers.listfile.samples import INVALID_SAMPLE_ERRORS, invalid_sample_list, sample_list
from tamin.rules.premiums import premium_share
from tests.employers.listfile_helpers import with_row

RATES = builtin_rates(1404)


def _codes(parsed, rates=RATES):
    return {(i.file, i.row, i.field, i.code) for i in check(parsed, rates).issues}


def _fixed(parsed):
    """Recompute the header totals so only the row rule under test fails."""
    return with_computed_totals(parsed, RATES)


def test_sample_list_passes_every_rule():
    # Given the valid sample, When checked, Then no issue and the totals are computed
    report = check(sample_list(), RATES)
    assert report.ok, report.issues
    assert report.totals["worker_count"] == 3
    assert report.totals["insured_share"] == sum(r.insured_share for r in sample_list().rows)


def test_invalid_sample_lists_exactly_its_documented_errors():
    assert _codes(invalid_sample_list()) == set(INVALID_SAMPLE_ERRORS)


ROW_CASES = [
    # (changes to row 1, field, code)
    ({"national_code": "0012345678"}, "PER_NATCOD", "national_code_checksum"),
    ({"national_code": "1111111111"}, "PER_NATCOD", "national_code_checksum"),
    ({"national_code": ""}, "PER_NATCOD", "required"),
    ({"insurance_number": ""}, "DSW_ID1", "insurance_number"),
    ({"insurance_number": "12a45678"}, "DSW_ID1", "insurance_number"),
    ({"first_name": ""}, "DSW_FNAME", "required"),
    ({"last_name": ""}, "DSW_LNAME", "required"),
    ({"sex": "مذکر"}, "DSW_SEX", "sex_unknown"),
    ({"first_name": "علی<"}, "DSW_FNAME", "forbidden_character"),
    ({"job_title": 'کارگر "ساده"'}, "DSW_OCP", "forbidden_character"),
    ({"father_name": "حسن & حسین"}, "DSW_DNAME", "forbidden_character"),
    ({"start_date": "14021301"}, "DSW_SDATE", "date_invalid"),
    ({"start_date": "1402010"}, "DSW_SDATE", "date_invalid"),
    # 1404 is not a leap year: Esfand has 29 days
    ({"birth_date": "14041230"}, "DSW_BDATE", "date_invalid"),
    ({"start_date": "14040801"}, "DSW_SDATE", "start_after_month"),
    ({"end_date": "14040630"}, "DSW_EDATE", "end_before_month"),
    ({"days": 31}, "DSW_DD", "days_over_month"),
    ({"workshop_code": "3045678902"}, "DSW_ID", "workshop_mismatch"),
    ({"month": 8}, "DSW_MM", "period_mismatch"),
    ({"year": 1403}, "DSW_YY", "period_mismatch"),
    ({"insurable_benefits": 1}, "DSW_MASH", "mash_sum"),
    ({"total_pay": 1}, "DSW_TOTL", "total_below_insurable"),
    ({"insured_share": 1}, "DSW_BIME", "bime_rounding"),
]


@pytest.mark.parametrize(("changes", "field", "code"), ROW_CASES)
def test_row_rule_fails(changes, field, code):
    # Given the sample with one broken field on row 1 (totals kept consistent)
    parsed = _fixed(with_row(sample_list(), 0, **changes))

    # When checked, Then that rule is reported on DSKWOR00 row 1 for that field
    assert ("DSKWOR00", 1, field, code) in _codes(parsed)


def test_leap_esfand_30_is_a_valid_date():
    parsed = with_row(sample_list(), 0, birth_date="14031230")
    assert check(parsed, RATES).ok


def _one_rial_over_cap(cap):
    return _fixed(
        with_row(
            sample_list(),
            0,
            monthly_wage=cap - 21_999_999,
            insurable_total=cap + 1,
            total_pay=cap + 1,
        )
    )


def test_cap_rule_fails_and_passes():
    # Given MASH exactly at DD × daily cap, Then valid; one rial more, Then over_cap
    cap = RATES.insurable_cap_monthly * 30 // 30
    at_cap = _fixed(
        with_row(
            sample_list(), 0, monthly_wage=cap - 22_000_000, insurable_total=cap, total_pay=cap
        )
    )
    assert check(at_cap, RATES).ok
    over = _one_rial_over_cap(cap)
    assert ("DSKWOR00", 1, "DSW_MASH", "over_cap") in _codes(over)


def test_duplicate_insurance_and_national_codes():
    first = sample_list().rows[0]
    parsed = _fixed(
        with_row(
            sample_list(),
            1,
            insurance_number=first.insurance_number,
            national_code=first.national_code,
        )
    )
    codes = _codes(parsed)
    assert ("DSKWOR00", 2, "DSW_ID1", "duplicate_insurance_number") in codes
    assert ("DSKWOR00", 2, "PER_NATCOD", "duplicate_national_code") in codes


HEADER_TOTALS = [
    ("worker_count", "DSK_NUM"),
    ("total_days", "DSK_TDD"),
    ("total_daily_wage", "DSK_TROOZ"),
    ("total_monthly_wage", "DSK_TMAH"),
    ("total_benefits", "DSK_TMAZ"),
    ("total_insurable", "DSK_TMASH"),
    ("total_pay", "DSK_TTOTL"),
    ("total_insured_share", "DSK_TBIME"),
    ("total_employer_share", "DSK_TKOSO"),
    ("total_spouse", "DSK_SPOUSE"),
    ("total_seniority", "DSK_INC"),
]


@pytest.mark.parametrize(("attr", "field"), HEADER_TOTALS)
def test_header_total_must_equal_the_rows(attr, field):
    valid = sample_list()
    parsed = replace(valid, header=replace(valid.header, **{attr: getattr(valid.header, attr) + 1}))
    assert ("DSKKAR00", 1, field, "total_mismatch") in _codes(parsed)


def test_seniority_and_spouse_totals_pass_when_consistent():
    parsed = _fixed(with_row(sample_list(), 0, seniority_daily=94_000, spouse_allowance=5_000_000))
    assert parsed.header.total_seniority == 94_000 * 30
    assert check(parsed, RATES).ok


def test_unemployment_total_rule():
    valid = sample_list()
    # coverage stated per row: 3% of the covered MASH passes, other values fail
    wrong = replace(
        valid, header=replace(valid.header, total_unemployment=valid.header.total_unemployment + 5)
    )
    assert ("DSKKAR00", 1, "DSK_BIC", "bic_mismatch") in _codes(wrong)
    # a DBF does not say who is covered: zero (nobody covered) is within the bound
    nobody = replace(valid, header=replace(valid.header, total_unemployment=0))
    reread = load_dbf_pair(*write_dbf_pair(nobody))
    assert not reread.coverage_stated
    assert check(reread, RATES).ok


def test_header_rules():
    valid = sample_list()
    cases = [
        ({"workshop_code": "30456789"}, "DSK_ID", "workshop_code"),
        ({"workshop_name": ""}, "DSK_NAME", "required"),
        ({"employer_name": ""}, "DSK_FARM", "required"),
        ({"address": "تهران <آزادی>"}, "DSK_ADRS", "forbidden_character"),
        ({"month": 13}, "DSK_MM", "month_invalid"),
    ]
    for changes, field, code in cases:
        parsed = replace(valid, header=replace(valid.header, **changes))
        assert ("DSKKAR00", 1, field, code) in _codes(parsed), (changes, _codes(parsed))


def test_unknown_year_rates_is_an_error():
    assert ("DSKKAR00", 1, "DSK_YY", "rates_unknown_year") in _codes(sample_list(), None)
    other = builtin_rates(1403)
    assert ("DSKKAR00", 1, "DSK_YY", "rates_unknown_year") in _codes(sample_list(), other)


def test_totals_that_overflow_n12_are_refused_with_that_reason():
    # Given 1,400 workers at 727,367,760 rial: Σ MASH ≈ 1.02e12 > 999,999,999,999
    base = sample_list().rows[0]
    cap = RATES.insurable_cap_monthly
    rows = tuple(
        replace(
            base,
            row_number=n,
            insurance_number=f"{n:08d}",
            national_code="",
            nationality="افغانی",
            monthly_wage=cap,
            insurable_benefits=0,
            insurable_total=cap,
            total_pay=cap,
            insured_share=premium_share(amount=cap, permille=70),
        )
        for n in range(1, 1401)
    )
    parsed = replace(sample_list(), rows=rows)
    codes = _codes(parsed)
    assert ("DSKKAR00", 1, "DSK_TMASH", "total_overflow") in codes
    assert ("DSKKAR00", 1, "DSK_TTOTL", "total_overflow") in codes


def test_empty_list_is_an_error():
    parsed = replace(sample_list(), rows=())
    assert ("DSKWOR00", 0, "", "no_rows") in _codes(_fixed(parsed))


def test_leading_space_in_a_text_field_is_reported():
    # Given a first name stored with a leading space
    kar, wor = write_dbf_pair(sample_list())

    name = iran_encoding.encode("مریم")
    start = wor.index(name)
    broken = wor[:start] + b" " + name + wor[start + len(name) + 1 :]
    parsed = load_dbf_pair(kar, broken)

    # Then the reader reports it
    assert ("DSKWOR00", 1, "DSW_FNAME", "space_edges") in _codes(parsed)


def test_amounts_in_messages_use_persian_separators():
    # Given a row one rial over the cap (an amount in the millions in the message)
    cap = RATES.insurable_cap_monthly
    over = _one_rial_over_cap(cap)
    # When it is checked
    messages = " ".join(issue.message for issue in check(over, RATES).issues)
    # Then the amount is grouped with «٬», never with a Latin comma or Latin digits
    assert "٬" in messages
    assert "," not in messages
    assert not set(messages) & set("0123456789")
