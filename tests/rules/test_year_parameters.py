"""Yearly parameters: seeded from DOMAIN.md §3, editable in the admin, seed is idempotent."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.db import IntegrityError, transaction
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from tamin.rules.models import YearParameters
from tests.accounts.factories import staff_with_totp

pytestmark = pytest.mark.django_db

seed_module = importlib.import_module("tamin.rules.migrations.0002_seed_year_parameters")


def test_known_years_are_seeded_with_verified_1404_values():
    # given the migrated database / when 1404 is read
    row = YearParameters.objects.get(year=1404)
    # then it holds the verified values and the cap is 7 × the monthly minimum
    assert row.min_daily_wage == 3_463_656
    assert row.min_monthly_wage == 103_909_680
    assert row.insurable_cap_monthly == 727_367_760 == 7 * row.min_monthly_wage
    assert (row.insured_rate_permille, row.employer_rate_permille) == (70, 200)
    assert (row.government_rate_permille, row.unemployment_rate_permille) == (30, 30)
    assert {1402, 1403, 1404} <= set(YearParameters.objects.values_list("year", flat=True))
    # and values still to confirm are marked in the note (1402 was confirmed by 0005)
    assert "تأیید شود" in YearParameters.objects.get(year=1403).note


def test_seed_is_idempotent_and_keeps_admin_corrections():
    # given a value corrected by an administrator
    YearParameters.objects.filter(year=1403).update(min_daily_wage=2_400_000)
    # when the seed runs again
    seed_module.seed(django_apps, None)
    # then there is still one row per year and the correction stays
    assert YearParameters.objects.filter(year=1403).count() == 1
    assert YearParameters.objects.get(year=1403).min_daily_wage == 2_400_000


def test_cap_below_minimum_is_refused_by_the_database():
    row = YearParameters.objects.get(year=1404)
    with pytest.raises(IntegrityError), transaction.atomic():
        YearParameters.objects.filter(pk=row.pk).update(insurable_cap_monthly=1)


def test_admin_lists_and_edits_year_parameters(client):
    # given an administrator / when the list and a row's change page open
    user, device = staff_with_totp(is_superuser=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id  # the admin demands a second factor
    session.save()
    row = YearParameters.objects.get(year=1404)
    listing = client.get(reverse("admin:rules_yearparameters_changelist"))
    change = client.get(reverse("admin:rules_yearparameters_change", args=[row.pk]))
    # then both answer
    assert listing.status_code == 200
    assert change.status_code == 200
