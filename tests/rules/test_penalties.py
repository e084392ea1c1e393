"""Penalty arithmetic and the seeded penalty parameters."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps

from tamin.rules.models import PenaltyParameters
from tamin.rules.penalties import late_payment_penalty, no_list_penalty, penalty_rates

seed_module = importlib.import_module("tamin.rules.migrations.0004_seed_penalty_parameters")


def test_two_percent_a_month():
    # given 10,000,000 rial three months late at 20‰ / when computed / then 6%
    assert late_payment_penalty(amount=10_000_000, months_late=3, permille_per_month=20) == 600_000


def test_rounds_down_to_the_whole_rial_once_on_the_total():
    # given an amount whose penalty has a fraction / then the fraction is dropped
    assert late_payment_penalty(amount=1_234_567, months_late=1, permille_per_month=20) == 24_691
    # 999 × 20 × 2 / 1000 = 39.96 → 39 (rounded on the total, not 19 + 19 per month)
    assert late_payment_penalty(amount=999, months_late=2, permille_per_month=20) == 39


def test_not_late_or_nothing_owed_is_no_penalty():
    assert late_payment_penalty(amount=5_000_000, months_late=0, permille_per_month=20) == 0
    assert late_payment_penalty(amount=0, months_late=5, permille_per_month=20) == 0


def test_negative_input_is_refused():
    with pytest.raises(ValueError, match="negative"):
        late_payment_penalty(amount=-1, months_late=1, permille_per_month=20)
    with pytest.raises(ValueError, match="negative"):
        late_payment_penalty(amount=1, months_late=-1, permille_per_month=20)


def test_no_list_penalty_ten_percent():
    assert no_list_penalty(premium=1_000_005, permille=100) == 100_000


@pytest.mark.django_db
def test_seeded_rates_apply_and_a_later_row_wins_from_its_year():
    # given the seeded row / when 1404 is asked / then 2% a month and 10%
    rates = penalty_rates(year=1404)
    assert (rates.late_payment_permille_per_month, rates.no_list_permille) == (20, 100)
    # given a later row from 1405
    PenaltyParameters.objects.create(
        effective_from=1405, late_payment_permille_per_month=25, no_list_permille=120
    )
    # then 1405 uses it and 1404 still the old one
    assert penalty_rates(year=1405).late_payment_permille_per_month == 25
    assert penalty_rates(year=1404).late_payment_permille_per_month == 20


@pytest.mark.django_db
def test_seed_is_idempotent_and_keeps_admin_corrections():
    # given a corrected seeded row
    PenaltyParameters.objects.filter(effective_from=1390).update(late_payment_permille_per_month=15)
    # when the seed runs again
    seed_module.seed(django_apps, None)
    # then nothing is duplicated or overwritten
    assert PenaltyParameters.objects.filter(effective_from=1390).count() == 1
    assert PenaltyParameters.objects.get(effective_from=1390).late_payment_permille_per_month == 15
