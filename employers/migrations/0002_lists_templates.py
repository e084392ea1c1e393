"""Monthly list templates (version 1).

Context: workshop (name), code (Persian digits), period («آذر ۱۴۰۴»), version (Persian
digits), corrective (bool), workers (count, Persian digits), amount (formatted rial).
Inbox only; not legal.
"""

from django.db import migrations

from notifications.seeding import templates_seed

TEMPLATES = [
    # key, channel, is_legal, subject, body
    (
        "monthly_list_submitted",
        "inbox",
        False,
        "لیست {{ period }} کارگاه {{ workshop }} ثبت شد",
        "{% if corrective %}لیست اصلاحی (نسخه {{ version }}){% else %}لیست{% endif %} "
        "{{ period }} کارگاه «{{ workshop }}» (کد {{ code }}) با {{ workers }} بیمه‌شده ثبت شد. "
        "حق بیمه این لیست {{ amount }} است و باید تا پایان ماه بعد پرداخت شود.",
    ),
]


def seed(apps, schema_editor):
    templates_seed(apps, TEMPLATES)


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0001_initial"),
        ("notifications", "0003_template_contains_secret"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
