"""The staff review queue in Chromium: a reviewer signs in, finds the overdue case first, takes
it, reviews it, is stopped when deciding without a reason, then decides; staff of another
branch get 404."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from branches.models import CaseStatus
from notifications.models import Notification
from tamin.accounts.demo.accounts import DEMO_PASSWORD
from tests.accounts.factories import UserFactory
from tests.branches.factories import BranchFactory, StaffMembershipFactory
from tests.branches.factories_cases import CaseFactory, declared_test_kind

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.xdist_group("e2e"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _kind(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with declared_test_kind():
        yield


def staff_signs_in(page: Page, *, branch, first_name: str):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = UserFactory(
        is_staff=True, roles=["staff"], password=DEMO_PASSWORD, first_name=first_name
    )
    StaffMembershipFactory(user=user, branch=branch)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    page.goto(reverse("accounts:login"))
    page.get_by_label("کد ملی").fill(user.national_code)
    page.get_by_label("گذرواژه", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="ادامه").click()
    token = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    page.get_by_label("کد برنامه احراز هویت").fill(token)
    page.get_by_role("button", name="تأیید", exact=True).click()
    expect(page).to_have_url(re.compile(r"/accounts/dashboard/staff/$"))
    return user


def test_a_reviewer_works_a_case_from_the_queue_to_a_decision(page: Page):
    # Given a branch with two open cases, one past its due date
    branch = BranchFactory(name="شعبه ۱۲ تهران")
    today = timezone.localdate()
    CaseFactory(branch=branch, subject="درخواست تازه", due_date=today + dt.timedelta(days=6))
    overdue = CaseFactory(
        branch=branch, subject="درخواست عقب‌افتاده", due_date=today - dt.timedelta(days=3)
    )
    reviewer = staff_signs_in(page, branch=branch, first_name="نرگس")

    # When the reviewer opens the queue, the overdue case is on top and marked
    page.goto(reverse("branches:case_queue"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("کارتابل پرونده‌ها")
    rows = page.locator("tr.case-row")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("درخواست عقب‌افتاده")
    expect(rows.first).to_contain_text("گذشته از موعد")

    # and filtering by SLA keeps only it
    page.get_by_label("موعد پاسخ").select_option("overdue")
    page.get_by_role("button", name="نمایش").click()
    expect(rows).to_have_count(1)

    # When they open it, take it and start the review
    rows.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("درخواست عقب‌افتاده")
    page.get_by_role("button", name="برداشتن پرونده برای خودم").click()
    expect(page.get_by_role("alert")).to_contain_text("کارشناس مسئول پرونده تعیین شد.")
    page.get_by_role("button", name="آغاز بررسی").click()
    expect(page.get_by_test_id("case-status")).to_contain_text("در حال بررسی")

    # A decision without a reason is refused in Persian and changes nothing
    page.get_by_label("رد شد").check()
    page.get_by_role("button", name="ثبت تصمیم").click()
    expect(page.get_by_text("نوشتن دلیل الزامی است.")).to_be_visible()
    overdue.refresh_from_db()
    assert overdue.status == CaseStatus.UNDER_REVIEW

    # With a reason it is decided and the applicant is told
    page.get_by_label("رد شد").check()
    page.get_by_label("دلیل تصمیم").fill("در بازه اعلام‌شده سابقه‌ای در کارگاه ثبت نشده است.")
    page.get_by_role("button", name="ثبت تصمیم").click()
    expect(page.get_by_role("alert")).to_contain_text("تصمیم ثبت شد")
    expect(page.get_by_test_id("case-status")).to_contain_text("رد شد")
    overdue.refresh_from_db()
    assert overdue.status == CaseStatus.REJECTED
    assert overdue.decided_by == reviewer
    assert set(
        Notification.objects.filter(
            user=overdue.applicant, template_key="case_decided"
        ).values_list("channel", flat=True)
    ) == {"sms", "inbox"}


def test_staff_of_another_branch_get_404_for_the_case(page: Page):
    case = CaseFactory(branch=BranchFactory(), subject="پرونده شعبه دیگر")
    staff_signs_in(page, branch=BranchFactory(), first_name="کاوه")

    response = page.goto(reverse("branches:case_detail_staff", args=[case.pk]))

    assert response is not None
    assert response.status == 404
    page.goto(reverse("branches:case_queue"))
    expect(page.locator("tr.case-row")).to_have_count(0)
