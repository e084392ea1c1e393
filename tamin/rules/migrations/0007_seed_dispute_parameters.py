"""Seed the dispute terms and the installment table of DOMAIN.md §5 [sourced]: the
organization's front-end terms (31 / 21 days), appeal above 200,000 rial, 18 documents,
6 months' penalty waiver, installments from 10,000,000 rial, first due in 7 days.

`seed` is idempotent and never overwrites a row corrected in the admin.
"""

import datetime

from django.db import migrations

EFFECTIVE_FROM = datetime.date(2016, 3, 20)  # 1395/01/01
# down payment % → installments for debts ≤100M, ≤500M, ≤1bn, >1bn rial (None: not allowed)
BANDS = (100_000_000, 500_000_000, 1_000_000_000, None)
TABLE = {
    50: (12, 18, 24, 36),
    40: (10, 15, 20, 30),
    30: (8, 12, 16, 24),
    20: (6, 9, 12, 18),
    10: (None, 6, 8, 12),
}
NOTE = (
    "مهلت‌ها و جدول تقسیط از سامانه خدمات غیرحضوری سازمان [تأیید شود]؛ "
    "قانون ۳۰ و ۲۰ روز می‌گوید. آستانه تجدیدنظر در برخی منابع ۱٬۵۰۰٬۰۰۰ ریال است."
)


def seed(apps, schema_editor):
    DisputeParameters = apps.get_model("rules", "DisputeParameters")
    InstallmentBand = apps.get_model("rules", "InstallmentBand")
    row, created = DisputeParameters.objects.get_or_create(
        effective_from=EFFECTIVE_FROM, defaults={"note": NOTE}
    )
    if not created:
        return
    for percent, counts in TABLE.items():
        for up_to, count in zip(BANDS, counts, strict=True):
            InstallmentBand.objects.create(
                parameters=row, down_payment_percent=percent, up_to_amount=up_to, installments=count
            )


class Migration(migrations.Migration):
    dependencies = [("rules", "0006_dispute_parameters")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
