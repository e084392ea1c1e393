"""Objections-area test helpers: a ruling built with the model and served with
`notice_serve` (as the rulings area will), an objection filed, staff of its branch, and an
objection brought to the point where the board votes."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from branches.models import StaffRole
from employers.models import ClaimRuling, Notice, NoticeKind, Objection, RulingSource
from employers.services.notices import notice_serve
from employers.services.objections import (
    objection_file,
    objection_hearing_set,
    objection_status_change,
    objection_vote_record,
)
from tests.accounts.factories import UserFactory
from tests.branches.factories_cases import pdf_upload, staff_member
from tests.employers.factories import RepresentativeFactory

_numbers = itertools.count(1)


def served_ruling(
    *,
    workshop=None,
    principal: int = 9_000_000,
    penalty: int = 1_000_000,
    served_days_ago: int = 0,
    opt_in: bool = True,
) -> ClaimRuling:
    """A ruling served to `workshop` (a new one with an owner by default) `served_days_ago`
    days ago, with the 31-day term the seeded parameters give."""
    if workshop is None:
        workshop = RepresentativeFactory(workshop__e_notification_opt_in=opt_in).workshop
    ruling = ClaimRuling.objects.create(
        workshop=workshop,
        branch=workshop.branch,
        number=f"9{next(_numbers):07d}",
        source=RulingSource.MANUAL,
        legal_basis="ماده ۴۰ قانون تأمین اجتماعی",
        principal_total=principal,
        penalty_total=penalty,
        issued_by=UserFactory(),
    )
    notice = notice_serve(
        workshop=workshop,
        kind=NoticeKind.RULING,
        serve_key=f"ruling:{ruling.pk}",
        title=f"حکم مطالباتی {ruling.number}",
        body="متن حکم",
        content={"ruling_id": ruling.pk},
        respond_days=31,
        issued_by=ruling.issued_by,
    )
    ClaimRuling.objects.filter(pk=ruling.pk).update(notice=notice)
    if served_days_ago:
        notice_backdate(notice, days=served_days_ago)
    return ClaimRuling.objects.select_related("workshop", "notice").get(pk=ruling.pk)


def notice_backdate(notice: Notice, *, days: int) -> Notice:
    """Move a served notice's service (and its term) `days` into the past."""
    shift = datetime.timedelta(days=days)
    Notice.objects.filter(pk=notice.pk).update(
        served_at=notice.served_at - shift,
        respond_until=notice.respond_until - shift if notice.respond_until else None,
    )
    notice.refresh_from_db()
    return notice


def owner_of(workshop):
    return workshop.representatives.filter(is_active=True).order_by("id").first().user


def filed_objection(ruling: ClaimRuling, *, user=None, documents: int = 1) -> Objection:
    return objection_file(
        user=user or owner_of(ruling.workshop),
        ruling=ruling,
        text="مبلغ حق بیمه ماه‌های بدون کارکرد به اشتباه محاسبه شده است.",
        documents=[pdf_upload(f"madrak-{n}.pdf") for n in range(documents)],
    )


def branch_head(workshop):
    """The head of the workshop's branch (may take and decide any case of it)."""
    return staff_member(branch=workshop.branch, role=StaffRole.HEAD)


def at_hearing(objection: Objection, *, staff) -> Objection:
    """registered → before the board → hearing set; the hearing then moved to yesterday, so
    a vote dated today follows it."""
    objection_status_change(staff_user=staff, objection=objection, status="before_board")
    objection_hearing_set(
        staff_user=staff,
        objection=objection,
        hearing_at=timezone.now() + datetime.timedelta(days=3),
        place="شعبه، سالن هیأت",
    )
    Objection.objects.filter(pk=objection.pk).update(
        hearing_at=timezone.now() - datetime.timedelta(days=1)
    )
    objection.refresh_from_db()
    return objection


def vote(objection: Objection, *, staff, amount: int):
    return objection_vote_record(
        staff_user=staff,
        objection=objection,
        amount=amount,
        reasoning="پس از بررسی فهرست کارکنان، مبلغ حکم اصلاح شد.",
        decided_on=timezone.localdate(),
    )
