"""۲ خدمات (sample forms, the year's minimum wage), ۵ قوانین و بخشنامه‌ها, ۶/۱ پرسش‌های
متداول and ۷ درباره سازمان: the public content and the rules' table, paged."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo

import pytest

from tamin.content import demo as content_demo
from tamin.content.models import LegalKind
from tamin.content.selectors import about_sections, faq_list, legal_text_list
from tamin.core.jalali import format_jalali_date, persian_digits
from tamin.rules.models import YearParameters
from tamin.ussd.screens import FOOTER_MORE
from tests.accounts.factories import UserFactory
from tests.content.factories import (
    AboutSectionFactory,
    FaqFactory,
    LegalTextFactory,
    sample_form,
)
from tests.ussd.helpers import Phone

pytestmark = pytest.mark.django_db

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def caller():
    return UserFactory(mobile="09121240001", roles=[])


@pytest.fixture
def private_store(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"


# --- ۲ خدمات -----------------------------------------------------------------------------


def test_sample_forms_are_listed_by_title_with_where_to_download(client, caller, private_store):
    sample_form(title="فرم درخواست مستمری", code="108", order=1)
    sample_form(title="فرم گواهی کار", code="", order=2)
    answer = Phone(client, caller.mobile).read("2", "1")
    assert answer.splitlines() == [
        "نمونه فرم‌ها را از درگاه اینترنتی، بخش «نمونه فرم‌ها» بگیرید:",
        "فرم درخواست مستمری (فرم ۱۰۸)",
        "فرم گواهی کار",
    ]


def test_many_sample_forms_are_paged_with_more(client, caller, private_store):
    for n in range(12):
        sample_form(title=f"فرم شماره {n} برای درخواست خدمات بیمه‌ای", code="", order=n)
    phone = Phone(client, caller.mobile)
    first = phone.walk("2", "1")
    assert first.endswith("\n" + FOOTER_MORE)
    answer = phone.read("2", "1")
    for n in range(12):
        assert f"فرم شماره {persian_digits(n)} برای درخواست خدمات بیمه‌ای" in _words(answer)


def test_no_sample_form_says_so(client, caller):
    assert Phone(client, caller.mobile).read("2", "1") == "نمونه فرمی منتشر نشده است."


def test_the_years_minimum_wage_from_the_rules_table(client, caller, time_machine):
    time_machine.move_to(dt.datetime(2025, 6, 1, 10, tzinfo=TEHRAN), tick=False)  # 1404
    row = YearParameters.objects.get(year=1404)
    answer = Phone(client, caller.mobile).read("2", "2")
    assert answer == (
        "حداقل دستمزد سال ۱۴۰۴\n"
        f"ماهانه: {persian_digits(f'{row.min_monthly_wage:,}').replace(',', '٬')} ریال\n"
        f"روزانه: {persian_digits(f'{row.min_daily_wage:,}').replace(',', '٬')} ریال"
    )


def test_a_year_without_figures_says_so(client, caller, time_machine):
    time_machine.move_to(dt.datetime(2031, 6, 1, 10, tzinfo=TEHRAN), tick=False)  # 1410
    assert not YearParameters.objects.filter(year=1410).exists()
    answer = Phone(client, caller.mobile).read("2", "2")
    assert answer == "دستمزد پایه سال ۱۴۱۰ هنوز اعلام نشده است."


# --- ۵ قوانین و بخشنامه‌ها ------------------------------------------------------------------


def test_laws_newest_first_each_with_kind_number_and_jalali_date(client, caller, time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 1, 10, tzinfo=TEHRAN), tick=False)
    older = LegalTextFactory(
        kind=LegalKind.LAW, number="", title="قانون تأمین اجتماعی", issued_on=dt.date(1975, 7, 13)
    )
    newer = LegalTextFactory(
        number="1404/510", title="بخشنامه حداقل دستمزد", issued_on=dt.date(2025, 4, 1)
    )
    answer = Phone(client, caller.mobile).read("5")
    assert _words(answer) == _words(
        "تازه‌ترین قوانین و بخشنامه‌ها "
        f"بخشنامه شماره ۱۴۰۴/۵۱۰، {format_jalali_date(newer.issued_on)} "
        "بخشنامه حداقل دستمزد "
        f"قانون، {format_jalali_date(older.issued_on)} "
        "قانون تأمین اجتماعی"
    )
    assert format_jalali_date(newer.issued_on) == "۱۴۰۴/۰۱/۱۲"


def test_twenty_laws_are_paged_and_all_reachable(client, caller, time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 1, 10, tzinfo=TEHRAN), tick=False)
    for n in range(25):
        LegalTextFactory(
            title=f"بخشنامه آزمایشی شماره {n}", issued_on=dt.date(2025, 1, 1) + dt.timedelta(days=n)
        )
    phone = Phone(client, caller.mobile)
    answer = phone.read("5")
    shown = [t.title for t in legal_text_list()[:20]]
    for title in shown:
        assert persian_digits(title) in _words(answer)
    assert "بخشنامه آزمایشی شماره ۰" not in _words(answer)  # the 21st and later are left out
    assert len(phone.texts) > 5  # paged: «۹» from page to page


# --- ۶ پرسش‌ها / ۷ درباره سازمان ------------------------------------------------------------


def test_common_questions_question_then_answer(client, caller):
    FaqFactory(question="سابقه کی ثبت می‌شود؟", answer="پس از پذیرش لیست کارفرما.", order=1)
    FaqFactory(question="دفترچه را چگونه بگیرم؟", answer="از درگاه درخواست بدهید.", order=2)
    answer = Phone(client, caller.mobile).read("6", "1")
    assert answer.splitlines() == [
        "پرسش: سابقه کی ثبت می‌شود؟",
        "پاسخ: پس از پذیرش لیست کارفرما.",
        "پرسش: دفترچه را چگونه بگیرم؟",
        "پاسخ: از درگاه درخواست بدهید.",
    ]


def test_about_shows_each_sections_title_and_short_text(client, caller):
    AboutSectionFactory(title="تاریخچه", short_text="سازمان در سال ۱۳۵۴ بنیان گذاشته شد.", order=1)
    AboutSectionFactory(title="مأموریت", short_text="", body="پوشش بیمه‌ای همگانی " * 30, order=2)
    answer = _words(Phone(client, caller.mobile).read("7"))
    assert answer.startswith(
        "تاریخچه سازمان در سال ۱۳۵۴ بنیان گذاشته شد. مأموریت پوشش بیمه‌ای همگانی"
    )
    assert answer.endswith("…")  # a section without a short text: the start of its body


def test_the_demo_content_is_paged_within_the_screen_everywhere(client, caller):
    # Given the demo content the other engineers wrote (long titles and answers)
    content_demo.seed(io.StringIO())
    assert legal_text_list().exists()
    assert faq_list().exists()
    assert about_sections().exists()
    # When each content screen is read to its last page (Phone checks each screen's size)
    for path in (("5",), ("6", "1"), ("7",)):
        answer = Phone(client, caller.mobile).read(*path)
        assert answer
    first_faq = faq_list().first()
    assert _words(persian_digits(first_faq.question)) in _words(
        Phone(client, caller.mobile).read("6", "1")
    )
