"""Tables read on a phone (390 px): each row stacks into label/value lines, nothing sideways.

The demo (``seed_demo``) gives the employer a debt, a turnover and accepted lists, and the
insured person 35 years of records; the sample list with errors (docs/samples/invalid) is
uploaded through the same services as the upload page, so the error table is real.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from playwright.sync_api import BrowserContext, Locator, Page, expect

from employers.models import ListStatus, MonthlyList, Representative, RepresentativeRole, Workshop
from employers.services.lists import monthly_list_parse, monthly_list_upload
from tamin.accounts.models import Role
from tests.e2e.test_pages import BLOCKING_IMPACTS, SCREENSHOTS
from tests.test_deploy_pages import _sign_in as sign_in_session

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.xdist_group("e2e"),
    pytest.mark.django_db(transaction=True),
]

PHONE = {"width": 390, "height": 844}
DEMO_EMPLOYER = "0071234561"
DEMO_INSURED = "0013542419"
DEMO_WORKSHOP_CODE = "3045678901"
INVALID_SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "samples" / "invalid"
# An amount as the rial filters write it: Persian digits and «٬», maybe a sign and «ریال».
AMOUNT = re.compile(r"^−?[۰-۹٬]+( ریال)?$")


@pytest.fixture
def demo() -> None:
    """The demo of every role, as `make demo` seeds it."""
    call_command("seed_demo", stdout=io.StringIO())


def _sign_in(context: BrowserContext, live_server, *, national_code: str, role: str) -> None:
    """The session the two-step sign-in leaves (user, verified device, role), as a cookie."""
    client = Client()
    sign_in_session(client, national_code=national_code, active_role=role)
    session_cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": session_cookie,
                "url": live_server.url,
            }
        ]
    )


def _demo_workshop() -> Workshop:
    return Workshop.objects.get(code=DEMO_WORKSHOP_CODE)


def _phone_page_problems(page: Page, name: str) -> list[str]:
    """Tables not stacked, amounts cut across lines, sideways overflow of the page, and
    axe's serious/critical findings (and any scroll region that cannot be focused)."""
    page.screenshot(path=SCREENSHOTS / f"e2e-phone-table-{name}.png", full_page=True)
    problems = [f"{page.url}: table not stacked: {flat}" for flat in _tables_not_stacked(page)]
    problems += [f"{page.url}: amount cut across lines: {cut}" for cut in _split_amounts(page)]
    scroll_width, inner_width = page.evaluate(
        "[document.scrollingElement.scrollWidth, window.innerWidth]"
    )
    if scroll_width > inner_width:
        problems.append(f"{page.url}: page is {scroll_width}px wide at {inner_width}px")
    for violation in Axe().run(page).response["violations"]:
        if violation["id"] == "scrollable-region-focusable" or (
            violation["impact"] in BLOCKING_IMPACTS
        ):
            targets = [node["target"] for node in violation["nodes"]]
            problems.append(f"{page.url} [{violation['impact']}] {violation['id']}: {targets}")
    return problems


def _tables_not_stacked(page: Page) -> list[str]:
    """Tables of more than two columns whose rows are not cards of full-width lines."""
    return page.evaluate(
        r"""() => {
          const flat = [];
          for (const table of document.querySelectorAll("main table")) {
            const columns = table.querySelectorAll("thead tr:first-child th").length;
            if (columns <= 2) continue;
            const rows = [...table.querySelectorAll("tbody tr")];
            const side_by_side = rows.some((row) => {
              const width = row.getBoundingClientRect().width;
              return [...row.children].some((cell) => {
                const box = cell.getBoundingClientRect();
                return box.width > 0 && box.width < 0.9 * width;
              });
            });
            if (side_by_side) flat.push(table.className || table.outerHTML.slice(0, 80));
          }
          return flat;
        }"""
    )


def _inside_phone_width(cell: Locator) -> bool:
    expect(cell).to_be_visible()
    box = cell.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def _split_amounts(page: Page) -> list[str]:
    """Amounts in table cells whose digits run over more than one line."""
    return page.evaluate(
        r"""(pattern) => {
          const amount = new RegExp(pattern);
          const split = [];
          for (const cell of document.querySelectorAll("main td")) {
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              const text = node.textContent.trim();
              if (!amount.test(text)) continue;
              const range = document.createRange();
              range.selectNodeContents(node);
              const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
              if (tops.size > 1) split.push(text);
            }
          }
          return split;
        }""",
        AMOUNT.pattern,
    )


def test_debt_page_shows_the_due_date_and_the_pay_button_on_a_phone(
    page: Page, context: BrowserContext, live_server, demo
):
    # Given the demo employer with the unpaid list of 1404/12, on a 390 px phone
    _sign_in(context, live_server, national_code=DEMO_EMPLOYER, role=Role.EMPLOYER)
    page.set_viewport_size(PHONE)

    # When they open the workshop's debt page
    page.goto(reverse("employers:debt", args=[_demo_workshop().pk]))
    unpaid = page.locator("table").first.locator("tbody tr").first

    # Then the due date (with its label) and the pay button lie within the screen's width
    due_date = unpaid.locator("td").nth(4)
    expect(due_date).to_have_attribute("data-label", "مهلت")
    assert _inside_phone_width(due_date), f"due date at {due_date.bounding_box()}"
    pay = unpaid.get_by_role("button", name="پرداخت", exact=True)
    assert _inside_phone_width(pay), f"pay button at {pay.bounding_box()}"
    # And the rows are stacked, no amount is cut, nothing scrolls sideways, axe is content
    problems = _phone_page_problems(page, "debt")
    assert not problems, "\n".join(problems)


def test_turnover_shows_the_balance_column_with_whole_amounts_on_a_phone(
    page: Page, context: BrowserContext, live_server, demo
):
    # Given the demo employer's turnover (five lists charged, four paid)
    _sign_in(context, live_server, national_code=DEMO_EMPLOYER, role=Role.EMPLOYER)
    page.set_viewport_size(PHONE)

    # When they open it on a phone
    page.goto(reverse("employers:turnover", args=[_demo_workshop().pk]))
    rows = page.locator("main table tbody tr")
    expect(rows.first).to_be_visible()

    # Then every row's balance is on screen
    for index in range(rows.count()):
        balance = rows.nth(index).locator("td").nth(4)
        assert AMOUNT.match(balance.inner_text().strip())
        assert _inside_phone_width(balance), f"balance of row {index} at {balance.bounding_box()}"
    # And each amount stays on one line, the rows are stacked, axe is content
    problems = _phone_page_problems(page, "turnover")
    assert not problems, "\n".join(problems)


def test_record_pages_fit_a_phone(page: Page, context: BrowserContext, live_server, demo):
    # Given the demo insured person with records over many years
    _sign_in(context, live_server, national_code=DEMO_INSURED, role=Role.INSURED)
    page.set_viewport_size(PHONE)
    problems: list[str] = []

    # When they open the summary, a year from it, the combined records and the average wage
    page.goto(reverse("insured:records"))
    problems += _phone_page_problems(page, "records-summary")
    page.locator("table.by-year tbody a").filter(has_text="۱۳۹۵").click()
    expect(page.locator("table.year-months")).to_be_visible()
    problems += _phone_page_problems(page, "records-year")
    page.goto(reverse("insured:records_combined"))
    problems += _phone_page_problems(page, "records-combined")
    page.goto(reverse("insured:average_wage"))
    problems += _phone_page_problems(page, "average-wage")

    # Then each stacks its tables, none scrolls sideways or has a serious axe finding
    assert not problems, "\n".join(problems)


def test_list_error_table_fits_a_phone(page: Page, context: BrowserContext, live_server, demo):
    # Given the sample list with errors, uploaded and checked for the demo workshop
    workshop = _demo_workshop()
    owner = Representative.objects.get(workshop=workshop, role=RepresentativeRole.OWNER).user
    files = {
        path.name: SimpleUploadedFile(path.name, path.read_bytes())
        for path in sorted(INVALID_SAMPLE.glob("*.DBF"))
    }
    monthly_list = monthly_list_upload(
        user=owner, workshop=workshop, files=files, year=1404, month=7
    )
    monthly_list_parse(list_id=monthly_list.pk)
    assert MonthlyList.objects.get(pk=monthly_list.pk).status == ListStatus.INVALID
    _sign_in(context, live_server, national_code=owner.national_code, role=Role.EMPLOYER)
    page.set_viewport_size(PHONE)
    problems: list[str] = []

    # When the employer reads its errors: on the list page and on the error table's own page
    page.goto(reverse("employers:list_detail", args=[monthly_list.pk]))
    problems += _phone_page_problems(page, "list-detail")
    page.goto(reverse("employers:list_errors", args=[monthly_list.pk]))
    errors = page.locator("main table").last.locator("tbody tr")
    expect(errors.first).to_be_visible()
    problems += _phone_page_problems(page, "list-errors")
    # Then each error's description is on screen
    for index in range(errors.count()):
        description = errors.nth(index).locator("td").last
        assert _inside_phone_width(description), f"error {index} at {description.bounding_box()}"

    # And the workshop's list overview fits as well; nothing scrolls sideways anywhere
    page.goto(reverse("employers:lists", args=[workshop.pk]))
    problems += _phone_page_problems(page, "lists")
    assert not problems, "\n".join(problems)
