"""Rulings test helpers: a workshop with its owner and a staff member of its branch, and a
ruling issued and served through the services, as branch staff do it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from employers.models import ClaimRuling, Representative, Workshop
from employers.services.rulings import (
    DEFAULT_LEGAL_BASIS,
    RulingLineInput,
    ruling_issue_manual,
    ruling_serve,
)
from tests.branches.factories import StaffMembershipFactory
from tests.employers.factories import RepresentativeFactory


@dataclass
class Setting:
    owner: Representative
    workshop: Workshop
    staff: object  # a user working at the workshop's branch


def setting(*, electronic: bool = True, started_on: datetime.date | None = None) -> Setting:
    """A workshop (e-notification opt-in or not), its owner, a staff member of its branch."""
    owner = RepresentativeFactory(
        workshop__e_notification_opt_in=electronic,
        workshop__started_on=started_on,
        user__email="owner@example.ir",
    )
    staff = StaffMembershipFactory(branch=owner.workshop.branch).user
    return Setting(owner=owner, workshop=owner.workshop, staff=staff)


LINES = (
    RulingLineInput(1404, 2, 30_000_000, 3_000_000, "حق بیمه اردیبهشت"),
    RulingLineInput(1404, 3, 20_000_000, 0, ""),
)


def draft_ruling(s: Setting, *, lines=LINES, legal_basis: str = DEFAULT_LEGAL_BASIS) -> ClaimRuling:
    """A draft issued by hand: 50,000,000 principal + 3,000,000 penalty by default."""
    return ruling_issue_manual(
        staff_user=s.staff, workshop=s.workshop, lines=list(lines), legal_basis=legal_basis
    )


def served_ruling(s: Setting, **kwargs) -> ClaimRuling:
    return ruling_serve(staff_user=s.staff, ruling=draft_ruling(s, **kwargs))
