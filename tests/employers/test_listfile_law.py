"""The list checker's rules of issue #9 on the files alone: unemployment insurance bounded,
DSK_KIND 0, deleted records reported, a year without figures refused as unpublished.

Expected amounts are worked out by hand from DOMAIN.md §6 in the comments.
"""

from __future__ import annotations

from dataclasses import replace

import iran_encoding

from employers.listfile import builtin_rates, check, load_dbf_pair
from employers.listfile.checks import with_computed_totals
from employers.listfile.samples import sample_list
from tests.employers.listfile_helpers import pair_bytes

RATES = builtin_rates(1404)


def _codes(parsed, rates=RATES):
    return {(i.file, i.row, i.field, i.code) for i in check(parsed, rates).issues}


def _with_exempt_second_worker():
    """The sample list as a payroll program writes it when worker 2 is exempt from
    unemployment insurance: DSK_BIC counts workers 1 and 3 only."""
    sample = sample_list()
    rows = (sample.rows[0], replace(sample.rows[1], unemployment_covered=False), sample.rows[2])
    return with_computed_totals(replace(sample, rows=rows), RATES)


def test_a_dbf_list_with_a_worker_exempt_from_unemployment_insurance_is_accepted():
    # given the sample's MASH: 125,909,680 / 172,000,000 / 107,400,000 and worker 2 exempt:
    # BIC = round(3 % × 125,909,680) + 3 % × 107,400,000 = 3,777,290 + 3,222,000 = 6,999,290
    parsed = _with_exempt_second_worker()
    assert parsed.header.total_unemployment == 6_999_290
    kar, wor = pair_bytes(parsed, encode=iran_encoding.encode)
    # when the DBF pair (which cannot say who is exempt) is read and checked
    report = check(load_dbf_pair(kar, wor), RATES)
    # then it is accepted, and the list's unemployment share is the one the file states
    assert report.ok, report.issues
    assert report.totals["unemployment_share"] == 6_999_290


def test_dsk_bic_above_3_percent_of_tmash_is_refused():
    # given TMASH = 125,909,680 + 172,000,000 + 107,400,000 = 405,309,680;
    # 3 % = 12,159,290.4 → 12,159,290 (per row: 3,777,290 + 5,160,000 + 3,222,000, the same)
    sample = sample_list()
    assert sample.header.total_unemployment == 12_159_290  # everyone covered: the bound itself
    over = replace(sample, header=replace(sample.header, total_unemployment=12_159_291))
    kar, wor = pair_bytes(over, encode=iran_encoding.encode)
    # when checked / then one rial above the bound is refused with its own rule
    issues = check(load_dbf_pair(kar, wor), RATES).issues
    assert [(i.field, i.code) for i in issues] == [("DSK_BIC", "bic_over_bound")]
    assert "۱۲٬۱۵۹٬۲۹۰" in issues[0].message or "۱۲,۱۵۹,۲۹۰" in issues[0].message


def test_a_csv_that_states_coverage_is_checked_exactly():
    # given a CSV-shaped list (coverage stated per row) whose BIC counts the exempt worker
    parsed = _with_exempt_second_worker()
    wrong = replace(parsed, header=replace(parsed.header, total_unemployment=12_159_290))
    # then the exact rule refuses it: 6,999,290 was owed
    assert ("DSKKAR00", 1, "DSK_BIC", "bic_mismatch") in _codes(wrong)
    assert _codes(parsed) == set()


def test_dsk_kind_other_than_0_is_refused():
    sample = sample_list()
    parsed = replace(sample, header=replace(sample.header, kind=1))
    kar, wor = pair_bytes(parsed, encode=iran_encoding.encode)
    assert ("DSKKAR00", 1, "DSK_KIND", "kind_invalid") in _codes(load_dbf_pair(kar, wor))


def test_a_deleted_record_is_reported_with_its_row():
    # given the sample pair whose second worker record is flagged deleted ('*')
    kar, wor = pair_bytes(sample_list(), encode=iran_encoding.encode)
    header_len = int.from_bytes(wor[8:10], "little")
    record_len = int.from_bytes(wor[10:12], "little")
    second = header_len + record_len
    wor = wor[:second] + b"*" + wor[second + 1 :]
    # when read and checked
    parsed = load_dbf_pair(kar, wor)
    issues = check(parsed, RATES).issues
    # then record 2 is named with its own rule and a Persian reason, not skipped in silence
    deleted = [i for i in issues if i.code == "deleted_record"]
    assert [(i.file, i.row) for i in deleted] == [("DSKWOR00", 2)]
    assert "حذف" in deleted[0].message
    assert [row.row_number for row in parsed.rows] == [1, 3]


def test_a_year_without_figures_is_refused_as_not_yet_published():
    sample = sample_list()
    parsed = replace(sample, header=replace(sample.header, year=1405))
    issues = [i for i in check(parsed, None).issues if i.code == "rates_unknown_year"]
    assert len(issues) == 1
    assert "۱۴۰۵" in issues[0].message
    assert "منتشر نشده" in issues[0].message
