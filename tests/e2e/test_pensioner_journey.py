"""Issue #12's journey in Chromium: the demo pensioner, through the pages only.

حسن رستمی (the demo of `seed_demo`) signs in with his password and the SMS code from the
dev outbox, opens «مستمری من», his rulings and one ruling (the monthly amount in digits and
in Persian words), "how my pension was computed" — whose downloaded file `manage.py pension
compute --json` reads back to the grant's amount — and the payslips of this year and the
last, each month's net read off the list and three payslips opened, their rows added up on
the page. He asks for a salary certificate addressed to «بانک ملی ایران», downloads its PDF
and the code it carries verifies at /verify/<code>. On a phone (390×844) the ruling and a
payslip do not scroll sideways.

Expectations come from the database the demo wrote (through the services) and are compared
with what the pages show, parsed back from Persian digits. Celery is eager here
(tests/e2e/conftest.py): the SMS and the PDF are made inside the request that asks.
"""

from __future__ import annotations

import io
import json
import re
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from pensioners.models import Payslip, PayslipRow, Pension, PensionCertificate, PensionRuling
from tamin.accounts.demo.accounts import DEMO_PASSWORD
from tamin.accounts.models import Role
from tamin.core.jalali import format_period, format_rial, persian_digits
from tamin.core.words import number_to_words
from tests.e2e.conftest import Outbox, sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.xdist_group("e2e"),
    pytest.mark.django_db(transaction=True),
]

HASSAN = "0491234562"
HASSAN_MOBILE = "09121110003"
ADDRESSEE = "بانک ملی ایران"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
JOURNEY_BUDGET_SECONDS = 60
VERIFICATION_CODE = re.compile(r"\b[A-Z2-9]{12}\b")

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


def rial_from_text(text: str) -> int:
    """«۱۲٬۳۴۵٬۶۷۸ ریال» → 12345678: Persian digits back to an int (a «−» kept)."""
    plain = text.translate(_DIGITS).replace("ریال", "")
    plain = re.sub(r"[\s٬,\u200c\u200e\u200f\u2066-\u2069]", "", plain)
    negative = plain.startswith(("−", "-"))
    digits = plain.lstrip("−-")
    assert digits.isdigit(), f"not an amount: {text!r}"
    return -int(digits) if negative else int(digits)


def url_is(name: str, *args) -> re.Pattern:
    return re.compile(re.escape(reverse(name, args=args)) + r"(\?.*)?$")


def go_to_my_pension(page: Page) -> None:
    """From any page: the header's «پیشخوان», then the dashboard's «مستمری من»."""
    page.get_by_role("link", name="پیشخوان", exact=True).click()
    links = page.get_by_test_id("dashboard-links")
    links.locator("a", has=page.get_by_role("heading", name="مستمری من", exact=True)).click()
    expect(page).to_have_url(url_is("pensioners:home"))


def no_sideways_scroll(page: Page) -> None:
    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll_width <= client_width + 1, (
        f"{page.url} scrolls sideways on a phone: {scroll_width}px wide in {client_width}px"
    )


def pension_compute_json(path: Path) -> dict:
    """`manage.py pension compute FILE --json`, as a person would run it on the download."""
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_:  # the command ends with its exit status
        call_command("pension", "compute", str(path), "--json", stdout=out)
    assert exit_.value.code == 0, out.getvalue()
    return json.loads(out.getvalue())


def amounts_in(table: Locator) -> list[int]:
    return [
        rial_from_text(cell.inner_text())
        for cell in table.locator('tbody td[data-label="مبلغ"]').all()
    ]


def payslip_adds_up_on_its_page(page: Page, payslip: Payslip) -> None:
    """The rows shown, summed here: payments − deductions − loans = the net shown."""
    sums = {}
    for kind in (PayslipRow.Kind.PAYMENT, PayslipRow.Kind.DEDUCTION, PayslipRow.Kind.LOAN):
        table = page.locator(f'table[aria-labelledby="section-{kind}"]')
        expect(table).to_have_count(1)
        sums[kind] = sum(amounts_in(table))
        shown_total = table.locator('tfoot td[data-label="مبلغ"]').inner_text()
        assert rial_from_text(shown_total) == sums[kind], (kind, shown_total)
    net_shown = rial_from_text(
        page.locator("p", has_text="خالص پرداختی").locator("span").inner_text()
    )
    assert (
        sums[PayslipRow.Kind.PAYMENT] - sums[PayslipRow.Kind.DEDUCTION] - sums[PayslipRow.Kind.LOAN]
        == net_shown
    )
    assert net_shown == payslip.net
    assert sums[PayslipRow.Kind.PAYMENT] > net_shown > 0


def test_the_demo_pensioner_reads_his_pension_payslips_and_gets_a_certificate(
    page: Page, outbox: Outbox, settings, tmp_path: Path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    # Given the demo, as `make demo` seeds it
    call_command("seed_demo", stdout=io.StringIO())
    started = time.monotonic()
    pension = Pension.objects.get(pensioner__national_code=HASSAN)
    grant = pension.rulings.get(kind=PensionRuling.Kind.GRANT)
    latest = pension.rulings.order_by("-effective_from", "-id").first()
    assert latest.year == 1404  # the demo's story: granted in 1402, raised in 1403 and 1404
    page.set_viewport_size(DESKTOP)

    # When Hassan signs in with his password and the code texted to him
    sign_in(page, outbox, national_code=HASSAN, password=DEMO_PASSWORD, mobile=HASSAN_MOBILE)
    # Then he is on the pensioner's dashboard
    expect(page).to_have_url(url_is("accounts:dashboard", Role.PENSIONER))

    # When he opens «مستمری من»
    go_to_my_pension(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("مستمری من")
    pension_row = page.get_by_role("row").filter(has_text=persian_digits(pension.number))
    expect(pension_row).to_contain_text(format_rial(latest.amount_after))

    # and the rulings list: the grant and the two increases, before and after
    page.get_by_role("region", name="خدمات مستمری‌بگیران").get_by_role(
        "link", name="احکام مستمری"
    ).click()
    expect(page).to_have_url(url_is("pensioners:rulings"))
    expect(page.get_by_test_id("amount")).to_have_text(format_rial(latest.amount_after))
    rows = page.get_by_test_id("pension").locator("tbody tr")
    expect(rows).to_have_count(3)
    for ruling in pension.rulings.all():
        row = rows.filter(has_text=persian_digits(ruling.number))
        expect(row).to_contain_text(format_rial(ruling.amount_after))

    # and the latest ruling: its amount in digits and in words
    rows.get_by_role("link", name=persian_digits(latest.number), exact=True).click()
    expect(page).to_have_url(url_is("pensioners:ruling_detail", latest.pk))
    amount_box = page.get_by_test_id("amount")
    expect(amount_box.locator("strong")).to_have_text(format_rial(latest.amount_after))
    words = page.get_by_test_id("amount-words")
    expect(words).to_have_text(f"{number_to_words(latest.amount_after)} ریال")
    expect(words).to_be_visible()
    assert not re.search(r"[0-9۰-۹]", words.inner_text())  # words, not digits

    # and "how my pension was computed"
    page.get_by_role("link", name="مستمری من چگونه حساب شد").click()
    expect(page).to_have_url(url_is("pensioners:pension_computation", pension.pk))
    shown_pension = rial_from_text(page.get_by_test_id("pension").inner_text())
    assert shown_pension == grant.amount_after
    expect(page.get_by_test_id("mismatch")).to_have_count(0)
    # Then the file it offers, read by `pension compute --json`, gives the same pension
    with page.expect_download() as download:
        page.get_by_role("link", name="دریافت فایل محاسبه").click()
    history = tmp_path / "computation.json"
    download.value.save_as(history)
    answer = pension_compute_json(history)
    assert answer["pension"] == shown_pension == grant.amount_after
    assert answer["average_wage"] == rial_from_text(page.get_by_test_id("average").inner_text())
    assert answer["total_days"] == rial_from_text(
        page.get_by_test_id("days").inner_text().replace("روز", "")
    )

    # When he opens his payslips: this year's, then last year's
    go_to_my_pension(page)
    page.get_by_role("link", name="همه فیش‌ها").click()
    expect(page).to_have_url(url_is("pensioners:payslips"))
    payslips = list(Payslip.objects.filter(pension=pension).order_by("-year", "-month"))
    assert len(payslips) == 12
    # the newest, one in the middle and the oldest are opened; every net is read
    to_open = {payslips[0].pk, payslips[6].pk, payslips[-1].pk}
    years = sorted({payslip.year for payslip in payslips}, reverse=True)
    tabs = page.get_by_role("navigation", name="سال فیش‌ها")
    expect(tabs.get_by_role("link")).to_have_text([persian_digits(year) for year in years])
    opened = []
    for year in years:
        tabs.get_by_role("link", name=persian_digits(year), exact=True).click()
        expect(tabs.locator('[aria-current="page"]')).to_have_text(persian_digits(year))
        of_year = [payslip for payslip in payslips if payslip.year == year]
        list_rows = page.locator("table tbody tr")
        expect(list_rows).to_have_count(len(of_year))
        # Then each month's net is on the list, and payments − what was taken = net
        for row, payslip in zip(list_rows.all(), of_year, strict=True):
            expect(row.locator('td[data-label="ماه"]')).to_have_text(
                format_period(payslip.year, payslip.month)
            )
            payments = rial_from_text(row.locator('td[data-label="جمع پرداخت‌ها"]').inner_text())
            taken = rial_from_text(row.locator('td[data-label="کسور و اقساط"]').inner_text())
            net = rial_from_text(row.locator('td[data-label="خالص پرداختی"]').inner_text())
            assert (payments, net) == (payslip.total_payments, payslip.net)
            assert payments - taken == net
        # and a payslip opened from the list adds up on its own page
        for payslip in of_year:
            if payslip.pk not in to_open:
                continue
            period = format_period(payslip.year, payslip.month)
            page.get_by_role("link", name=f"مشاهده فیش {period}").click()
            expect(page).to_have_url(url_is("pensioners:payslip_detail", payslip.pk))
            expect(page.get_by_role("heading", level=1)).to_have_text(f"فیش حقوقی {period}")
            payslip_adds_up_on_its_page(page, payslip)
            opened.append(payslip.pk)
            page.get_by_role("link", name=f"فیش‌های سال {persian_digits(year)}").click()
            expect(page).to_have_url(url_is("pensioners:payslips"))
    assert sorted(opened) == sorted(to_open)

    # When he asks for a salary certificate addressed to «بانک ملی ایران»
    go_to_my_pension(page)
    page.get_by_role("link", name="گواهی حقوق و گواهی کسر اقساط معوق").click()
    page.get_by_role("link", name="گواهی تازه").click()
    expect(page).to_have_url(url_is("pensioners:certificate_new"))
    page.get_by_label("گواهی حقوق", exact=True).check()
    page.get_by_label("خطاب به (نام بانک، دادگاه یا مؤسسه)").fill(ADDRESSEE)
    page.get_by_role("button", name="صدور گواهی").click()
    # Then the document page becomes ready and the PDF downloads
    expect(page).to_have_url(re.compile(r"/documents/\d+/$"))
    download_link = page.get_by_role("link", name="دریافت فایل PDF")
    expect(download_link).to_be_visible(timeout=30_000)
    with page.expect_download() as download:
        download_link.click()
    saved = tmp_path / "certificate.pdf"
    download.value.save_as(saved)
    content = saved.read_bytes()
    assert content.startswith(b"%PDF")
    certificate = PensionCertificate.objects.get(pension=pension)
    assert certificate.kind == PensionCertificate.Kind.SALARY
    assert certificate.addressee == ADDRESSEE

    # and the certificate's page shows the code the PDF carries
    page.goto(reverse("pensioners:certificates"))
    page.get_by_test_id("certificates").get_by_role(
        "link", name=persian_digits(certificate.pk), exact=True
    ).click()
    expect(page).to_have_url(url_is("pensioners:certificate_detail", certificate.pk))
    expect(page.get_by_test_id("monthly-amount")).to_contain_text(format_rial(latest.amount_after))
    code_line = page.locator("p", has_text="کد رهگیری اصالت:")
    found = VERIFICATION_CODE.search(code_line.inner_text())
    assert found, code_line.inner_text()
    code = found.group()
    printed = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert code in printed

    # When anyone opens /verify/<code>
    page.goto(reverse("verify", args=[code]))
    # Then it is the valid salary certificate addressed to the bank
    expect(page.get_by_role("alert")).to_have_text(
        "این سند معتبر است و توسط سازمان تأمین اجتماعی صادر شده است."
    )
    document = page.get_by_role("table")
    expect(document).to_contain_text("گواهی حقوق")
    expect(document).to_contain_text(ADDRESSEE)
    expect(document).to_contain_text(format_rial(latest.amount_after))

    # On a phone neither the ruling nor a payslip scrolls sideways
    page.set_viewport_size(PHONE)
    for url in (
        reverse("pensioners:ruling_detail", args=[latest.pk]),
        reverse("pensioners:ruling_detail", args=[grant.pk]),
        reverse("pensioners:payslip_detail", args=[payslips[0].pk]),
        reverse("pensioners:pension_computation", args=[pension.pk]),
        reverse("pensioners:payslips"),
    ):
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        no_sideways_scroll(page)

    elapsed = time.monotonic() - started
    assert elapsed < JOURNEY_BUDGET_SECONDS, f"the journey took {elapsed:.1f} s"
