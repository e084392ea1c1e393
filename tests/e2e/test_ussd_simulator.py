"""The USSD simulator in Chromium, as the done-when asks: a staff member signs in, opens the
simulator from the dashboard, dials the registered number of an insured person and reads
«last record» — what the records year page shows; another number is refused. The page's
own script drives it (the secret never reaches the browser) and nothing scrolls sideways
on a phone."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from tamin.accounts.demo.accounts import DEMO_PASSWORD
from tests.accounts.factories import UserFactory
from tests.branches.factories import StaffMembershipFactory
from tests.e2e.test_pages import BLOCKING_IMPACTS
from tests.insured.factories import ContributionRecordFactory, InsuredPersonFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.xdist_group("e2e"),
    pytest.mark.django_db(transaction=True),
]

SECRET = "e2e-ussd-shared-secret-for-the-simulator-0123456789"


def _staff_signs_in(page: Page) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = UserFactory(is_staff=True, roles=["staff"], password=DEMO_PASSWORD)
    StaffMembershipFactory(user=user)  # the simulator is for staff working at a branch
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    page.goto(reverse("accounts:login"))
    page.get_by_label("کد ملی").fill(user.national_code)
    page.get_by_label("گذرواژه", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="ادامه").click()
    token = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    page.get_by_label("کد برنامه احراز هویت").fill(token)
    page.get_by_role("button", name="تأیید", exact=True).click()
    expect(page).to_have_url(re.compile(r"/accounts/dashboard/staff/$"))


def test_staff_read_last_record_on_the_simulated_phone(page: Page, settings):
    settings.USSD_SHARED_SECRET = SECRET
    # Given the demo insured person's number registered to an insured person with records
    person_user = UserFactory(mobile="09121110001")
    person = InsuredPersonFactory.for_user(person_user)
    ContributionRecordFactory(person=person, year=1403, month=2, days=20, daily_wage=1_500_000)
    page.set_viewport_size({"width": 390, "height": 844})
    _staff_signs_in(page)
    # When staff open the simulator from the dashboard and dial the default number
    page.get_by_role("link", name="شبیه‌ساز کد دستوری").click()
    expect(page).to_have_url(re.compile(r"/ussd/simulator/$"))
    assert SECRET not in page.content()
    expect(page.get_by_label("شماره همراه")).to_have_value("09121110001")
    screen = page.get_by_test_id("ussd-screen")
    page.get_by_role("button", name="شماره‌گیری").click()
    expect(screen).to_contain_text("۱ استعلام‌ها")
    page.get_by_label("پاسخ").fill("1")
    page.get_by_role("button", name="ارسال").click()
    expect(screen).to_contain_text("۱ آخرین سابقه")
    page.get_by_label("پاسخ").fill("1")
    page.get_by_role("button", name="ارسال").click()
    # Then the phone shows the month the records page shows, with its days
    expect(screen).to_contain_text("آخرین سابقه: اردیبهشت ۱۴۰۳")
    expect(screen).to_contain_text("کارکرد: ۲۰ روز از ۳۱")
    expect(page.locator("#ussd-status")).to_contain_text("از ۸۰ نویسه")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    serious = [
        v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in BLOCKING_IMPACTS
    ]
    assert serious == []
    # And another number is refused, the session ended
    page.get_by_label("شماره همراه").fill("09129990001")
    page.get_by_role("button", name="شماره‌گیری").click()
    expect(screen).to_contain_text("فقط از شماره همراهی ممکن است")
    expect(page.locator("#ussd-status")).to_contain_text("نشست پایان یافت")
