"""One store of common questions: what a 1420 officer publishes from a ticket is read by
every door — the contact page, `/faq/`, the app's API and the USSD menu — and leaves them
all when it is taken down."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from tamin.content.models import Faq
from tamin.core.jalali import persian_digits
from tests.accounts.factories import UserFactory
from tests.branches.factories_desk import TicketCategoryFactory, desk_staff
from tests.ussd.conftest import SECRET
from tests.ussd.helpers import Phone

pytestmark = pytest.mark.django_db

QUESTION = "سابقه اسفند ۱۴۰۳ من کی در سوابق دیده می‌شود؟"
ANSWER = "پس از آن‌که شعبه لیست اسفند کارفرما را بپذیرد؛ معمولاً تا پایان فروردین."


@pytest.fixture
def ussd(settings):
    """The gateway as tests/ussd sets it up: a known secret, a limit a test never meets."""
    settings.USSD_SHARED_SECRET = SECRET
    settings.USSD_REQUESTS_PER_MINUTE = 10_000
    cache.clear()
    yield
    cache.clear()


def _faq_page(client) -> str:
    return client.get(reverse("content:faq_list")).content.decode()


def _api_questions(client) -> list[dict]:
    return client.get("/api/v1/content/faqs/").json()["faqs"]


def _ussd_questions(client, mobile: str) -> str:
    """«۶ پرسش‌ها» then «۱ پرسش‌های متداول», every page, as one text."""
    return " ".join(Phone(client, mobile).read("6", "1").split())


def test_a_question_asked_by_ussd_answered_and_published_is_read_at_every_door(client, ussd):
    # given a caller who asks 1420 through the USSD menu («۶ پرسش‌ها», «۲ طرح پرسش»)
    TicketCategoryFactory(key="records", title="سوابق بیمه")
    caller = UserFactory(mobile="09121270001", roles=[])
    Phone(client, caller.mobile).walk("6", "2", "1", QUESTION)
    ticket = caller.tickets.get()
    # when a desk officer answers it and publishes it, for insured persons
    staff = desk_staff()
    client.force_login(staff)
    url = reverse("branches:ticket_detail_staff", kwargs={"ticket_id": ticket.pk})
    client.post(url, {"action": "answer", "answer-body": ANSWER})
    response = client.post(
        url,
        {
            "action": "publish_faq",
            "faq-category": "records",
            "faq-audience": "insured",
            "faq-question": QUESTION,
            "faq-answer": ANSWER,
        },
    )
    assert response.status_code == 302
    faq = Faq.objects.get(source_ticket_id=ticket.pk)
    client.logout()
    # then /faq/ shows it in the insured persons' group
    page = _faq_page(client)
    assert f'id="faq-item-{faq.pk}"' in page
    insured_group = page.split('id="faq-insured"')[1].split("</section>")[0]
    assert QUESTION in insured_group
    assert ANSWER in insured_group
    # and the API answers it with its topic, for insured persons and not for employers
    assert {
        "id": faq.pk,
        "question": QUESTION,
        "answer": ANSWER,
        "audience": "insured",
        "audience_label": "بیمه‌شدگان",
        "topic": "سوابق بیمه",
    } in _api_questions(client)
    employers = client.get("/api/v1/content/faqs/", {"audience": "employers"}).json()
    assert employers["count"] == 0
    # and the USSD menu's common questions read it out (Persian digits, one screen a page)
    spoken = _ussd_questions(client, caller.mobile)
    assert f"پرسش: {persian_digits(QUESTION)}" in spoken
    assert f"پاسخ: {persian_digits(ANSWER)}" in spoken
    # and the contact page has it under its topic
    contact = client.get(reverse("branches:contact")).content.decode()
    assert 'data-testid="faq-topic">سوابق بیمه</h3>' in contact
    assert QUESTION in contact

    # when the officer takes it down
    client.force_login(staff)
    client.post(url, {"action": "unpublish_faq", "faq_id": faq.pk})
    client.logout()
    # then no door shows it any more
    assert QUESTION not in _faq_page(client)
    assert _api_questions(client) == []
    assert _ussd_questions(client, caller.mobile) == "پرسش متداولی منتشر نشده است."
    assert QUESTION not in client.get(reverse("branches:contact")).content.decode()
