"""Correct the 1402 row: 0002 seeded a daily minimum of 1,767,767 (DOMAIN.md had it wrong).

The published figures (DOMAIN.md §3, two public tables agree, and 1403 = 1402 × 1.35):
daily 1,769,428, monthly 30 × daily = 53,082,840, cap 7 × monthly = 371,579,880 rial.
`seed` changes the row only while it still holds the wrong seeded values, so a
value an administrator already corrected stays (tests/conftest.py re-runs seeds).
"""

from django.db import migrations

WRONG = {"min_daily_wage": 1_767_767, "min_monthly_wage": 53_033_010}
CORRECT = {
    "min_daily_wage": 1_769_428,
    "min_monthly_wage": 53_082_840,
    "insurable_cap_monthly": 371_579_880,
    "note": "حداقل دستمزد روزانه ۱٬۷۶۹٬۴۲۸، ماهانه ۵۳٬۰۸۲٬۸۴۰ و سقف ۳۷۱٬۵۷۹٬۸۸۰ ریال؛ "
    "دو جدول عمومی هم‌خوان‌اند و ۱۴۰۳ دقیقاً ۱٫۳۵ برابر آن است.",
}


def seed(apps, schema_editor):
    YearParameters = apps.get_model("rules", "YearParameters")
    YearParameters.objects.filter(year=1402, **WRONG).update(**CORRECT)


class Migration(migrations.Migration):
    dependencies = [("rules", "0004_seed_penalty_parameters")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
