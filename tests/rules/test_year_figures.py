"""Yearly figures as data: a year without its row shows on /healthz and the staff dashboard
from Nowruz (Tehran time); the public API's document round-trips through
`year_parameters import`; `monthly_list check --parameters` reads the published file."""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import replace

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from employers.listfile import builtin_rates, write_dbf_pair
from employers.listfile.checks import with_computed_totals
from employers.listfile.samples import sample_list
from tamin.core.models import AuditLog
from tamin.rules.models import YearParameters
from tests.accounts.factories import staff_with_totp

# 1405/1/1 (Nowruz) is 2026-03-21; Tehran is UTC+3:30.
LAST_EVENING_OF_1404 = dt.datetime(2026, 3, 20, 20, 0, tzinfo=dt.UTC)  # 1404/12/29 23:30 Tehran
FIRST_NIGHT_OF_1405 = dt.datetime(2026, 3, 20, 21, 0, tzinfo=dt.UTC)  # 1405/1/1 00:30 Tehran


@pytest.fixture
def no_1405_row(db):
    YearParameters.objects.filter(year=1405).delete()


# --- /healthz and the staff dashboard ----------------------------------------------------


def test_healthz_is_degraded_from_the_first_day_of_a_year_without_figures(client, no_1405_row):
    # given no 1405 row / when /healthz is asked on the last evening of 1404
    with time_machine.travel(LAST_EVENING_OF_1404, tick=False):
        before = client.get("/healthz")
    # then all is well: 1404 has its row
    assert before.status_code == 200
    assert before.json()["status"] == "ok"
    assert before.json()["checks"]["year_parameters"] == "ok"
    # when asked half an hour into Nowruz 1405 (Tehran time)
    with time_machine.travel(FIRST_NIGHT_OF_1405, tick=False):
        after = client.get("/healthz")
    # then degraded, still HTTP 200 (the portal serves), naming the year
    assert after.status_code == 200
    assert after.json()["status"] == "degraded"
    assert after.json()["checks"]["year_parameters"] == "missing: 1405"


def _staff_client(client):
    user, device = staff_with_totp()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def test_a_year_no_penalty_row_covers_shows_on_healthz_and_the_staff_dashboard(client, db):
    # given penalty rows only from 1406 on (none covers 1405)
    from tamin.rules.models import PenaltyParameters

    PenaltyParameters.objects.all().delete()
    PenaltyParameters.objects.create(
        effective_from=1406, late_payment_permille_per_month=20, no_list_permille=100
    )
    staff = _staff_client(client)
    # when /healthz and the staff dashboard are read in 1405
    with time_machine.travel(FIRST_NIGHT_OF_1405, tick=False):
        health = client.get("/healthz").json()
        body = staff.get(reverse("accounts:dashboard", args=["staff"])).content.decode()
    # then both say that 1405 has no penalty rates (the code has none of its own)
    assert health["status"] == "degraded"
    assert health["checks"]["penalty_parameters"] == "missing: 1405"
    assert "نرخ جریمه‌های سال ۱۴۰۵" in body


def test_staff_dashboard_warns_of_a_year_without_figures(client, no_1405_row):
    staff = _staff_client(client)
    url = reverse("accounts:dashboard", args=["staff"])
    # given 1405 has begun without its row / when staff open their dashboard
    with time_machine.travel(FIRST_NIGHT_OF_1405, tick=False):
        body = staff.get(url).content.decode()
    # then a warning card names the year
    assert 'data-testid="dashboard-warning"' in body
    assert "ارقام سال ۱۴۰۵" in body
    # and once staff publish the year's row the warning is gone
    YearParameters.objects.create(
        year=1405, min_daily_wage=1, min_monthly_wage=30, insurable_cap_monthly=210
    )
    with time_machine.travel(FIRST_NIGHT_OF_1405, tick=False):
        body = staff.get(url).content.decode()
    assert (
        "ارقام سال ۱۴۰۵" not in body
    )  # (1405's pension figures are still missing: their own card)


# --- the published document --------------------------------------------------------------


@pytest.mark.django_db
def test_the_public_api_document_round_trips_through_import(client, tmp_path):
    # given the published document, fetched without signing in
    response = client.get("/api/v1/rules/years/")
    assert response.status_code == 200
    document = response.json()
    assert document["format"] == "tamin-year-parameters"
    years = {item["year"]: item for item in document["years"]}
    assert years[1404]["insurable_cap_monthly"] == 727_367_760
    path = tmp_path / "years.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    # and a database that lost 1403 and holds a wrong 1404 cap
    YearParameters.objects.filter(year=1403).delete()
    YearParameters.objects.filter(year=1404).update(insurable_cap_monthly=800_000_000)
    audits = AuditLog.objects.filter(action="rules.year_parameters_imported").count()
    # when the file is imported
    out = io.StringIO()
    call_command("year_parameters", "import", str(path), stdout=out)
    # then the database publishes the same document again, with one audit row per year changed
    assert client.get("/api/v1/rules/years/").json() == document
    assert AuditLog.objects.filter(action="rules.year_parameters_imported").count() == audits + 2
    # and importing it again changes nothing (idempotent)
    call_command("year_parameters", "import", str(path), stdout=io.StringIO())
    assert AuditLog.objects.filter(action="rules.year_parameters_imported").count() == audits + 2


@pytest.mark.django_db
def test_export_writes_the_api_document_and_the_schema_names_the_route(client, tmp_path):
    path = tmp_path / "years.json"
    call_command("year_parameters", "export", str(path), stdout=io.StringIO())
    assert json.loads(path.read_text(encoding="utf-8")) == client.get("/api/v1/rules/years/").json()
    schema = client.get(reverse("api-schema"), {"format": "json"}).content.decode()
    assert "/api/v1/rules/years/" in schema
    assert "RulesYearFigures" in schema


@pytest.mark.django_db
def test_an_invalid_file_is_refused_and_nothing_is_written(tmp_path):
    # given a file whose 1404 cap is below the monthly minimum
    document = {
        "format": "tamin-year-parameters",
        "version": 1,
        "years": [
            {
                "year": 1404,
                "min_daily_wage": 3_463_656,
                "min_monthly_wage": 103_909_680,
                "insurable_cap_monthly": 1,
                "insured_rate_permille": 70,
                "employer_rate_permille": 200,
                "government_rate_permille": 30,
                "unemployment_rate_permille": 30,
                "note": "",
            }
        ],
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("year_parameters", "import", str(path), stdout=io.StringIO())
    assert "سقف" in str(error.value)
    assert YearParameters.objects.get(year=1404).insurable_cap_monthly == 727_367_760


# --- monthly_list check --parameters --------------------------------------------------------


def _list_of_1405(tmp_path):
    """The sample list moved to Mehr 1405, priced by a payroll program with 1404's shares."""
    sample = sample_list()
    rows = tuple(replace(row, year=1405) for row in sample.rows)
    parsed = replace(sample, header=replace(sample.header, year=1405), rows=rows)
    kar, wor = write_dbf_pair(with_computed_totals(parsed, builtin_rates(1404)))
    (tmp_path / "DSKKAR00.DBF").write_bytes(kar)
    (tmp_path / "DSKWOR00.DBF").write_bytes(wor)
    return [str(tmp_path / "DSKKAR00.DBF"), str(tmp_path / "DSKWOR00.DBF")]


def _published_1405(tmp_path):
    """A published file with a 1405 row: figures the test itself publishes (not real ones)."""
    row = {
        "year": 1405,
        "min_daily_wage": 3_463_656,
        "min_monthly_wage": 103_909_680,
        "insurable_cap_monthly": 727_367_760,
        "insured_rate_permille": 70,
        "employer_rate_permille": 200,
        "government_rate_permille": 30,
        "unemployment_rate_permille": 30,
        "note": "test",
    }
    path = tmp_path / "years.json"
    document = {"format": "tamin-year-parameters", "version": 1, "years": [row]}
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def _check(*args) -> tuple[int, dict]:
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("monthly_list", "check", *args, "--json", stdout=out)
    return exit_info.value.code, json.loads(out.getvalue())


def test_a_1405_list_is_accepted_with_the_published_figures(tmp_path):
    files = _list_of_1405(tmp_path)
    code, result = _check(*files, "--parameters", _published_1405(tmp_path))
    assert code == 0, result["errors"]
    assert result["parameters"]["source"] == "file"
    assert result["parameters"]["warning"] == ""


def test_a_1405_list_without_published_figures_is_refused_saying_so(tmp_path):
    # given no database here (offline) and no --parameters: the built-in table, which lacks 1405
    code, result = _check(*_list_of_1405(tmp_path))
    assert code == 1
    assert result["parameters"]["source"] == "builtin"
    assert result["parameters"]["warning"]  # the report says the figures are the release's own
    refused = [e for e in result["errors"] if e["code"] == "rates_unknown_year"]
    assert len(refused) == 1
    assert "منتشر نشده" in refused[0]["message"]


def test_the_text_report_names_the_builtin_table(tmp_path):
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("monthly_list", "check", *_list_of_1405(tmp_path), stdout=out)
    assert "جدول داخلی" in out.getvalue()
    assert "هشدار" in out.getvalue()


@pytest.mark.django_db
def test_inside_a_deployment_the_database_figures_are_used(tmp_path):
    # given the database holds rows but none for 1405
    YearParameters.objects.filter(year=1405).delete()
    code, result = _check(*_list_of_1405(tmp_path))
    assert code == 1
    assert result["parameters"]["source"] == "database"
    assert any(e["code"] == "rates_unknown_year" for e in result["errors"])
