"""Demo data of the 1420 contact desk: ticket categories, published FAQs, and one
open ticket from the demo insured person. Idempotent; run after tamin.accounts.demo
(the ticket is skipped when that person does not exist)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from branches.models import Faq, Ticket, TicketCategory, TicketMessage, TicketStatus

DEMO_REQUESTER = "0013542419"
DEMO_TICKET_CODE = "1420000001"

CATEGORIES = (
    ("records", "سوابق بیمه"),
    ("lists", "لیست و حق بیمه"),
    ("pension", "مستمری"),
    ("treatment", "درمان و دفترچه"),
    ("portal", "درگاه و ورود"),
)

FAQS = (
    (
        "records",
        "چرا سابقه ماه گذشته من هنوز در سوابق دیده نمی‌شود؟",
        "سابقه هر ماه پس از آن‌که کارفرما لیست آن ماه را فرستاد و شعبه آن را پذیرفت در "
        "سوابق شما ثبت می‌شود. کارفرما تا پایان ماه بعد فرصت فرستادن لیست را دارد، پس "
        "چند هفته تأخیر طبیعی است. اگر بیش از دو ماه گذشته و سابقه ثبت نشده، از بخش "
        "«اعتراض به سوابق» درخواست بدهید تا به شعبه فرستاده شود.",
    ),
    (
        "records",
        "کسری کارکرد دارم؛ چطور اعتراض کنم؟",
        "در درگاه به بخش سوابق بروید، ماه‌ها یا روزهایی را که کم است برگزینید و مدرکی مانند "
        "فیش حقوقی یا قرارداد کار پیوست کنید. درخواست بدون مدرک ذخیره می‌شود ولی به شعبه "
        "نمی‌رود. برای اعتراض به سوابق مهلتی وجود ندارد.",
    ),
    (
        "lists",
        "مهلت فرستادن لیست ماهانه و پرداخت حق بیمه تا کی است؟",
        "لیست کارکنان و حق بیمه هر ماه باید تا پایان ماه بعد فرستاده و پرداخت شود. پس از آن "
        "جریمه تأخیر به بدهی کارگاه افزوده می‌شود. لیست را با فایل‌های DSKKAR00 و DSKWOR00 "
        "از بخش کارفرمایان بفرستید.",
    ),
    (
        "pension",
        "فیش حقوقی مستمری را از کجا ببینم؟",
        "پس از ورود با نقش مستمری‌بگیر، در پیشخوان گزینه «فیش حقوقی» را بزنید و ماه را "
        "برگزینید. فیش را می‌توانید چاپ کنید یا نسخه PDF آن را بگیرید.",
    ),
    (
        "treatment",
        "برای تمدید اعتبار دفترچه درمانی باید به شعبه بروم؟",
        "بیشتر بیمه‌شدگان لازم نیست حضوری بروند؛ اعتبار درمان با ثبت سابقه از سوی کارفرما "
        "خودکار تمدید می‌شود و نسخه‌ها الکترونیکی است. بیماران خاص برای صدور یا تمدید دفترچه "
        "باید حضوری به شعبه مراجعه کنند.",
    ),
    (
        "portal",
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
    for order, (category_key, question, answer) in enumerate(FAQS, start=1):
        Faq.objects.get_or_create(
            category=categories[category_key],
            question=question,
            defaults={"answer": answer, "is_published": True, "order": order * 10},
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
