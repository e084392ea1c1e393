"""Helpers of the notices, inspections and correspondence tests: notices served the one way
they come to be (`notice_serve`), workshops with and without the e-notification opt-in, and
staff of a workshop's branch."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from employers.models import ClaimRuling, Notice, NoticeKind, RulingSource
from employers.services.notices import notice_serve
from tamin.core.jalali import persian_digits
from tests.accounts.factories import UserFactory
from tests.branches.factories import StaffMembershipFactory
from tests.employers.factories import RepresentativeFactory

_keys = itertools.count(1)


def _fields(workshop_fields: dict) -> dict:
    # A name in Persian digits: the pages are checked for Latin digits outside codes.
    workshop_fields.setdefault("name", f"کارگاه نمونه {persian_digits(next(_keys))}")
    if "branch" not in workshop_fields:
        workshop_fields.setdefault("branch__name", f"شعبه {persian_digits(next(_keys))}")
    return {f"workshop__{key}": value for key, value in workshop_fields.items()}


def owner_with_opt_in(**workshop_fields):
    """An owner (Representative) of a workshop with the e-notification opt-in recorded."""
    return RepresentativeFactory(
        workshop__e_notification_opt_in=True,
        workshop__e_notification_form_signed_on=datetime.date(2025, 1, 1),
        **_fields(workshop_fields),
    )


def owner_on_paper(**workshop_fields):
    """An owner of a workshop without the opt-in: its notices wait for paper service."""
    return RepresentativeFactory(
        workshop__e_notification_opt_in=False,
        **_fields(workshop_fields),
    )


def staff_of(workshop):
    return StaffMembershipFactory(branch=workshop.branch).user


def serve(
    workshop,
    *,
    kind: str = NoticeKind.LETTER,
    title: str = "نامه شعبه",
    body: str = "متن ابلاغیه",
    content: dict | None = None,
    respond_days: int | None = None,
    served_at: datetime.datetime | None = None,
    **extra,
) -> Notice:
    """A notice served to `workshop` (electronic with its opt-in); `served_at` back-dates an
    electronic one (the clock stamps service; filters by period need older ones)."""
    notice = notice_serve(
        workshop=workshop,
        kind=kind,
        serve_key=f"test:{next(_keys)}",
        title=title,
        body=body,
        content=content,
        respond_days=respond_days,
        **extra,
    )
    if served_at is not None and notice.served_at is not None:
        until = (
            timezone.localtime(served_at).date() + datetime.timedelta(days=respond_days)
            if respond_days is not None
            else None
        )
        # Back-dating is a test's privilege: the model refuses to move served_at once served.
        Notice.objects.filter(pk=notice.pk).update(served_at=served_at, respond_until=until)
        notice.refresh_from_db()
    return notice


def draft_ruling(workshop, *, principal=9_000_000, penalty=1_000_000) -> ClaimRuling:
    return ClaimRuling.objects.create(
        workshop=workshop,
        branch=workshop.branch,
        number=f"T{workshop.pk:06d}{next(_keys):04d}",
        source=RulingSource.MANUAL,
        legal_basis="ماده ۱۰۰ قانون تأمین اجتماعی",
        principal_total=principal,
        penalty_total=penalty,
        issued_by=UserFactory(),
    )
