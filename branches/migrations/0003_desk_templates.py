"""Message templates of the 1420 contact desk (version 1).

ticket_answered (sms, inbox) — context: name, tracking_code, subject, answer.
Not legal notices: the person's channel preferences apply. The SMS leaves the
answer out (it may be long and is read in the portal); the inbox carries it.
"""

from django.db import migrations

from notifications.seeding import templates_seed

TEMPLATES = [
    # key, channel, is_legal, subject, body
    (
        "ticket_answered",
        "sms",
        False,
        "",
        "تأمین اجتماعی\n"
        "{{ name|default:'کاربر' }} گرامی، به درخواست شما با کد رهگیری {{ tracking_code|fa }} "
        "در مرکز تماس ۱۴۲۰ پاسخ داده شد. پاسخ را در درگاه، بخش «درخواست‌های من» ببینید.",
    ),
    (
        "ticket_answered",
        "inbox",
        False,
        "پاسخ درخواست {{ tracking_code|fa }}",
        "{{ name|default:'کاربر' }} گرامی، کارشناس مرکز تماس ۱۴۲۰ به درخواست شما "
        "«{{ subject }}» (کد رهگیری {{ tracking_code|fa }}) پاسخ داد:\n\n"
        "{{ answer }}\n\n"
        "اگر پرسش دیگری دارید، در صفحه همین درخواست پاسخ بنویسید.",
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
