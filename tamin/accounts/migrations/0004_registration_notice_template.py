"""The notice sent to an account's own mobile when someone starts a registration with its
national code (version 1). No code is sent then; see services.registration_start.

Context: at (optional aware datetime). Legal: a security notice reaches the person whatever
their preferences.
"""

from django.db import migrations

from notifications.seeding import templates_seed

TEMPLATES = [
    # key, channel, is_legal, subject, body
    (
        "registration_account_exists",
        "sms",
        True,
        "",
        "تأمین اجتماعی\n"
        "درخواست ثبت‌نام تازه‌ای با کد ملی شما در درگاه رسید"
        "{% if at %} ({{ at|jdatetime }}){% endif %}، "
        "اما شما پیش‌تر حساب دارید و کدی فرستاده نشد. اگر خودتان بودید، وارد شوید یا از "
        "«فراموشی گذرواژه» استفاده کنید؛ اگر نه، این پیام را نادیده بگیرید.",
    ),
]


def seed(apps, schema_editor):
    templates_seed(apps, TEMPLATES)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_password_reset_decoy"),
        ("notifications", "0003_template_contains_secret"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
