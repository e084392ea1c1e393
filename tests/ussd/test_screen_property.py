"""Property: whatever a caller types, in whatever order, every screen the gateway answers fits
one USSD page (80 UCS-2 code units), is `continue` or `end`, and never an error status.

Hypothesis walks random input sequences — menu numbers, «۰», «۰۰», «۹», Persian digits,
stray symbols, free text and over-long replies — through the whole menu of a caller who is
insured, an employer and a pensioner at once, with long names everywhere content may be long.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import itertools
import re

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from branches.services.appointments import booking_create
from pensioners.services.payslips import payslip_issue_month
from tamin.content import demo as content_demo
from tamin.ussd.screens import SCREEN_UNITS
from tamin.ussd.sessions import session_key
from tests.branches.factories import BranchFactory
from tests.branches.factories_appointments import (
    AppointmentServiceFactory,
    SlotFactory,
    tomorrow_at,
)
from tests.branches.factories_desk import TicketCategoryFactory
from tests.content.factories import AboutSectionFactory, FaqFactory, LegalTextFactory
from tests.employers.factories import RepresentativeFactory, WorkshopFactory
from tests.employers.factories_money import submitted_list_with_charge
from tests.insured.factories import ContributionRecordFactory
from tests.insured.factories_inquiries import insured_user
from tests.pensioners.factories import PensionerFactory, PensionFactory, PensionRulingFactory
from tests.pensioners.factories_payslips import figures
from tests.ussd.conftest import SECRET
from tests.ussd.helpers import GATEWAY

pytestmark = pytest.mark.django_db

LONG = ("نام بسیار بلند برای آزمودن صفحه‌بندی کد دستوری " * 2).strip()  # 95 characters

# Mostly choices a screen offers (so walks go deep), sometimes anything at all.
CHOICES = st.sampled_from(["1", "1", "1", "2", "2", "3", "4", "5", "6", "7", "9", "9", "0", "00"])
INPUTS = st.one_of(
    CHOICES,
    CHOICES,
    CHOICES,
    CHOICES,
    CHOICES,
    st.sampled_from(["8", "", "#", "*", "۱", "۲", "۹", "۰", "۰۰", "١", "10", "99", "-1", " 1 "]),
    st.text(min_size=1, max_size=40),
    st.text(alphabet="ابپتسشیکگ ۰۱۲😀\n", min_size=100, max_size=182),
)
_sessions = itertools.count(1)


@pytest.fixture
def world():
    """One caller in every role, and long content wherever it may be long."""
    user, person = insured_user()
    for month in range(1, 13):
        ContributionRecordFactory(person=person, year=1403, month=month, workshop_name=LONG)
    rep = RepresentativeFactory(user=user, workshop=WorkshopFactory(name=LONG))
    submitted_list_with_charge(workshop=rep.workshop, year=1404, month=1, amount=987_654_321)
    figures(1404)
    pension = PensionFactory(pensioner=PensionerFactory(national_code=user.national_code))
    PensionRulingFactory(pension=pension)
    payslip_issue_month(pension=pension, year=1404, month=1)
    branch = BranchFactory(name=LONG)
    person.residence_branch = branch
    person.save(update_fields=["residence_branch"])
    service = AppointmentServiceFactory(branch=branch, name=LONG)
    slots = [
        SlotFactory(service=service, starts_at=tomorrow_at(8) + dt.timedelta(minutes=m), capacity=3)
        for m in range(0, 180, 15)
    ]
    booking_create(person=user, slot_id=slots[-1].pk)  # one upcoming booking to cancel
    TicketCategoryFactory(key="records", title=LONG)
    content_demo.seed(io.StringIO())
    LegalTextFactory(title=LONG * 3, number="1404/99999")
    FaqFactory(question=LONG, answer=LONG * 4)
    AboutSectionFactory(title=LONG, short_text=LONG[:160])
    return user


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(INPUTS, min_size=1, max_size=30))
def test_every_screen_of_any_walk_fits_one_ussd_page(client, world, steps):
    session_id = f"walk-{next(_sessions)}"
    for text in ["", *steps]:
        response = client.post(
            GATEWAY,
            {"session_id": session_id, "msisdn": world.mobile, "input": text},
            content_type="application/json",
            HTTP_X_USSD_SECRET=SECRET,
        )
        assert response.status_code in (200, 400), response.content
        body = response.json()
        assert body["action"] in ("continue", "end")
        assert body["text"]
        assert len(body["text"].encode("utf-16-le")) // 2 <= SCREEN_UNITS, body["text"]
        if response.status_code == 400:  # only a reply the contract refuses (NUL, too long)
            assert "\x00" in text or len(text) > 182
        if body["action"] == "end":
            break


def _post(client, session_id: str, msisdn: str, value: str) -> dict:
    response = client.post(
        GATEWAY,
        {"session_id": session_id, "msisdn": msisdn, "input": value},
        content_type="application/json",
        HTTP_X_USSD_SECRET=SECRET,
    )
    assert response.status_code == 200
    return response.json()


def _offered(text: str) -> list[str]:
    """The forward choices a screen names (its numbered lines, «۹ بیشتر»), or a question
    for a prompt."""
    if "بنویسید" in text:
        return ["پرسش آزمایشی"]
    keys = []
    for line in text.split("\n"):
        match = re.match(r"([۱-۹]) ", line)
        if match:
            keys.append(str("۰۱۲۳۴۵۶۷۸۹".index(match.group(1))))
    return keys


def test_every_screen_reachable_by_choices_fits_and_every_menu_item_answers(client, world):
    """Breadth-first through every choice every screen offers (each branch continues a copy
    of its parent's session): every distinct screen fits, and the menu's items all lead to
    their answers."""
    mobile = world.mobile
    root = f"crawl-{next(_sessions)}"
    first = _post(client, root, mobile, "")
    shapes: set[str] = set()
    seen: list[str] = []
    queue = [(root, first)]
    while queue:
        session_id, body = queue.pop(0)
        text = body["text"]
        assert len(text.encode("utf-16-le")) // 2 <= SCREEN_UNITS, text
        # A screen's shape: without digits and codes (each booking or ticket has its own)
        shape = re.sub(r"[0-9A-Z۰-۹]+", "#", text)
        if shape in shapes or body["action"] == "end":
            continue
        shapes.add(shape)
        seen.append(text)
        assert len(seen) < 500, "the crawl should stay bounded"
        state = cache.get(session_key(session_id=session_id, mobile=mobile))
        for value in _offered(text):
            child = f"crawl-{next(_sessions)}"
            cache.set(session_key(session_id=child, mobile=mobile), copy.deepcopy(state), 600)
            queue.append((child, _post(client, child, mobile, value)))
    first_lines = {text.split("\n")[0] for text in seen}
    for expected in (
        "استعلام‌ها",
        "آخرین سابقه: اسفند ۱۴۰۳",
        "بدهی کارگاه‌ها",
        "آخرین مستمری: فروردین ۱۴۰۴",
        "خدمات",
        "نوبت شعبه",
        "شعبه یا استان",
        "روز",
        "نوبت‌های پیش رو",
        "کارگاه بدهکار را برگزینید",
        "تازه‌ترین قوانین و بخشنامه‌ها",
        "پرسش‌ها",
        "موضوع پرسش",
        "نوبت ثبت شد و پیامک تأیید فرستاده شد.",
        "پیوند پرداخت برای شما پیامک شد؛ پس از ورود به درگاه بپردازید.",
        "پرسش شما ثبت شد؛ پاسخ را پیامک می‌کنیم.",
    ):
        assert expected in first_lines, expected
