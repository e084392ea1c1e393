"""Survey invitation templates (version 1).

Context: subject (what is rated, e.g. «پرونده ۱۲۳۴ — کمک‌هزینه ازدواج» or a booking), url
(absolute or site-relative link to the survey page). Not legal: the person's preferences apply.
"""

from django.db import migrations

from notifications.seeding import templates_seed

TEMPLATES = [
    # key, channel, is_legal, subject, body
    (
        "survey_invitation",
        "inbox",
        False,
        "نظر شما درباره خدمت دریافتی",
        "از اینکه خدمات تأمین اجتماعی را به کار گرفتید سپاسگزاریم. لطفاً درباره «{{ subject }}» "
        "به کیفیت خدمت امتیاز دهید؛ پاسخ شما به بهبود کار شعبه کمک می‌کند."
        "{% if url %}\nپاسخ به نظرسنجی: {{ url }}{% endif %}",
    ),
    (
        "survey_invitation",
        "sms",
        False,
        "",
        "تأمین اجتماعی\n"
        "لطفاً درباره «{{ subject }}» در نظرسنجی درگاه شرکت کنید."
        "{% if url %}\n{{ url }}{% endif %}",
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
