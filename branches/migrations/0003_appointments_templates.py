"""Message templates of online appointments (version 1).

Context each key expects (strings already in Jalali and Persian digits):
  appointment_confirmed (sms, inbox): code, service, place, address, date, time,
      rescheduled (optional: the booking was moved)
  appointment_cancelled (sms, inbox): code, service, place, date, time
  appointment_reminder (sms): code, service, place, address, date, time
The booking code stays in Latin letters/digits so it reads the same at the counter.
Confirmation and cancellation answer the person's own action, so they ignore
preferences; the reminder is optional.
"""

from django.db import migrations

from notifications.seeding import templates_seed

BRAND = "تأمین اجتماعی"

TEMPLATES = [
    # key, channel, is_legal, subject, body
    (
        "appointment_confirmed",
        "sms",
        True,
        "",
        BRAND + "\n"
        "{% if rescheduled %}نوبت شما جابه‌جا شد{% else %}نوبت شما ثبت شد{% endif %}: "
        "{{ service }} — {{ place }}\n"
        "{{ date }} ساعت {{ time }}\n"
        "کد نوبت: {{ code }}",
    ),
    (
        "appointment_confirmed",
        "inbox",
        True,
        "{% if rescheduled %}نوبت شما جابه‌جا شد{% else %}نوبت شما ثبت شد{% endif %} ({{ code }})",
        "نوبت «{{ service }}» در {{ place }} برای {{ date }} ساعت {{ time }} "
        "{% if rescheduled %}جابه‌جا{% else %}ثبت{% endif %} شد.\n"
        "کد نوبت: {{ code }}\n"
        "{% if address %}نشانی: {{ address }}\n{% endif %}"
        "لطفاً ده دقیقه زودتر با کارت ملی حاضر شوید و کد نوبت را به پذیرش بگویید. "
        "اگر نمی‌توانید بیایید، از «نوبت‌های من» نوبت را لغو کنید تا به دیگری برسد.",
    ),
    (
        "appointment_cancelled",
        "sms",
        True,
        "",
        BRAND + "\n"
        "نوبت {{ code }} ({{ service }} — {{ place }}، {{ date }} ساعت {{ time }}) لغو شد.",
    ),
    (
        "appointment_cancelled",
        "inbox",
        True,
        "نوبت {{ code }} لغو شد",
        "نوبت «{{ service }}» در {{ place }} برای {{ date }} ساعت {{ time }} لغو شد. "
        "برای گرفتن نوبت تازه به صفحه «نوبت‌دهی اینترنتی» بروید.",
    ),
    (
        "appointment_reminder",
        "sms",
        False,
        "",
        BRAND + "\n"
        "یادآوری: فردا {{ date }} ساعت {{ time }} نوبت «{{ service }}» در {{ place }} دارید.\n"
        "کد نوبت: {{ code }}",
    ),
]


def seed(apps, schema_editor):
    templates_seed(apps, TEMPLATES)


class Migration(migrations.Migration):
    dependencies = [
        ("branches", "0001_initial"),
        ("notifications", "0003_template_contains_secret"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
