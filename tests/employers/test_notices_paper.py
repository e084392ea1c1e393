"""A served notice is immutable (a guard in Notice.save), and paper service by staff of the
notice's branch: the queue, the printable notice, the day it was handed over (its terms run
from then and its kind's hook runs: a ruling becomes final debt); 404 for other branches."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from employers.models import ClaimRuling, LedgerEntry, Notice, NoticeKind, RulingStatus
from employers.selectors.money import workshop_debt
from employers.services.notices import notice_paper_served_record
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import format_jalali_date, to_jalali_date
from tests.accounts.factories import UserFactory
from tests.branches.factories import StaffMembershipFactory
from tests.employers.factories_notices import (
    draft_ruling,
    owner_on_paper,
    owner_with_opt_in,
    serve,
    staff_of,
)
from tests.persian_text import latin_digits_outside_codes

pytestmark = pytest.mark.django_db


def _jalali(day: datetime.date) -> str:
    return to_jalali_date(day).strftime("%Y/%m/%d")


# --- immutability --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "عنوان دیگر"),
        ("body", "متن دیگر"),
        ("content", {"amount": 1}),
        ("content_sha256", "0" * 64),
        ("served_at", datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)),
    ],
)
def test_a_served_notice_refuses_to_change_what_it_says_or_when_it_was_served(field, value):
    owner = owner_with_opt_in()
    notice = serve(owner.workshop, title="عنوان", body="متن", content={"amount": 5})
    stored = Notice.objects.values(field).get(pk=notice.pk)[field]
    setattr(notice, field, value)
    with pytest.raises(ApplicationError) as refused:
        notice.save()
    assert refused.value.code == "notice_immutable"
    assert "تغییرپذیر نیست" in refused.value.message
    with pytest.raises(ApplicationError):
        notice.save(update_fields=[field])
    assert Notice.objects.values(field).get(pk=notice.pk)[field] == stored


def test_a_fresh_copy_with_the_same_id_cannot_overwrite_a_served_notice():
    owner = owner_with_opt_in()
    notice = serve(owner.workshop, title="عنوان")
    forged = Notice.objects.get(pk=notice.pk)
    forged.title = "جعلی"
    forged._state.adding = True  # as if built by hand with the id of a served notice
    with pytest.raises(ApplicationError):
        forged.save()
    assert Notice.objects.get(pk=notice.pk).title == "عنوان"


def test_other_fields_of_a_served_notice_and_an_unserved_notice_may_be_saved():
    owner = owner_with_opt_in()
    notice = serve(owner.workshop)
    notice.first_opened_at = timezone.now()
    notice.save(update_fields=["first_opened_at"])
    notice.save()  # nothing guarded changed
    paper = serve(owner_on_paper().workshop, title="پیش از ابلاغ")
    paper.title = "اصلاح پیش از ابلاغ"
    paper.save(update_fields=["title"])
    assert Notice.objects.get(pk=paper.pk).title == "اصلاح پیش از ابلاغ"


# --- paper service ---------------------------------------------------------------------


def _paper_ruling():
    owner = owner_on_paper()
    ruling = draft_ruling(owner.workshop)
    notice = serve(
        owner.workshop,
        kind=NoticeKind.RULING,
        title=f"حکم مطالباتی {ruling.number}",
        content={"ruling_id": ruling.pk},
        respond_days=31,
        issued_by=ruling.issued_by,
    )
    ClaimRuling.objects.filter(pk=ruling.pk).update(notice=notice)
    return owner, ruling, notice


def test_staff_see_the_paper_notices_of_their_branch_only(client):
    _owner, _ruling, notice = _paper_ruling()
    other = serve(owner_on_paper().workshop, title="ابلاغیه شعبه دیگر")
    electronic = serve(owner_with_opt_in(branch=notice.branch).workshop, title="الکترونیکی")
    client.force_login(StaffMembershipFactory(branch=notice.branch).user)
    body = client.get(reverse("employers:staff_paper_notices")).content.decode()
    assert f'حکم مطالباتی <bdi dir="ltr" class="code">{_ruling.number}</bdi>' in body
    assert other.title not in body
    assert electronic.title not in body
    assert latin_digits_outside_codes(body) == []


def test_the_printable_paper_notice_and_recording_the_day_starts_the_terms_and_the_debt(client):
    # given a ruling waiting for paper service (no final debt yet)
    owner, ruling, notice = _paper_ruling()
    assert workshop_debt(workshop=owner.workshop, today=timezone.localdate()).final == 0
    client.force_login(staff_of(owner.workshop))
    url = reverse("employers:staff_notice", args=[notice.pk])
    # the printable page: the sheet, the hash, a print button, the form; print CSS, no inline
    page = client.get(url).content.decode()
    assert notice.content_sha256 in page
    assert "data-print" in page
    assert "print-hide" in page
    assert "ثبت روز تحویل ابلاغیه کاغذی" in page
    assert "۳۱ روز از تاریخ ابلاغ" in page
    assert 'style="' not in page
    assert latin_digits_outside_codes(page) == []
    # when staff record the day it was handed over (yesterday, typed in Jalali)
    handed = timezone.localdate() - datetime.timedelta(days=1)
    Notice.objects.filter(pk=notice.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=3)
    )
    response = client.post(url, {"served_on": _jalali(handed)})
    # then it is served that day, its term runs from then, and the ruling is final debt
    assert response.status_code == 302
    notice.refresh_from_db()
    assert timezone.localtime(notice.served_at).date() == handed
    assert notice.respond_until == handed + datetime.timedelta(days=31)
    ruling.refresh_from_db()
    assert ruling.status == RulingStatus.SERVED
    assert workshop_debt(workshop=owner.workshop, today=timezone.localdate()).final == 10_000_000
    # and the employer now sees it with its deadline
    client.force_login(owner.user)
    body = client.get(reverse("employers:notice_detail", args=[notice.pk])).content.decode()
    assert "ابلاغ کاغذی" in body
    assert format_jalali_date(notice.respond_until, long=True) in body


def test_a_second_record_a_future_day_or_a_day_before_issue_is_refused_and_changes_nothing(
    client,
):
    owner, _ruling, notice = _paper_ruling()
    client.force_login(staff_of(owner.workshop))
    url = reverse("employers:staff_notice", args=[notice.pk])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(url, {"served_on": _jalali(tomorrow)})
    assert response.status_code == 400
    assert "تاریخ نمی‌تواند در آینده باشد" in response.content.decode()
    response = client.post(url, {"served_on": "1400/01/01"})
    assert "پیش از صدور ابلاغیه" in response.content.decode()
    notice.refresh_from_db()
    assert notice.served_at is None
    assert not LedgerEntry.objects.filter(workshop=owner.workshop).exists()
    # once recorded, a second record is refused (the page offers no form any more)
    client.post(url, {"served_on": _jalali(timezone.localdate())})
    notice.refresh_from_db()
    served_at = notice.served_at
    assert served_at is not None
    response = client.post(url, {"served_on": _jalali(timezone.localdate())}, follow=True)
    assert "قبلاً ثبت شده است" in response.content.decode()
    with pytest.raises(ApplicationError):
        notice_paper_served_record(
            staff_user=staff_of(owner.workshop), notice=notice, served_on=timezone.localdate()
        )
    notice.refresh_from_db()
    assert notice.served_at == served_at
    assert LedgerEntry.objects.filter(workshop=owner.workshop).count() == 1


def test_staff_of_another_branch_and_non_staff_get_404(client):
    owner, _ruling, notice = _paper_ruling()
    url = reverse("employers:staff_notice", args=[notice.pk])
    client.force_login(StaffMembershipFactory().user)
    assert client.get(url).status_code == 404
    assert client.post(url, {"served_on": _jalali(timezone.localdate())}).status_code == 404
    client.force_login(owner.user)  # the employer is not staff
    assert client.get(url).status_code == 404
    assert client.get(reverse("employers:staff_paper_notices")).status_code == 404
    client.force_login(UserFactory())
    assert client.get(reverse("employers:staff_paper_notices")).status_code == 404
    notice.refresh_from_db()
    assert notice.served_at is None
