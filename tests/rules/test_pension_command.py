"""`manage.py pension compute FILE [--json]`: the portal's figures, one JSON object equal to
`pension_compute` on the same input, a Persian report, and exit 1 with a Persian reason
(never a traceback) for anything it cannot read."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import jdatetime
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tamin.rules.models import PensionParameters
from tamin.rules.pension_figures import retirement_conditions
from tamin.rules.pension_file import MAX_BYTES
from tamin.rules.pensions import ServiceMonth, pension_compute

ROOT = Path(__file__).resolve().parents[2]
MINIMUM_1404 = 103_909_680  # seeded: the 1404 minimum pension

pytestmark = pytest.mark.django_db


def _run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    from django.core.management import call_command

    with pytest.raises(SystemExit) as exit_info:
        call_command("pension", *args, stdout=out, stderr=err)
    return exit_info.value.code, out.getvalue(), err.getvalue()


def _write(directory: Path, document, name: str = "history.json") -> str:
    path = directory / name
    path.write_text(
        document if isinstance(document, str) else json.dumps(document), encoding="utf-8"
    )
    return str(path)


def _full_year(year: int, wage: int, *, esfand: int = 29) -> list[dict]:
    return [
        {
            "year": year,
            "month": month,
            "days": 31 if month <= 6 else 30 if month <= 11 else esfand,
            "wage": wage,
        }
        for month in range(1, 13)
    ]


def _history(on: str = "1404/07/01") -> dict:
    # 1403 (leap: Esfand 30) at 90,000,000 and Farvardin–Shahrivar 1404 at 120,000,000,
    # 28 years of added service, born 1344/07/01: 60 on the day
    records = _full_year(1403, 90_000_000, esfand=30) + _full_year(1404, 120_000_000)[:6]
    return {
        "sex": "male",
        "birth_date": "1344/07/01",
        "on": on,
        "added_days": 28 * 365,
        "records": records,
    }


def _expected(document: dict, *, minimum: int | None):
    year, month, day = (int(part) for part in document["on"].split("/"))
    birth = jdatetime.date(*(int(part) for part in document["birth_date"].split("/")))
    return pension_compute(
        sex=document["sex"],
        birth_date=birth,
        on=jdatetime.date(year, month, day),
        records=[
            ServiceMonth(r["year"], r["month"], r["days"], r["wage"], r.get("hard_job", False))
            for r in document["records"]
        ],
        conditions=retirement_conditions(year=year),
        minimum_pension=minimum,
        added_days=document.get("added_days", 0),
    )


def _assert_same(output: dict, result) -> None:
    assert output["eligible"] is result.eligible
    assert output["days"] == result.days
    assert output["added_days"] == result.added_days
    assert output["total_days"] == result.total_days
    assert output["years"] == result.years_text
    assert output["average_wage"] == result.average_wage
    assert output["computed_pension"] == result.computed_pension
    assert output["minimum_pension"] == result.minimum_pension
    assert output["floor"] == result.floor
    assert output["pension"] == result.pension
    assert output["minimum_applied"] is result.minimum_applied
    assert output["steps"] == list(result.steps)
    assert [(c["label"], c["met"]) for c in output["conditions"]] == [
        (o.condition.label, o.met) for o in result.outcomes
    ]


def test_json_is_the_rule_on_the_same_input_with_the_portal_figures(tmp_path):
    document = _history()
    code, out, err = _run("compute", _write(tmp_path, document), "--json")
    assert (code, err) == (0, "")
    output = json.loads(out)  # exactly one JSON object
    _assert_same(output, _expected(document, minimum=MINIMUM_1404))
    # by hand: 186 + 366 = 552 days + 10,220 added = 10,772 → 29.51 years; the walk covers
    # all 552 days: Σ = 6 × 120M + 12 × 90M = 1,800,000,000; /24 = 75,000,000
    assert output["days"] == 552
    assert output["years"] == "29.51"
    assert output["average_wage"] == 75_000_000
    assert output["average"]["complete"] is False
    # ceil(75,000,000 / 30 × 29.51) = 73,775,000, below the 1404 minimum: the floor applies
    assert output["computed_pension"] == 73_775_000
    assert output["minimum_pension"] == MINIMUM_1404
    assert output["pension"] == MINIMUM_1404
    assert output["minimum_applied"] is True
    # 60 years old with 29.51 years: eligible by age and service only
    assert output["eligible"] is True
    met = [c["label"] for c in output["conditions"] if c["met"]]
    assert met == ["سن و سابقه"]
    assert output["warnings"] == []


def test_a_year_without_its_minimum_pension_computes_without_a_floor(tmp_path):
    # given 1405 has no pension row (the seed leaves it out on purpose)
    assert not PensionParameters.objects.filter(year=1405).exists()
    document = _history(on="1405/02/01")
    code, out, err = _run("compute", _write(tmp_path, document), "--json")
    # then it ran (exit 0), without a floor, and says so
    assert (code, err) == (0, "")
    output = json.loads(out)
    assert output["minimum_pension"] is None
    assert output["floor"] is None
    assert output["minimum_applied"] is False
    assert output["pension"] == output["computed_pension"]
    assert any("۱۴۰۵" in w and "ثبت نشده" in w for w in output["warnings"])
    assert any("حداقل مستمری سال ۱۴۰۵ هنوز ثبت نشده است" in s for s in output["steps"])
    _assert_same(output, _expected(document, minimum=None))
    # and the Persian report says it too
    code, report, _ = _run("compute", _write(tmp_path, document))
    assert code == 0
    assert "هشدار: حداقل مستمری سال ۱۴۰۵ ثبت نشده است" in report


def test_the_report_is_persian(tmp_path):
    code, report, err = _run("compute", _write(tmp_path, _history()))
    assert (code, err) == (0, "")
    assert "واجد شرایط بازنشستگی: بله" in report
    assert "مستمری ماهانه: ۱۰۳٬۹۰۹٬۶۸۰ ریال (حداقل مستمری اعمال شد)" in report
    assert "۲۹٫۵۱ سال" in report
    assert "گام‌های محاسبه:" in report
    assert not any(ch in "0123456789" for ch in report)  # Persian digits only


def test_not_eligible_still_exits_0(tmp_path):
    document = _history() | {"birth_date": "1360/01/01", "added_days": 0}
    code, out, _ = _run("compute", _write(tmp_path, document), "--json")
    assert code == 0
    assert json.loads(out)["eligible"] is False


@pytest.mark.parametrize(
    ("content", "words", "record"),
    [
        (b"\x00\x01\x02\xff\xfe garbage \x89PNG", "UTF-8", None),
        ("[1, 2, 3]", "شیء JSON", None),
        ('{"sex": "male", "added_days": ' + "9" * 100 + "}", "رقم", None),
        ("{", "JSON درست نیست", None),
        (
            json.dumps(
                _history()
                | {
                    "records": [
                        *_full_year(1404, 1)[:6],
                        {"year": 1404, "month": 6, "days": 1, "wage": 1},
                    ]
                }
            ),
            "هم‌پوشانی",
            7,
        ),
        (json.dumps(_history() | {"on": "1402/12/30"}), "وجود ندارد", None),
    ],
)
def test_bad_files_exit_1_with_a_persian_reason(tmp_path, content, words, record):
    path = tmp_path / "bad.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    code, out, err = _run("compute", str(path), "--json")
    assert code == 1
    assert words in err
    assert "Traceback" not in err
    assert json.loads(out) == {"error": err.strip(), "record": record}
    # without --json nothing is printed on standard output
    code, out, err = _run("compute", str(path))
    assert (code, out) == (1, "")
    assert words in err


def test_missing_file_a_directory_and_an_oversized_file(tmp_path):
    code, _, err = _run("compute", str(tmp_path / "nothing.json"))
    assert code == 1
    assert "پیدا نشد" in err
    code, _, err = _run("compute", str(tmp_path))
    assert code == 1
    assert "یک پرونده نیست" in err
    code, _, err = _run("compute", "history\x00.json")
    assert code == 1
    assert "نام پرونده درست نیست" in err
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (MAX_BYTES + 1))
    code, _, err = _run("compute", str(big))
    assert code == 1
    assert "مگابایت" in err


def test_figures_that_cannot_be_read_exit_1(tmp_path, monkeypatch):
    from django.db import OperationalError

    def unreachable(**kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(
        "tamin.rules.management.commands.pension.retirement_conditions", unreachable
    )
    code, out, err = _run("compute", _write(tmp_path, _history()), "--json")
    assert code == 1
    assert "از پایگاه داده پرتال خوانده نشد" in err
    assert json.loads(out)["record"] is None


def test_subprocess_never_prints_a_traceback(tmp_path):
    garbage = tmp_path / "garbage.json"
    garbage.write_bytes(bytes(range(256)) * 4)
    result = subprocess.run(
        [sys.executable, "manage.py", "pension", "compute", str(garbage), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "UTF-8" in json.loads(result.stdout)["error"]


_PERIODS = [(year, month) for year in range(1400, 1405) for month in range(1, 13)]


@st.composite
def documents(draw):
    periods = draw(st.lists(st.sampled_from(_PERIODS), unique=True, max_size=40))
    records = []
    for year, month in sorted(periods):
        length = 31 if month <= 6 else 30 if month <= 11 else 30 if year == 1403 else 29
        record = {
            "year": year,
            "month": month,
            "days": draw(st.integers(0, length)),
            "wage": draw(st.integers(0, 999_999_999_999)),
        }
        if draw(st.booleans()):
            record["hard_job"] = draw(st.booleans())
        records.append(record)
    return {
        "sex": draw(st.sampled_from(["male", "female"])),
        "birth_date": f"{draw(st.integers(1330, 1380))}/{draw(st.integers(1, 6))}/15",
        "on": draw(st.sampled_from(["1405/01/01", "1404/12/29", "1405/06/31"])),
        "added_days": draw(st.integers(0, 12_000)),
        "records": records,
    }


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=documents())
def test_property_json_equals_pension_compute(document):
    year = int(document["on"][:4])
    minimum = MINIMUM_1404 if year == 1404 else None  # 1405 has no row
    with tempfile.TemporaryDirectory() as directory:
        code, out, err = _run("compute", _write(Path(directory), document), "--json")
    assert (code, err) == (0, "")
    _assert_same(json.loads(out), _expected(document, minimum=minimum))
