"""The SMS the USSD menu sends an employer: the link where a workshop's payment starts.

Context: workshop (name), workshop_code, amount (already «… ریال»), link (absolute: the
workshop's debt page, TAMIN_SITE_URL + path). Legal: it answers the person's own request
from the menu, so it is sent whatever their preferences.
"""

from django.db import migrations

from notifications.seeding import templates_seed

TEMPLATES = [
    # key, channel, is_legal, subject, body
    (
        "ussd_payment_link",
        "sms",
        True,
        "",
        "تأمین اجتماعی\nپرداخت بدهی کارگاه {{ workshop_code }} ({{ amount }}):\n{{ link }}",
    ),
]


def seed(apps, schema_editor):
    templates_seed(apps, TEMPLATES)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_template_contains_secret"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
