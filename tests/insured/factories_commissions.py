"""Factories of the medical commissions area: a commission (an appointment service of a
branch marked as a commission) with free slots, and an insured person's account."""

from __future__ import annotations

import datetime as dt

import factory

from insured.models.commissions import CommissionService
from tests.accounts.factories import UserFactory
from tests.branches.factories_appointments import (
    AppointmentServiceFactory,
    SlotFactory,
    tomorrow_at,
)
from tests.insured.factories import InsuredPersonFactory


class CommissionServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommissionService

    # As the admin and the demo leave it: booked only with a commission request.
    service = factory.SubFactory(
        AppointmentServiceFactory, name="کمیسیون پزشکی", slot_minutes=30, by_request_only=True
    )
    is_active = True


def commission_with_slots(*, slots: int = 3, capacity: int = 1, **kwargs) -> CommissionService:
    """A commission with `slots` free slots tomorrow from 09:00, 30 minutes apart."""
    commission = CommissionServiceFactory(**kwargs)
    for index in range(slots):
        start = tomorrow_at(9) + dt.timedelta(minutes=30 * index)
        SlotFactory(
            service=commission.service,
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=30),
            capacity=capacity,
        )
    return commission


def insured_user(**kwargs):
    """An account acting as an insured person, with its insured record."""
    user = UserFactory(**kwargs)
    InsuredPersonFactory.for_user(user)
    return user
