"""Serving a notice (electronic or paper), once-only by its key, and a served ruling becoming
final debt through the one function that changes what is owed on a ruling."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from employers.models import (
    ClaimRuling,
    EntryKind,
    LedgerEntry,
    Notice,
    NoticeDelivery,
    NoticeKind,
    RulingSource,
    RulingStatus,
)
from employers.selectors.money import workshop_debt
from employers.services.notices import (
    notice_content_hash,
    notice_open,
    notice_paper_served_record,
    notice_serve,
)
from employers.services.rulings import ruling_amount_change
from notifications.models import Notification
from tamin.core.jalali import format_code
from tests.accounts.factories import UserFactory
from tests.branches.factories import StaffMembershipFactory
from tests.employers.factories import AccountantFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db


def _ruling(workshop, *, principal=9_000_000, penalty=1_000_000) -> ClaimRuling:
    return ClaimRuling.objects.create(
        workshop=workshop,
        branch=workshop.branch,
        number=f"R{workshop.pk:08d}",
        source=RulingSource.MANUAL,
        legal_basis="ماده ۱۰۰ قانون تأمین اجتماعی",
        principal_total=principal,
        penalty_total=penalty,
        issued_by=UserFactory(),
    )


def _serve_ruling(ruling: ClaimRuling) -> Notice:
    notice = notice_serve(
        workshop=ruling.workshop,
        kind=NoticeKind.RULING,
        serve_key=f"ruling:{ruling.pk}",
        title=f"حکم مطالباتی {ruling.number}",
        body="متن حکم",
        content={"ruling_id": ruling.pk},
        respond_days=31,
        issued_by=ruling.issued_by,
    )
    ClaimRuling.objects.filter(pk=ruling.pk).update(notice=notice)
    return notice


def test_with_the_opt_in_a_notice_is_served_at_once_and_every_representative_is_told():
    owner = RepresentativeFactory(
        workshop__e_notification_opt_in=True, user__email="owner@example.ir"
    )
    accountant = AccountantFactory(workshop=owner.workshop, user__email="acc@example.ir")
    before = timezone.now()
    notice = notice_serve(
        workshop=owner.workshop,
        kind=NoticeKind.LETTER,
        serve_key="letter:1",
        title="نامه شعبه",
        body="متن نامه",
        respond_days=31,
    )
    assert notice.delivery == NoticeDelivery.ELECTRONIC
    assert notice.served_at >= before
    assert notice.respond_until == timezone.localtime(notice.served_at).date() + datetime.timedelta(
        days=31
    )
    rows = Notification.objects.filter(template_key="employer_notice_served")
    told = {(row.user_id, row.channel) for row in rows}
    assert rows.count() == 4
    assert told == {(rep.user_id, ch) for rep in (owner, accountant) for ch in ("sms", "email")}
    sms = rows.filter(channel="sms").first()
    assert "ابلاغ شد" in sms.body
    assert not any(ch.isdigit() and ch.isascii() for ch in sms.body)  # Persian digits only


def test_serving_twice_with_one_key_serves_once_and_tells_once():
    owner = RepresentativeFactory(
        workshop__e_notification_opt_in=True, user__email="owner@example.ir"
    )
    first = notice_serve(
        workshop=owner.workshop, kind=NoticeKind.LETTER, serve_key="k", title="ت", body="م"
    )
    again = notice_serve(
        workshop=owner.workshop, kind=NoticeKind.LETTER, serve_key="k", title="ت", body="م"
    )
    assert again.pk == first.pk
    assert Notice.objects.count() == 1
    assert Notification.objects.filter(template_key="employer_notice_served").count() == 2


def test_the_content_hash_is_of_the_canonical_content():
    owner = RepresentativeFactory(workshop__e_notification_opt_in=True)
    notice = notice_serve(
        workshop=owner.workshop,
        kind=NoticeKind.LETTER,
        serve_key="h",
        title="عنوان",
        body="متن",
        content={"b": 2, "a": 1},
    )
    assert notice.content_sha256 == notice_content_hash(
        workshop_code=owner.workshop.code,
        kind="letter",
        title="عنوان",
        body="متن",
        content={"a": 1, "b": 2},
    )
    assert len(notice.content_sha256) == 64


def test_a_served_ruling_is_final_debt_and_a_vote_posts_the_difference():
    owner = RepresentativeFactory(workshop__e_notification_opt_in=True)
    ruling = _ruling(owner.workshop)
    _serve_ruling(ruling)
    ruling.refresh_from_db()
    assert ruling.status == RulingStatus.SERVED
    assert ruling.current_amount == 10_000_000
    debt = workshop_debt(workshop=owner.workshop, today=timezone.localdate())
    assert debt.final == 10_000_000
    # a board vote lowers it to 6,000,000: one more ruling row of −4,000,000
    ruling_amount_change(ruling=ruling, new_amount=6_000_000, description="رأی هیأت بدوی")
    amounts = list(
        LedgerEntry.objects.filter(ruling=ruling, kind=EntryKind.RULING)
        .order_by("id")
        .values_list("amount", flat=True)
    )
    assert amounts == [10_000_000, -4_000_000]
    # the turnover writes the kind before the description: the description says what happened
    served_row = LedgerEntry.objects.filter(ruling=ruling).order_by("id").first()
    assert served_row.description == f"ابلاغ حکم شمارهٔ {format_code(ruling.number)}"
    assert workshop_debt(workshop=owner.workshop, today=timezone.localdate()).final == 6_000_000


def test_without_the_opt_in_the_ruling_waits_for_paper_service():
    owner = RepresentativeFactory(workshop__e_notification_opt_in=False)
    ruling = _ruling(owner.workshop)
    notice = _serve_ruling(ruling)
    assert notice.delivery == NoticeDelivery.PAPER
    assert notice.served_at is None
    assert not Notification.objects.filter(template_key="employer_notice_served").exists()
    assert workshop_debt(workshop=owner.workshop, today=timezone.localdate()).final == 0
    # when staff of its branch record the day it was handed over
    staff = StaffMembershipFactory(branch=owner.workshop.branch).user
    served_on = timezone.localdate()
    notice = notice_paper_served_record(staff_user=staff, notice=notice, served_on=served_on)
    assert notice.respond_until == served_on + datetime.timedelta(days=31)
    assert workshop_debt(workshop=owner.workshop, today=timezone.localdate()).final == 10_000_000


def test_staff_of_another_branch_cannot_record_paper_service():
    from django.http import Http404

    owner = RepresentativeFactory(workshop__e_notification_opt_in=False)
    notice = _serve_ruling(_ruling(owner.workshop))
    stranger = StaffMembershipFactory().user
    with pytest.raises(Http404):
        notice_paper_served_record(
            staff_user=stranger, notice=notice, served_on=timezone.localdate()
        )
    notice.refresh_from_db()
    assert notice.served_at is None


def test_the_first_opening_is_the_receipt_and_moves_no_term():
    owner = RepresentativeFactory(workshop__e_notification_opt_in=True)
    accountant = AccountantFactory(workshop=owner.workshop)
    notice = notice_serve(
        workshop=owner.workshop,
        kind=NoticeKind.LETTER,
        serve_key="r",
        title="ت",
        body="م",
        respond_days=31,
    )
    until = notice.respond_until
    notice_open(user=accountant.user, notice=notice)
    notice_open(user=owner.user, notice=Notice.objects.get(pk=notice.pk))
    notice.refresh_from_db()
    assert notice.first_opened_by_id == accountant.user_id
    assert notice.respond_until == until
