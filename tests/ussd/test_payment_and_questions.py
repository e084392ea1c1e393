"""۴ پرداخت حق بیمه (an SMS with the link where the payment starts) and ۶/۲ طرح پرسش (a 1420
ticket through the desk's service)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from branches.models import Ticket
from employers.selectors import debt_overview_for_user
from notifications.models import Notification
from tamin.core.jalali import format_rial, persian_digits
from tamin.core.models import AuditLog
from tamin.ussd.nodes.inquiries import NOT_EMPLOYER
from tests.accounts.factories import UserFactory
from tests.branches.factories_desk import TicketCategoryFactory
from tests.employers.factories import RepresentativeFactory, WorkshopFactory
from tests.employers.factories_money import submitted_list_with_charge
from tests.ussd.helpers import Phone

pytestmark = pytest.mark.django_db


# --- ۴ پرداخت حق بیمه -----------------------------------------------------------------


@pytest.fixture
def employer():
    """An employer with one workshop owing a list of 3,000,000 rial and one owing nothing."""
    rep = RepresentativeFactory(user__mobile="09121260001", workshop__name="نانوایی سنگک")
    submitted_list_with_charge(workshop=rep.workshop, year=1404, month=1, amount=3_000_000)
    RepresentativeFactory(user=rep.user, workshop=WorkshopFactory(name="کارگاه بی‌بدهی"))
    return rep


def test_an_employer_chooses_a_workshop_and_gets_the_payment_link_by_sms(
    client, employer, settings
):
    settings.SITE_URL = "https://eservices.tamin.ir/"
    workshop = employer.workshop
    phone = Phone(client, employer.user.mobile)
    code = persian_digits(workshop.code)
    # the debt the app's «my debts» shows: lists + rulings + penalties owed
    owed = next(w for w in debt_overview_for_user(user=employer.user) if w.code == workshop.code)
    assert owed.estimated == 3_000_000
    total = format_rial(owed.total)
    # Only the workshop that owes is offered
    assert phone.walk("4") == f"کارگاه بدهکار را برگزینید\n۱ نانوایی سنگک ({code})\n۰ بازگشت"
    assert phone.send("1") == (
        f"نانوایی سنگک ({code})\nبدهی: {total}\n۱ پیامک پیوند پرداخت\n۰ بازگشت"
    )
    assert phone.send("1") == (
        "پیوند پرداخت برای شما پیامک شد؛ پس از ورود به درگاه بپردازید.\n۰ بازگشت ۰۰ منو"
    )
    # The SMS is in the outbox, to the registered number, with the debt page's absolute link
    sms = Notification.objects.get(template_key="ussd_payment_link")
    assert (sms.channel, sms.to_address, sms.user_id) == ("sms", "09121260001", employer.user.pk)
    link = "https://eservices.tamin.ir" + reverse("employers:debt", args=[workshop.pk])
    assert sms.body == f"تأمین اجتماعی\nپرداخت بدهی کارگاه {code} ({total}):\n{link}"
    assert AuditLog.objects.filter(action="ussd.payment_link", actor=employer.user).count() == 1
    # The link opens the page where the payment starts, for its owner
    client.force_login(employer.user)
    page = client.get(reverse("employers:debt", args=[workshop.pk]))
    assert page.status_code == 200
    assert reverse("employers:payment_start", args=[workshop.pk]) in page.content.decode()


def test_sending_twice_in_one_session_sends_one_sms(client, employer):
    phone = Phone(client, employer.user.mobile)
    phone.walk("4", "1", "1")
    phone.send("0")
    phone.send("1")
    phone.send("1")
    assert Notification.objects.filter(template_key="ussd_payment_link").count() == 1


def test_a_person_without_workshops_is_told_politely(client):
    caller = UserFactory(mobile="09121260002")
    assert Phone(client, caller.mobile).read("4") == NOT_EMPLOYER


def test_an_employer_owing_nothing_is_told_so(client):
    rep = RepresentativeFactory(user__mobile="09121260003")
    assert Phone(client, rep.user.mobile).read("4") == "کارگاه‌های شما بدهی پرداخت‌نشده‌ای ندارند."
    assert not Notification.objects.filter(template_key="ussd_payment_link").exists()


def test_a_workshop_no_longer_the_callers_sends_nothing(client, employer):
    phone = Phone(client, employer.user.mobile)
    phone.walk("4", "1")
    employer.is_active = False
    employer.save(update_fields=["is_active"])
    assert phone.send("1").startswith("کارگاه‌های شما بدهی پرداخت‌نشده‌ای ندارند.")
    assert not Notification.objects.filter(template_key="ussd_payment_link").exists()


# --- ۶/۲ طرح پرسش ------------------------------------------------------------------------


def test_a_typed_question_becomes_a_1420_ticket_and_the_tracking_code_is_answered(client):
    TicketCategoryFactory(key="records", title="سوابق بیمه")
    TicketCategoryFactory(key="pension", title="مستمری")
    caller = UserFactory(mobile="09121260004")
    phone = Phone(client, caller.mobile)
    assert phone.walk("6", "2") == "موضوع پرسش\n۱ سوابق بیمه\n۲ مستمری\n۰ بازگشت"
    assert phone.send("1") == ("موضوع: سوابق بیمه\nپرسش خود را بنویسید و بفرستید.\n۰ بازگشت ۰۰ منو")
    question = "سابقه   اسفند 1403 من چرا ثبت نشده است؟"
    text = phone.send(question)
    ticket = Ticket.objects.get(requester=caller)
    assert (ticket.category.key, ticket.status) == ("records", "open")
    assert ticket.subject == "کد دستوری: سابقه اسفند 1403 من چرا ثبت نشده است؟"
    assert ticket.messages.get().body == "سابقه اسفند 1403 من چرا ثبت نشده است؟"
    assert text == (
        "پرسش شما ثبت شد؛ پاسخ را پیامک می‌کنیم.\n"
        f"کد رهگیری: {persian_digits(ticket.tracking_code)}\n۰ بازگشت ۰۰ منو"
    )
    assert AuditLog.objects.filter(action="desk.ticket_opened", actor=caller).count() == 1
    # «۰» returns to the questions menu, not to the prompt (no second ticket by accident)
    assert phone.send("0").startswith("پرسش‌ها\n")
    assert Ticket.objects.count() == 1


def test_a_long_question_keeps_its_whole_text_and_a_short_subject(client):
    TicketCategoryFactory(key="portal", title="درگاه")
    caller = UserFactory(mobile="09121260005")
    question = "پرسش " * 30
    Phone(client, caller.mobile).walk("6", "2", "1", question)
    ticket = Ticket.objects.get(requester=caller)
    assert ticket.messages.get().body == question.strip()
    assert len(ticket.subject) <= len("کد دستوری: ") + 61
    assert ticket.subject.endswith("…")


def test_an_empty_or_control_character_question_is_not_sent(client):
    TicketCategoryFactory(key="portal", title="درگاه")
    caller = UserFactory(mobile="09121260006")
    phone = Phone(client, caller.mobile)
    phone.walk("6", "2", "1")
    assert phone.send("   ").startswith("گزینه نامعتبر است.")
    assert phone.send("سلام\x07").startswith("گزینه نامعتبر است.")
    assert not Ticket.objects.exists()


def test_without_desk_subjects_the_question_cannot_be_asked(client):
    caller = UserFactory(mobile="09121260007")
    assert Phone(client, caller.mobile).read("6", "2") == (
        "ثبت پرسش فعلاً ممکن نیست؛ با مرکز تماس ۱۴۲۰ تماس بگیرید."
    )
