"""Payment receipt templates (version 1).

Context: workshop, workshop_code, amount (already «… ریال»), reference (the bank's
reference), period (the list month, or empty for a general payment).
Legal: a receipt for money is always delivered, whatever the preferences.
"""

from django.db import migrations

from notifications.seeding import templates_seed

TEMPLATES = [
    # key, channel, is_legal, subject, body
    (
        "employer_payment_received",
        "inbox",
        True,
        "پرداخت حق بیمه ثبت شد",
        "پرداخت {{ amount }} برای کارگاه «{{ workshop }}» (کد {{ workshop_code }})"
        "{% if period %} بابت حق بیمه {{ period }}{% endif %} با شماره پیگیری بانک "
        "{{ reference }} ثبت و در گردش حساب کارگاه منظور شد.",
    ),
    (
        "employer_payment_received",
        "sms",
        True,
        "",
        "تأمین اجتماعی\nپرداخت {{ amount }} کارگاه {{ workshop_code }}"
        "{% if period %} ({{ period }}){% endif %} ثبت شد.\nپیگیری: {{ reference }}",
    ),
]


def seed(apps, schema_editor):
    templates_seed(apps, TEMPLATES)


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0002_lists_templates"),
        ("notifications", "0003_template_contains_secret"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
