"""The short-term benefit figures as data: what is seeded (DOMAIN.md §3), what is read for a
year (rows carry over until a later row), the abroad package sets, the yearly figures the
rules take (minimum wage, contribution rate), the admin that corrects them, and an empty
table shown on /healthz and the staff dashboard."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse

from tamin.accounts.dashboard import dashboard_warnings_for_role
from tamin.rules.benefit_figures import (
    abroad_package,
    abroad_packages,
    benefit_figures_missing_year,
    benefit_terms,
    contribution_rate_permille,
    min_monthly_wage,
)
from tamin.rules.benefits import Fraction
from tamin.rules.models import YearParameters
from tamin.rules.models.benefits import AbroadPackage, BenefitParameters
from tests.rules.test_benefits import TERMS
from tests.rules.test_pension_figures import _signed_in

pytestmark = pytest.mark.django_db

IN_1404 = dt.datetime(2025, 6, 1, 9, tzinfo=dt.UTC)  # 1404/3/11
BENEFIT_WARNING = "شرایط مزایای کوتاه‌مدت برای سال"


# --- the seed -----------------------------------------------------------------------------


def test_seeded_terms_are_those_of_domain_md_and_in_force_from_1354():
    # every term as DOMAIN.md §3 writes it (the hand-written TERMS of the rule tests)
    assert benefit_terms(year=1404) == TERMS
    assert benefit_terms(year=1354) == TERMS
    assert benefit_terms(year=1353) is None
    row = BenefitParameters.objects.get()
    assert "[تأیید شود]" in row.note


def test_seeded_abroad_packages_cheapest_first_ages_18_to_50():
    packages = abroad_packages(year=1404)
    assert [p.code for p in packages] == ["basic", "double", "triple"]
    assert [p.wage_base for p in packages] == [103_909_680, 207_819_360, 311_729_040]
    assert {(p.min_age, p.max_age, p.rate_permille) for p in packages} == {(18, 50, 180)}
    assert abroad_packages(year=1405) == packages  # carried over
    assert abroad_packages(year=1403) == ()
    assert abroad_package(year=1405, code="double").wage_base == 207_819_360
    assert abroad_package(year=1405, code="nope") is None
    assert all("[تأیید شود]" in row.note for row in AbroadPackage.objects.all())


def test_seeding_twice_adds_nothing_and_keeps_a_correction():
    import importlib

    from django.apps import apps

    seed = importlib.import_module("tamin.rules.migrations.0011_benefits_parameters").seed
    BenefitParameters.objects.update(orthotics_ceiling=250_000_000)
    seed(apps, None)
    seed(apps, None)
    assert BenefitParameters.objects.count() == 1
    assert AbroadPackage.objects.count() == 3
    assert benefit_terms(year=1404).orthotics_ceiling == 250_000_000


# --- reads for a year ---------------------------------------------------------------------


def test_a_later_row_replaces_the_terms_from_its_year():
    BenefitParameters.objects.create(
        effective_from=1405,
        sickness_with_dependents_numerator=4,
        sickness_with_dependents_denominator=5,
        funeral_fixed_amount=80_000_000,
    )
    assert benefit_terms(year=1404) == TERMS
    later = benefit_terms(year=1406)
    assert later.effective_from == 1405
    assert later.sickness_with_dependents == Fraction(4, 5)
    assert later.funeral_fixed_amount == 80_000_000


def test_a_later_package_set_replaces_the_whole_set():
    AbroadPackage.objects.create(
        effective_from=1405,
        code="basic",
        label="پایه ۱۴۰۵",
        wage_base=140_000_000,
        rate_permille=190,
    )
    assert [p.code for p in abroad_packages(year=1405)] == ["basic"]
    assert abroad_package(year=1405, code="double") is None
    assert abroad_package(year=1404, code="double") is not None


def test_packages_are_read_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        abroad_packages(year=1404)


def test_minimum_wage_and_contribution_rate_of_a_year():
    assert min_monthly_wage(year=1404) == 103_909_680
    assert min_monthly_wage(year=1403) == 71_661_840
    assert contribution_rate_permille(year=1404) == 300  # 70 + 200 + 30
    assert min_monthly_wage(year=1405) is None  # not published: no row
    assert contribution_rate_permille(year=1405) is None
    YearParameters.objects.filter(year=1404).update(government_rate_permille=40)
    assert contribution_rate_permille(year=1404) == 310


# --- an empty table -----------------------------------------------------------------------


def test_missing_only_when_no_row_is_in_force(client):
    assert benefit_figures_missing_year(year=1410) is None  # rows carry over
    with time_machine.travel(IN_1404, tick=False):
        assert benefit_figures_missing_year() is None
        assert client.get("/healthz").json()["checks"]["benefit_parameters"] == "ok"
    BenefitParameters.objects.all().delete()
    assert benefit_figures_missing_year(year=1404) == 1404
    with time_machine.travel(IN_1404, tick=False):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["benefit_parameters"] == "missing: 1404"
    # a row from a later year does not cover 1404
    BenefitParameters.objects.create(effective_from=1405)
    assert benefit_figures_missing_year(year=1404) == 1404
    assert benefit_figures_missing_year(year=1405) is None


def test_staff_dashboard_warns_when_no_benefit_terms_are_in_force(client):
    staff = _signed_in(client)
    url = reverse("accounts:dashboard", args=["staff"])
    with time_machine.travel(IN_1404, tick=False):
        assert BENEFIT_WARNING not in staff.get(url).content.decode()
        BenefitParameters.objects.all().delete()
        body = staff.get(url).content.decode()
        assert BENEFIT_WARNING + " ۱۴۰۴" in body
        assert "پارامترهای مزایای کوتاه‌مدت" in body
        assert not any(BENEFIT_WARNING in w for w in dashboard_warnings_for_role("insured"))


# --- the admin and the table's guards -----------------------------------------------------


@pytest.mark.parametrize("model", [BenefitParameters, AbroadPackage], ids=lambda m: m.__name__)
def test_admin_lists_adds_and_edits_the_benefit_figures(client, model):
    admin = _signed_in(client, is_superuser=True)
    name = model._meta.model_name
    row = model.objects.first()
    assert admin.get(reverse(f"admin:rules_{name}_changelist")).status_code == 200
    assert admin.get(reverse(f"admin:rules_{name}_add")).status_code == 200
    page = admin.get(reverse(f"admin:rules_{name}_change", args=[row.pk]))
    assert page.status_code == 200


def _form(**changes) -> dict[str, str]:
    row = BenefitParameters.objects.get()
    data = {
        field.name: "" if getattr(row, field.name) is None else str(getattr(row, field.name))
        for field in BenefitParameters._meta.fields
        if field.name not in ("id", "updated_at")
    }
    data.update(effective_from="1405", **{key: str(value) for key, value in changes.items()})
    return data


def test_staff_correct_a_term_in_the_admin_and_the_rule_reads_it(client):
    admin = _signed_in(client, is_superuser=True)
    response = admin.post(
        reverse("admin:rules_benefitparameters_add"), _form(orthotics_ceiling=300_000_000)
    )
    assert response.status_code == 302
    assert benefit_terms(year=1405).orthotics_ceiling == 300_000_000
    assert benefit_terms(year=1404).orthotics_ceiling == 200_000_000


@pytest.mark.parametrize(
    "changes",
    [
        {"military_government_share_numerator": 22},  # 7/30 + 22/30 ≠ 1
        {"sickness_with_dependents_denominator": 0},
        {"orthotics_ceiling": -1},
        {"unemployment_base_permille": 900},  # above the 800 cap
    ],
)
def test_the_admin_refuses_terms_that_do_not_hold(client, changes):
    admin = _signed_in(client, is_superuser=True)
    response = admin.post(reverse("admin:rules_benefitparameters_add"), _form(**changes))
    assert response.status_code == 200  # the form again, with its error
    assert not BenefitParameters.objects.filter(effective_from=1405).exists()


def test_the_database_refuses_a_rate_above_one_and_unordered_ages():
    with pytest.raises(IntegrityError), transaction.atomic():
        BenefitParameters.objects.create(
            effective_from=1405, maternity_rate_numerator=4, maternity_rate_denominator=3
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        AbroadPackage.objects.create(
            effective_from=1405, code="x", label="x", wage_base=1, rate_permille=1, min_age=51
        )
