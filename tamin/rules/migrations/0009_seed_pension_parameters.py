"""Seed the pension figures (DOMAIN.md §3, §5b): minimum pensions, yearly increases,
allowances, the retirement conditions of Art. 76 and the survivors' shares.

`seed` is idempotent and never overwrites a row corrected in the admin
(tests/conftest.py re-runs seeds). 1405 is deliberately absent: its figures are not in
our notes, and staff enter the row when they are published (the staff dashboard and
/healthz say it is missing).
"""

from django.db import migrations

_INCREASE_NOTE = "افزایش سالانه [تأیید شود]: مقدار نمونه تا ثبت مصوبه همان سال."

PENSION_YEARS = (
    {
        "year": 1402,
        "minimum_pension": 53_082_840,
        "increase_permille": 250,
        "increase_fixed": 0,
        "treatment_share_permille": 20,
        "spouse_allowance": 5_000_000,
        "child_allowance": 5_308_284,
        "note": "حداقل مستمری برابر حداقل دستمزد ماهانه؛ کمک‌هزینه اولاد سه روز حداقل دستمزد. "
        + _INCREASE_NOTE,
    },
    {
        "year": 1403,
        "minimum_pension": 71_661_840,
        "increase_permille": 200,
        "increase_fixed": 0,
        "treatment_share_permille": 20,
        "spouse_allowance": 5_000_000,
        "child_allowance": 7_166_184,
        "note": "حداقل مستمری برابر حداقل دستمزد ماهانه؛ کمک‌هزینه اولاد سه روز حداقل دستمزد. "
        + _INCREASE_NOTE,
    },
    {
        "year": 1404,
        "minimum_pension": 103_909_680,
        "increase_permille": 200,
        "increase_fixed": 0,
        "treatment_share_permille": 20,
        "spouse_allowance": 5_000_000,
        "child_allowance": 10_390_968,
        "note": "حداقل مستمری برابر حداقل دستمزد ماهانه؛ حق تأهل و کمک‌هزینه اولاد ۱۴۰۴ [منبع ثانویه]. "
        + _INCREASE_NOTE,
    },
)

_ART_76 = "ماده ۷۶ قانون تأمین اجتماعی؛ سن‌ها با برنامه هفتم توسعه پله‌ای بالا می‌روند [تأیید شود]."

RETIREMENT_CONDITIONS = tuple(
    {
        "effective_from": 1354,
        "sex": sex,
        "path": path,
        "min_years": years,
        "min_age": age,
        "label": label,
        "note": _ART_76,
    }
    for sex, path, years, age, label in (
        ("male", "service", 10, 60, "سن و سابقه"),
        ("female", "service", 10, 55, "سن و سابقه"),
        ("male", "service", 30, 50, "سی سال سابقه"),
        ("female", "service", 30, 45, "سی سال سابقه"),
        ("male", "service", 35, None, "سی‌وپنج سال سابقه"),
        ("female", "service", 35, None, "سی‌وپنج سال سابقه"),
        ("male", "hard_consecutive", 20, None, "کار سخت و زیان‌آور، پیوسته"),
        ("female", "hard_consecutive", 20, None, "کار سخت و زیان‌آور، پیوسته"),
        ("male", "hard_total", 25, None, "کار سخت و زیان‌آور، متناوب"),
        ("female", "hard_total", 25, None, "کار سخت و زیان‌آور، متناوب"),
    )
)

SURVIVOR_SHARES = tuple(
    {"effective_from": 1354, "relation": relation, "share_permille": share, "note": "[تأیید شود]"}
    for relation, share in (("spouse", 500), ("child", 250), ("parent", 200))
)


def seed(apps, schema_editor):
    PensionParameters = apps.get_model("rules", "PensionParameters")
    RetirementCondition = apps.get_model("rules", "RetirementCondition")
    SurvivorShare = apps.get_model("rules", "SurvivorShare")
    for values in PENSION_YEARS:
        defaults = {key: value for key, value in values.items() if key != "year"}
        PensionParameters.objects.get_or_create(year=values["year"], defaults=defaults)
    for values in RETIREMENT_CONDITIONS:
        keys = ("effective_from", "sex", "path", "min_years", "min_age")
        RetirementCondition.objects.get_or_create(
            **{key: values[key] for key in keys},
            defaults={key: value for key, value in values.items() if key not in keys},
        )
    for values in SURVIVOR_SHARES:
        SurvivorShare.objects.get_or_create(
            effective_from=values["effective_from"],
            relation=values["relation"],
            defaults={"share_permille": values["share_permille"], "note": values["note"]},
        )


class Migration(migrations.Migration):
    dependencies = [("rules", "0008_pension_parameters")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
