"""The demo employer issues a payroll software key on a 390 px phone, copies it from the page
shown once, finds it gone on reload, and revokes it; the key works on the API until then.
Every page fits the phone (stacked table, nothing sideways, axe content)."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from playwright.sync_api import BrowserContext, Page, expect

from employers.models import PayrollApiKey, Workshop
from tamin.accounts.models import Role
from tests.e2e.test_phone_tables import (
    DEMO_EMPLOYER,
    DEMO_WORKSHOP_CODE,
    PHONE,
    _phone_page_problems,
    _sign_in,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.xdist_group("e2e"),
    pytest.mark.django_db(transaction=True),
]

KEY = re.compile(r"^tpk_[a-z0-9]{8}_[A-Za-z0-9_-]{40,}$")


def test_the_demo_employer_issues_sees_once_and_revokes_a_key_on_a_phone(
    page: Page, context: BrowserContext, live_server
):
    # Given the demo employer on a phone, on their workshop's page
    call_command("seed_demo", stdout=io.StringIO())
    workshop = Workshop.objects.get(code=DEMO_WORKSHOP_CODE)
    _sign_in(context, live_server, national_code=DEMO_EMPLOYER, role=Role.EMPLOYER)
    page.set_viewport_size(PHONE)
    problems: list[str] = []
    page.goto(reverse("employers:workshop_detail", args=[workshop.pk]))

    # When they follow «نرم‌افزار حقوق و دستمزد» and issue a key allowed to submit
    page.get_by_role("link", name="نرم‌افزار حقوق و دستمزد").click()
    page.get_by_role("link", name="صدور کلید تازه").click()
    problems += _phone_page_problems(page, "payroll-key-new")
    page.get_by_label("نام نرم‌افزار یا شرکت").fill("نرم‌افزار حقوق سپیدار")
    page.get_by_label("این نرم‌افزار لیست بدون خطا را خودش ارسال کند").check()
    page.get_by_role("button", name="صدور کلید").click()

    # Then the key is shown once, whole, within the phone's width
    shown = page.locator("code.payroll-key-once")
    expect(shown).to_be_visible()
    raw = shown.inner_text().strip()
    assert KEY.match(raw), raw
    problems += _phone_page_problems(page, "payroll-key-issued")
    # and the vendor's program can use it
    api = Client()
    answer = api.get("/api/v1/payroll/key/", HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert answer.status_code == 200
    assert answer.json()["workshop_code"] == DEMO_WORKSHOP_CODE
    assert answer.json()["may_submit"] is True

    # When the page is reloaded, the key is not shown again
    page.reload()
    expect(page.locator("code.payroll-key-once")).to_have_count(0)
    expect(page.get_by_role("heading", name="کلید دیگر نمایش داده نمی‌شود")).to_be_visible()

    # When they open the workshop's keys, the table stacks on the phone
    page.get_by_role("link", name="کلیدهای کارگاه").click()
    row = page.locator("table.payroll-keys tbody tr").first
    key = PayrollApiKey.objects.get(workshop=workshop)
    expect(row).to_contain_text(f"tpk_{key.prefix}")
    problems += _phone_page_problems(page, "payroll-keys")

    # When they revoke it, confirming
    row.get_by_role("link", name="باطل کردن").click()
    problems += _phone_page_problems(page, "payroll-key-revoke")
    page.get_by_role("button", name="بله، کلید باطل شود").click()

    # Then the list says revoked and the key no longer opens the API
    expect(page.locator("table.payroll-keys tbody tr").first).to_contain_text("باطل‌شده")
    refused = api.get("/api/v1/payroll/key/", HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert refused.status_code == 401
    assert not problems, "\n".join(problems)
