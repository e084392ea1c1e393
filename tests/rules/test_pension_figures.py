"""The pension figures as data: what is seeded, what is read for a year, the admin that
corrects them, and a year without its row shown on /healthz and the staff dashboard (from
Nowruz, Tehran time), as the yearly and penalty figures are."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from tamin.accounts.dashboard import dashboard_warnings_for_role
from tamin.rules.models import PensionParameters, RetirementCondition, SurvivorShare
from tamin.rules.pension_figures import (
    minimum_pension,
    pension_figures_missing_year,
    retirement_conditions,
    survivor_share_permille,
)
from tests.accounts.factories import staff_with_totp
from tests.rules.test_pensions import CONDITIONS

pytestmark = pytest.mark.django_db

# 1405/1/1 (Nowruz) is 2026-03-21; Tehran is UTC+3:30.
LAST_EVENING_OF_1404 = dt.datetime(2026, 3, 20, 20, 0, tzinfo=dt.UTC)  # 1404/12/29 23:30
FIRST_NIGHT_OF_1405 = dt.datetime(2026, 3, 20, 21, 0, tzinfo=dt.UTC)  # 1405/1/1 00:30
PENSION_WARNING = "ارقام مستمری سال ۱۴۰۵"


def _signed_in(client, **kwargs):
    user, device = staff_with_totp(**kwargs)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id  # staff pages demand a second factor
    session.save()
    return client


# --- the seed and the reads -----------------------------------------------------------


def test_seeded_figures_and_1405_left_out():
    assert minimum_pension(year=1404) == 103_909_680
    assert minimum_pension(year=1403) == 71_661_840
    assert minimum_pension(year=1405) is None  # never carried over from 1404
    assert retirement_conditions(year=1404) == tuple(
        sorted(
            CONDITIONS,
            key=lambda c: (
                c.sex,
                ("service", "hard_consecutive", "hard_total").index(c.path),
                c.min_years,
                c.min_age or 0,
            ),
        )
    )
    assert survivor_share_permille(relation="spouse", year=1404) == 500
    assert survivor_share_permille(relation="child", year=1404) == 250
    assert survivor_share_permille(relation="parent", year=1404) == 200


def test_a_later_set_of_conditions_replaces_a_sex_from_its_year():
    # given staff add a new set for women from 1406: 56 with 10 years
    RetirementCondition.objects.create(
        effective_from=1406, sex="female", path="service", min_years=10, min_age=56
    )
    # then 1405 still reads the 1354 set, and from 1406 women have only the new row
    assert len(retirement_conditions(year=1405)) == 10
    in_1406 = retirement_conditions(year=1406)
    women = [c for c in in_1406 if c.sex == "female"]
    assert [(c.min_years, c.min_age) for c in women] == [(10, 56)]
    assert len([c for c in in_1406 if c.sex == "male"]) == 5


def test_before_the_law_no_condition_is_in_force():
    assert retirement_conditions(year=1350) == ()


# --- a year without its row -----------------------------------------------------------


def test_missing_year_is_the_current_jalali_year_from_nowruz():
    with time_machine.travel(LAST_EVENING_OF_1404, tick=False):
        assert pension_figures_missing_year() is None
    with time_machine.travel(FIRST_NIGHT_OF_1405, tick=False):
        assert pension_figures_missing_year() == 1405
    assert pension_figures_missing_year(year=1404) is None
    assert pension_figures_missing_year(year=1405) == 1405


def test_healthz_is_degraded_from_the_first_day_of_a_year_without_pension_figures(client):
    with time_machine.travel(LAST_EVENING_OF_1404, tick=False):
        before = client.get("/healthz")
    assert before.json()["checks"]["pension_parameters"] == "ok"
    with time_machine.travel(FIRST_NIGHT_OF_1405, tick=False):
        after = client.get("/healthz")
    # degraded, still HTTP 200 (the portal serves), naming the year
    assert after.status_code == 200
    assert after.json()["status"] == "degraded"
    assert after.json()["checks"]["pension_parameters"] == "missing: 1405"
    # once staff publish the row, the check is well again
    PensionParameters.objects.create(year=1405, minimum_pension=1)
    with time_machine.travel(FIRST_NIGHT_OF_1405, tick=False):
        assert client.get("/healthz").json()["checks"]["pension_parameters"] == "ok"


def test_staff_dashboard_warns_of_a_year_without_pension_figures(client):
    staff = _signed_in(client)
    url = reverse("accounts:dashboard", args=["staff"])
    # given 1405 has begun without its pension row / when staff open their dashboard
    with time_machine.travel(FIRST_NIGHT_OF_1405, tick=False):
        body = staff.get(url).content.decode()
    # then a warning card names the year and where to enter it
    assert 'data-testid="dashboard-warning"' in body
    assert PENSION_WARNING in body
    assert "پارامترهای سالانه مستمری" in body
    # not on the last evening of 1404, and never on another role's dashboard
    with time_machine.travel(LAST_EVENING_OF_1404, tick=False):
        assert PENSION_WARNING not in staff.get(url).content.decode()
        assert dashboard_warnings_for_role("insured") == []
    # and once staff publish the row the warning is gone
    PensionParameters.objects.create(year=1405, minimum_pension=150_000_000)
    with time_machine.travel(FIRST_NIGHT_OF_1405, tick=False):
        assert PENSION_WARNING not in staff.get(url).content.decode()


# --- the admin ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "model", [PensionParameters, RetirementCondition, SurvivorShare], ids=lambda m: m.__name__
)
def test_admin_lists_adds_and_edits_the_pension_figures(client, model):
    admin = _signed_in(client, is_superuser=True)
    name = model._meta.model_name
    row = model.objects.first()
    assert admin.get(reverse(f"admin:rules_{name}_changelist")).status_code == 200
    assert admin.get(reverse(f"admin:rules_{name}_add")).status_code == 200
    assert admin.get(reverse(f"admin:rules_{name}_change", args=[row.pk])).status_code == 200


def test_staff_publish_a_year_in_the_admin_and_the_rule_reads_it(client):
    # given an administrator enters 1405 in the admin
    admin = _signed_in(client, is_superuser=True)
    response = admin.post(
        reverse("admin:rules_pensionparameters_add"),
        {
            "year": "1405",
            "minimum_pension": "150000000",
            "increase_permille": "200",
            "increase_fixed": "0",
            "treatment_share_permille": "20",
            "spouse_allowance": "5000000",
            "child_allowance": "0",
            "note": "",
        },
    )
    assert response.status_code == 302
    # then the rule reads it and the year is no longer missing
    assert minimum_pension(year=1405) == 150_000_000
    assert pension_figures_missing_year(year=1405) is None


def test_a_negative_minimum_pension_is_refused_in_the_admin(client):
    admin = _signed_in(client, is_superuser=True)
    response = admin.post(
        reverse("admin:rules_pensionparameters_add"),
        {
            "year": "1405",
            "minimum_pension": "-1",
            "increase_permille": "0",
            "increase_fixed": "0",
            "treatment_share_permille": "20",
            "spouse_allowance": "0",
            "child_allowance": "0",
        },
    )
    assert response.status_code == 200  # the form again, with its error
    assert not PensionParameters.objects.filter(year=1405).exists()
