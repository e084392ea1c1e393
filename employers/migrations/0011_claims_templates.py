"""Message templates of claims (version 1): a notice served, an objection's status,
an installment due or missed, a plan defaulted.

Contexts:
- employer_notice_served: workshop, workshop_code, kind (the notice's kind, Persian),
  number (format_code), title, served_on (Jalali), respond_until (Jalali or empty).
- employer_objection_status: workshop_code, tracking_code (format_code), status
  (Persian), note (may be empty).
- employer_installment_reminder: workshop_code, number (Persian digits), amount
  («… ریال»), due_on (Jalali).
- employer_plan_defaulted: workshop_code, amount («… ریال»).
All are legal: they start or concern legal terms and money, whatever the preferences.
"""

from django.db import migrations

from notifications.seeding import templates_seed

TEMPLATES = [
    # key, channel, is_legal, subject, body
    (
        "employer_notice_served",
        "sms",
        True,
        "",
        "تأمین اجتماعی\n{{ kind }} شماره {{ number }} برای کارگاه {{ workshop_code }} "
        "ابلاغ شد. لطفاً در سامانه خدمات غیرحضوری مطالعه فرمایید.",
    ),
    (
        "employer_notice_served",
        "email",
        True,
        "ابلاغ {{ kind }} شماره {{ number }}",
        "{{ kind }} «{{ title }}» شماره {{ number }} در تاریخ {{ served_on }} به صندوق "
        "ابلاغ الکترونیک کارگاه «{{ workshop }}» (کد {{ workshop_code }}) ابلاغ شد."
        "{% if respond_until %} مهلت اعتراض تا پایان {{ respond_until }} است.{% endif %}"
        " تاریخ ابلاغ، تاریخ ثبت در صندوق است؛ لطفاً در سامانه خدمات غیرحضوری مطالعه فرمایید.",
    ),
    (
        "employer_notice_served",
        "inbox",
        True,
        "ابلاغ {{ kind }}",
        "{{ kind }} «{{ title }}» شماره {{ number }} برای کارگاه «{{ workshop }}» ابلاغ شد."
        "{% if respond_until %} مهلت اعتراض تا پایان {{ respond_until }} است.{% endif %}",
    ),
    (
        "employer_objection_status",
        "sms",
        True,
        "",
        "تأمین اجتماعی\nوضعیت اعتراض {{ tracking_code }} کارگاه {{ workshop_code }}: "
        "{{ status }}{% if note %}\n{{ note }}{% endif %}",
    ),
    (
        "employer_objection_status",
        "inbox",
        True,
        "وضعیت اعتراض {{ tracking_code }}",
        "وضعیت اعتراض {{ tracking_code }} کارگاه {{ workshop_code }}: {{ status }}"
        "{% if note %} — {{ note }}{% endif %}",
    ),
    (
        "employer_installment_reminder",
        "sms",
        True,
        "",
        "تأمین اجتماعی\nقسط {{ number }} کارگاه {{ workshop_code }} به مبلغ {{ amount }} "
        "در تاریخ {{ due_on }} سررسید می‌شود.",
    ),
    (
        "employer_plan_defaulted",
        "sms",
        True,
        "",
        "تأمین اجتماعی\nبه علت پرداخت‌نشدن قسط، توافق تقسیط کارگاه {{ workshop_code }} "
        "نکول شد. مانده بدهی: {{ amount }}",
    ),
    (
        "employer_plan_defaulted",
        "inbox",
        True,
        "نکول توافق تقسیط",
        "به علت پرداخت‌نشدن قسط در مهلت، توافق تقسیط کارگاه {{ workshop_code }} نکول شد. "
        "مانده بدهی {{ amount }} است و می‌توانید یک بار دیگر تقسیط کنید.",
    ),
]


def seed(apps, schema_editor):
    templates_seed(apps, TEMPLATES)


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0010_claims_notices_settlements"),
        ("notifications", "0006_client_message_id_unique"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
