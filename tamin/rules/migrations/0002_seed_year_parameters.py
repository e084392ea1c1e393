"""Seed the yearly parameters known in DOMAIN.md §3.

`seed` is idempotent and never overwrites a row that already exists: values
corrected in the admin win over this file (tests/conftest.py re-runs seeds).
"""

from django.db import migrations

# Monthly minimum = 30 × daily; cap = 7 × monthly (DOMAIN.md §3).
YEARS = (
    {
        "year": 1404,
        "min_daily_wage": 3_463_656,
        "min_monthly_wage": 103_909_680,
        "insurable_cap_monthly": 727_367_760,
        "note": "حداقل دستمزد روزانه و ماهانه و سقف ۱۴۰۴ تأییدشده؛ نرخ‌های ۷٪ و ۲۰٪ در "
        "لیست‌های واقعی تأیید شده است.",
    },
    {
        "year": 1403,
        "min_daily_wage": 2_388_728,
        "min_monthly_wage": 71_661_840,
        "insurable_cap_monthly": 501_632_880,
        "note": "حداقل ماهانه و سقف از DOMAIN.md؛ دستمزد روزانه = ماهانه ÷ ۳۰ [تأیید شود].",
    },
    {
        "year": 1402,
        "min_daily_wage": 1_767_767,
        "min_monthly_wage": 53_033_010,
        "insurable_cap_monthly": 371_231_070,
        "note": "دستمزد روزانه [تأیید شود]؛ ماهانه = ۳۰ × روزانه و سقف = ۷ × ماهانه محاسبه شده "
        "[تأیید شود].",
    },
)


def seed(apps, schema_editor):
    YearParameters = apps.get_model("rules", "YearParameters")
    for values in YEARS:
        defaults = {key: value for key, value in values.items() if key != "year"}
        YearParameters.objects.get_or_create(year=values["year"], defaults=defaults)


def unseed(apps, schema_editor):
    # Leave rows alone: they may have been corrected in the admin.
    pass


class Migration(migrations.Migration):
    dependencies = [("rules", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
