"""Seed the penalty rates of DOMAIN.md §3 (2% a month late, 10% without a list — to confirm).

`seed` is idempotent and never overwrites a row corrected in the admin
(tests/conftest.py re-runs seeds).
"""

from django.db import migrations

ROWS = (
    {
        "effective_from": 1390,
        "late_payment_permille_per_month": 20,
        "no_list_permille": 100,
        "note": "جریمه دیرکرد ۲٪ در هر ماه و جریمه عدم ارسال لیست ۱۰٪ [تأیید شود].",
    },
)


def seed(apps, schema_editor):
    PenaltyParameters = apps.get_model("rules", "PenaltyParameters")
    for values in ROWS:
        defaults = {key: value for key, value in values.items() if key != "effective_from"}
        PenaltyParameters.objects.get_or_create(
            effective_from=values["effective_from"], defaults=defaults
        )


class Migration(migrations.Migration):
    dependencies = [("rules", "0003_penalty_parameters")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
