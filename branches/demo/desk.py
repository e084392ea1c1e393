"""Demo data of the 1420 contact desk: ticket categories, common questions the desk
published, and one open ticket from the demo insured person. Idempotent; run after
tamin.accounts.demo (the ticket is skipped when that person does not exist) and after
tamin.content.demo.

The questions go into the one store of common questions through
`tamin.content.services.faq_create` (topic = the category's title), so they show on
`/faq/`, on the contact page, in the API and in the USSD menu. Each is added once (found by
its wording) and none repeats a question of the content demo."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from branches.models import Ticket, TicketCategory, TicketMessage, TicketStatus
from tamin.content import selectors as content_selectors
from tamin.content import services as content_services
from tamin.content.selectors import Audience

DEMO_REQUESTER = "0013542419"
DEMO_TICKET_CODE = "1420000001"

CATEGORIES = (
    ("records", "سوابق بیمه"),
    ("lists", "لیست و حق بیمه"),
    ("pension", "مستمری"),
    ("treatment", "درمان و دفترچه"),
    ("portal", "درگاه و ورود"),
)

# What people ask 1420 most, ahead of the editors' questions (their order is 10 and up).
FAQ_ORDER = 5

# (category, audience, question, answer); the content demo already answers registering,
# passwords, the 1420 hours, records and their objections, lists and premiums, clearance,
# payslips and the pension's bank account.
FAQS = (
    (
        "records",
        Audience.INSURED,
        "چرا سابقه ماه گذشته من هنوز در سوابق دیده نمی‌شود؟",
        "سابقه هر ماه پس از آن‌که کارفرما لیست آن ماه را فرستاد و شعبه آن را پذیرفت در "
        "سوابق شما ثبت می‌شود. کارفرما تا پایان ماه بعد فرصت فرستادن لیست را دارد، پس "
        "چند هفته تأخیر طبیعی است. اگر بیش از دو ماه گذشته و سابقه ثبت نشده، از بخش "
        "«اعتراض به سوابق» درخواست بدهید تا به شعبه فرستاده شود.",
    ),
    (
        "treatment",
        Audience.INSURED,
        "برای تمدید اعتبار دفترچه درمانی باید به شعبه بروم؟",
        "بیشتر بیمه‌شدگان لازم نیست حضوری بروند؛ اعتبار درمان با ثبت سابقه از سوی کارفرما "
        "خودکار تمدید می‌شود و نسخه‌ها الکترونیکی است. بیماران خاص برای صدور یا تمدید دفترچه "
        "باید حضوری به شعبه مراجعه کنند.",
    ),
    (
        "portal",
        Audience.ALL,
        "کد تأیید ورود برایم پیامک نمی‌شود؛ چه کنم؟",
        "کد فقط به شماره همراهی فرستاده می‌شود که به نام خود شما ثبت شده است. چند دقیقه صبر "
        "کنید و دوباره «فرستادن کد» را بزنید. اگر شماره همراه شما عوض شده، از گزینه "
        "«فراموشی گذرواژه» یا تماس با ۱۴۲۰ کمک بگیرید. کارکنان سازمان هرگز کد را از شما "
        "نمی‌پرسند.",
    ),
)


@transaction.atomic
def seed(stdout) -> None:
    categories = {}
    for key, title in CATEGORIES:
        categories[key], _created = TicketCategory.objects.get_or_create(
            key=key, defaults={"title": title}
        )
    for category_key, audience, question, answer in FAQS:
        if content_selectors.faq_question_exists(question=question):
            continue
        content_services.faq_create(
            question=question,
            answer=answer,
            audience=audience,
            topic=categories[category_key].title,
            published=True,
            actor=None,
            order=FAQ_ORDER,
        )

    requester = get_user_model().objects.filter(national_code=DEMO_REQUESTER).first()
    if requester is not None:
        ticket, created = Ticket.objects.get_or_create(
            tracking_code=DEMO_TICKET_CODE,
            defaults={
                "requester": requester,
                "category": categories["records"],
                "subject": "سابقه شش ماه اول ۱۴۰۲ در سوابق نیست",
                "status": TicketStatus.OPEN,
            },
        )
        if created:
            TicketMessage.objects.create(
                ticket=ticket,
                author=requester,
                body="سلام. از فروردین تا شهریور ۱۴۰۲ در یک کارگاه کار کرده‌ام ولی این ماه‌ها در "
                "سوابقم نیامده است. باید چه کنم؟",
            )
    stdout.write(
        f"Contact desk: {len(CATEGORIES)} categories, {len(FAQS)} FAQs"
        + (", one open ticket" if requester is not None else "")
    )
