"""The short-term benefit terms and the abroad packages (issue #13, DOMAIN.md §3): the two
tables and their seed.

`seed` is idempotent and never overwrites a row corrected in the admin (tests/conftest.py
re-runs seeds). The terms are in force from 1354 (the Social Security Act) until staff add a
later row; the values marked [تأیید شود] in `note` are best knowledge, not yet checked
against a primary source.
"""

import django.core.validators
from django.db import migrations, models

BENEFIT_TERMS = {
    "effective_from": 1354,
    "sickness_with_dependents_numerator": 3,
    "sickness_with_dependents_denominator": 4,
    "sickness_without_dependents_numerator": 2,
    "sickness_without_dependents_denominator": 3,
    "sickness_hospitalized_without_dependents_numerator": 1,
    "sickness_hospitalized_without_dependents_denominator": 2,
    "sickness_waiting_days": 3,
    "daily_wage_days": 90,
    "maternity_rate_numerator": 2,
    "maternity_rate_denominator": 3,
    "maternity_min_days_prior_year": 60,
    "maternity_leave_days": 270,
    "marriage_min_days": 720,
    "marriage_window_years": 5,
    "military_min_days": 730,
    "military_insured_share_numerator": 7,
    "military_insured_share_denominator": 30,
    "military_government_share_numerator": 23,
    "military_government_share_denominator": 30,
    "unemployment_min_months": 6,
    "unemployment_base_permille": 550,
    "unemployment_per_dependent_permille": 100,
    "unemployment_max_permille": 800,
    "funeral_fixed_amount": None,
    "orthotics_ceiling": 200_000_000,
    "treatment_window_months": 3,
    "treatment_min_days": 30,
    "note": (
        "غرامت دستمزد (۳/۴، ۲/۳، ۱/۲؛ از روز چهارم، بستری و حادثه ناشی از کار از روز نخست؛ "
        "دستمزد ۹۰ روز آخر)، بارداری (۲/۳، ۶۰ روز در سال پیش، ۲۷۰ روز مرخصی)، ازدواج "
        "(۷۲۰ روز در ۵ سال، ماده ۸۵) و خرید سربازی (۷۳۰ روز، ۷/۳۰ و ۲۳/۳۰) [منبع ثانویه]. "
        "بیمه بیکاری (۶ ماه، ۵۵٪ و ۱۰٪ برای هر نفر تحت تکفل تا ۸۰٪) [تأیید شود]. "
        "کفن و دفن: حداقل دستمزد ماهانه سال فوت [تأیید شود]. سقف وسایل کمک‌توانبخشی "
        "۲۰۰٬۰۰۰٬۰۰۰ ریال [تأیید شود]. استحقاق درمان: ۳۰ روز در ۳ ماه پیش [تأیید شود]."
    ),
}

_ABROAD_NOTE = (
    "بسته نمونه [تأیید شود]: دستمزد مبنا مضربی از حداقل دستمزد ماهانه ۱۴۰۴ و نرخ ۱۸٪؛ "
    "سن ۱۸ تا ۵۰ سال [منبع ثانویه]."
)

ABROAD_PACKAGES = tuple(
    {
        "effective_from": 1404,
        "code": code,
        "label": label,
        "wage_base": wage_base,
        "rate_permille": 180,
        "min_age": 18,
        "max_age": 50,
        "note": _ABROAD_NOTE,
    }
    for code, label, wage_base in (
        ("basic", "پایه — حداقل دستمزد", 103_909_680),
        ("double", "دو برابر حداقل دستمزد", 207_819_360),
        ("triple", "سه برابر حداقل دستمزد", 311_729_040),
    )
)


def seed(apps, schema_editor):
    BenefitParameters = apps.get_model("rules", "BenefitParameters")
    AbroadPackage = apps.get_model("rules", "AbroadPackage")
    defaults = {key: value for key, value in BENEFIT_TERMS.items() if key != "effective_from"}
    BenefitParameters.objects.get_or_create(
        effective_from=BENEFIT_TERMS["effective_from"], defaults=defaults
    )
    for values in ABROAD_PACKAGES:
        AbroadPackage.objects.get_or_create(
            effective_from=values["effective_from"],
            code=values["code"],
            defaults={
                key: value for key, value in values.items() if key not in ("effective_from", "code")
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("rules", "0010_dependent_obligation_terms"),
    ]

    operations = [
        migrations.CreateModel(
            name="AbroadPackage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "effective_from",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1300),
                            django.core.validators.MaxValueValidator(1500),
                        ],
                        verbose_name="از سال شمسی",
                    ),
                ),
                (
                    "code",
                    models.SlugField(
                        help_text="کد لاتین کوتاه و ثابت، مانند basic.",
                        max_length=20,
                        verbose_name="کد بسته",
                    ),
                ),
                ("label", models.CharField(max_length=120, verbose_name="عنوان بسته")),
                (
                    "wage_base",
                    models.BigIntegerField(
                        help_text="حق بیمه ماهانه درصدی از این مبلغ است.",
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="دستمزد مبنای ماهانه (ریال)",
                    ),
                ),
                (
                    "rate_permille",
                    models.PositiveSmallIntegerField(
                        help_text="۳۰۰: ۳۰٪ دستمزد مبنا در ماه.",
                        validators=[django.core.validators.MaxValueValidator(1000)],
                        verbose_name="نرخ حق بیمه (در هزار)",
                    ),
                ),
                (
                    "min_age",
                    models.PositiveSmallIntegerField(
                        default=18,
                        validators=[django.core.validators.MaxValueValidator(120)],
                        verbose_name="کمترین سن",
                    ),
                ),
                (
                    "max_age",
                    models.PositiveSmallIntegerField(
                        default=50,
                        help_text="سن درخواست\u200cکننده (سال تمام) باید بین کمترین و بیشترین سن، با خود آن\u200cها، باشد.",
                        validators=[django.core.validators.MaxValueValidator(120)],
                        verbose_name="بیشترین سن",
                    ),
                ),
                ("note", models.TextField(blank=True, verbose_name="منبع و وضعیت تأیید")),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "verbose_name": "بسته بیمه ایرانیان خارج از کشور",
                "verbose_name_plural": "بسته\u200cهای بیمه ایرانیان خارج از کشور",
                "ordering": ["-effective_from", "wage_base", "code"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("effective_from", "code"), name="abroad_package_unique_code"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("wage_base__gte", 0), ("rate_permille__lte", 1000)),
                        name="abroad_package_amounts_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("min_age__lte", models.F("max_age"))),
                        name="abroad_package_ages_ordered",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="BenefitParameters",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "effective_from",
                    models.PositiveSmallIntegerField(
                        help_text="این ردیف از این سال تا سال ردیف بعدی اجرا می\u200cشود.",
                        unique=True,
                        validators=[
                            django.core.validators.MinValueValidator(1300),
                            django.core.validators.MaxValueValidator(1500),
                        ],
                        verbose_name="از سال شمسی",
                    ),
                ),
                (
                    "sickness_with_dependents_numerator",
                    models.PositiveSmallIntegerField(
                        default=3,
                        help_text="۳ از ۴: سه\u200cچهارم دستمزد روزانه.",
                        verbose_name="غرامت دستمزد با افراد تحت تکفل — صورت کسر",
                    ),
                ),
                (
                    "sickness_with_dependents_denominator",
                    models.PositiveSmallIntegerField(
                        default=4,
                        help_text="مخرج کسرِ بند بالا؛ بزرگ\u200cتر از صفر و نه کمتر از صورت کسر.",
                        validators=[django.core.validators.MinValueValidator(1)],
                        verbose_name="غرامت دستمزد با افراد تحت تکفل — مخرج کسر",
                    ),
                ),
                (
                    "sickness_without_dependents_numerator",
                    models.PositiveSmallIntegerField(
                        default=2,
                        help_text="۲ از ۳: دوسوم دستمزد روزانه.",
                        verbose_name="غرامت دستمزد بدون افراد تحت تکفل — صورت کسر",
                    ),
                ),
                (
                    "sickness_without_dependents_denominator",
                    models.PositiveSmallIntegerField(
                        default=3,
                        help_text="مخرج کسرِ بند بالا؛ بزرگ\u200cتر از صفر و نه کمتر از صورت کسر.",
                        validators=[django.core.validators.MinValueValidator(1)],
                        verbose_name="غرامت دستمزد بدون افراد تحت تکفل — مخرج کسر",
                    ),
                ),
                (
                    "sickness_hospitalized_without_dependents_numerator",
                    models.PositiveSmallIntegerField(
                        default=1,
                        help_text="۱ از ۲: نصف دستمزد روزانه، برای بیمه\u200cشده بستری که فرد تحت تکفل ندارد.",
                        verbose_name="غرامت دستمزد بستری بدون افراد تحت تکفل — صورت کسر",
                    ),
                ),
                (
                    "sickness_hospitalized_without_dependents_denominator",
                    models.PositiveSmallIntegerField(
                        default=2,
                        help_text="مخرج کسرِ بند بالا؛ بزرگ\u200cتر از صفر و نه کمتر از صورت کسر.",
                        validators=[django.core.validators.MinValueValidator(1)],
                        verbose_name="غرامت دستمزد بستری بدون افراد تحت تکفل — مخرج کسر",
                    ),
                ),
                (
                    "sickness_waiting_days",
                    models.PositiveSmallIntegerField(
                        default=3,
                        help_text="روزهای نخست استراحت که پرداخت نمی\u200cشود (۳: از روز چهارم)؛ بستری و حادثه ناشی از کار از روز نخست پرداخت می\u200cشوند.",
                        verbose_name="روزهای انتظار غرامت دستمزد",
                    ),
                ),
                (
                    "daily_wage_days",
                    models.PositiveSmallIntegerField(
                        default=90,
                        help_text="دستمزد روزانه غرامت، کمک\u200cهزینه بارداری و بیمه بیکاری: جمع دستمزد این تعداد روز آخر پیش از ماه رویداد، تقسیم بر روزها.",
                        validators=[django.core.validators.MinValueValidator(1)],
                        verbose_name="روزهای مبنای دستمزد روزانه",
                    ),
                ),
                (
                    "maternity_rate_numerator",
                    models.PositiveSmallIntegerField(
                        default=2,
                        help_text="۲ از ۳: دوسوم دستمزد روزانه.",
                        verbose_name="کمک\u200cهزینه بارداری — صورت کسر",
                    ),
                ),
                (
                    "maternity_rate_denominator",
                    models.PositiveSmallIntegerField(
                        default=3,
                        help_text="مخرج کسرِ بند بالا؛ بزرگ\u200cتر از صفر و نه کمتر از صورت کسر.",
                        validators=[django.core.validators.MinValueValidator(1)],
                        verbose_name="کمک\u200cهزینه بارداری — مخرج کسر",
                    ),
                ),
                (
                    "maternity_min_days_prior_year",
                    models.PositiveSmallIntegerField(
                        default=60,
                        help_text="روزهای پرداخت در ۱۲ ماه پیش از ماه آغاز مرخصی.",
                        verbose_name="کمترین سابقه برای کمک\u200cهزینه بارداری (روز)",
                    ),
                ),
                (
                    "maternity_leave_days",
                    models.PositiveSmallIntegerField(
                        default=270,
                        help_text="۹ ماه.",
                        validators=[django.core.validators.MinValueValidator(1)],
                        verbose_name="مرخصی زایمان (روز)",
                    ),
                ),
                (
                    "marriage_min_days",
                    models.PositiveSmallIntegerField(
                        default=720,
                        help_text="روزهای پرداخت در سال\u200cهای پیش از ماه ازدواج (بند بعد).",
                        verbose_name="کمترین سابقه برای کمک\u200cهزینه ازدواج (روز)",
                    ),
                ),
                (
                    "marriage_window_years",
                    models.PositiveSmallIntegerField(
                        default=5,
                        help_text="سال\u200cهایی (هر سال ۱۲ ماه) پیش از ماه ازدواج که روزهای سابقه در آن شمرده می\u200cشود.",
                        validators=[django.core.validators.MinValueValidator(1)],
                        verbose_name="بازه سابقه کمک\u200cهزینه ازدواج (سال)",
                    ),
                ),
                (
                    "military_min_days",
                    models.PositiveSmallIntegerField(
                        default=730,
                        help_text="دو سال.",
                        verbose_name="کمترین سابقه برای خرید سربازی (روز)",
                    ),
                ),
                (
                    "military_insured_share_numerator",
                    models.PositiveSmallIntegerField(
                        default=7,
                        help_text="۷ از ۳۰ هزینه را بیمه\u200cشده می\u200cپردازد.",
                        verbose_name="سهم بیمه\u200cشده از هزینه خرید سربازی — صورت کسر",
                    ),
                ),
                (
                    "military_insured_share_denominator",
                    models.PositiveSmallIntegerField(
                        default=30,
                        help_text="مخرج کسرِ بند بالا؛ بزرگ\u200cتر از صفر و نه کمتر از صورت کسر.",
                        validators=[django.core.validators.MinValueValidator(1)],
                        verbose_name="سهم بیمه\u200cشده از هزینه خرید سربازی — مخرج کسر",
                    ),
                ),
                (
                    "military_government_share_numerator",
                    models.PositiveSmallIntegerField(
                        default=23,
                        help_text="۲۳ از ۳۰ را دولت می\u200cپردازد؛ دو سهم روی هم باید یک شود.",
                        verbose_name="سهم دولت از هزینه خرید سربازی — صورت کسر",
                    ),
                ),
                (
                    "military_government_share_denominator",
                    models.PositiveSmallIntegerField(
                        default=30,
                        help_text="مخرج کسرِ بند بالا؛ بزرگ\u200cتر از صفر و نه کمتر از صورت کسر.",
                        validators=[django.core.validators.MinValueValidator(1)],
                        verbose_name="سهم دولت از هزینه خرید سربازی — مخرج کسر",
                    ),
                ),
                (
                    "unemployment_min_months",
                    models.PositiveSmallIntegerField(
                        default=6,
                        help_text="ماه\u200cهای دارای روز پرداخت پیش از ماه بیکاری.",
                        validators=[django.core.validators.MinValueValidator(1)],
                        verbose_name="کمترین سابقه برای بیمه بیکاری (ماه)",
                    ),
                ),
                (
                    "unemployment_base_permille",
                    models.PositiveSmallIntegerField(
                        default=550,
                        help_text="۵۵۰: ۵۵٪ متوسط دستمزد ماهانه.",
                        validators=[django.core.validators.MaxValueValidator(1000)],
                        verbose_name="مقرری بیکاری پایه (در هزار)",
                    ),
                ),
                (
                    "unemployment_per_dependent_permille",
                    models.PositiveSmallIntegerField(
                        default=100,
                        help_text="۱۰۰: ۱۰٪ برای هر نفر.",
                        validators=[django.core.validators.MaxValueValidator(1000)],
                        verbose_name="افزایش مقرری برای هر نفر تحت تکفل (در هزار)",
                    ),
                ),
                (
                    "unemployment_max_permille",
                    models.PositiveSmallIntegerField(
                        default=800,
                        help_text="۸۰۰: حداکثر ۸۰٪ متوسط دستمزد ماهانه.",
                        validators=[django.core.validators.MaxValueValidator(1000)],
                        verbose_name="سقف مقرری بیکاری (در هزار)",
                    ),
                ),
                (
                    "funeral_fixed_amount",
                    models.BigIntegerField(
                        blank=True,
                        help_text="خالی: حداقل دستمزد ماهانه سال فوت (از پارامترهای سالانه).",
                        null=True,
                        verbose_name="کمک\u200cهزینه کفن و دفن (ریال)",
                    ),
                ),
                (
                    "orthotics_ceiling",
                    models.BigIntegerField(
                        default=200000000,
                        help_text="بیشترین مبلغی که برای هر درخواست پروتز و اروتز پرداخت می\u200cشود.",
                        verbose_name="سقف پرداخت وسایل کمک\u200cتوانبخشی (ریال)",
                    ),
                ),
                (
                    "treatment_window_months",
                    models.PositiveSmallIntegerField(
                        default=3,
                        help_text="ماه\u200cهای کامل پیش از ماه استعلام که روزهای سابقه در آن شمرده می\u200cشود.",
                        validators=[django.core.validators.MinValueValidator(1)],
                        verbose_name="بازه سابقه استحقاق درمان (ماه)",
                    ),
                ),
                (
                    "treatment_min_days",
                    models.PositiveSmallIntegerField(
                        default=30,
                        help_text="روزهای پرداخت در بازه بالا.",
                        verbose_name="کمترین سابقه برای استحقاق درمان (روز)",
                    ),
                ),
                (
                    "note",
                    models.TextField(
                        blank=True,
                        help_text="منبع هر مقدار و مقادیری که هنوز باید تأیید شوند.",
                        verbose_name="منبع و وضعیت تأیید",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "verbose_name": "پارامترهای مزایای کوتاه\u200cمدت",
                "verbose_name_plural": "پارامترهای مزایای کوتاه\u200cمدت",
                "ordering": ["-effective_from"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("sickness_with_dependents_denominator__gt", 0),
                            ("sickness_without_dependents_denominator__gt", 0),
                            ("sickness_hospitalized_without_dependents_denominator__gt", 0),
                            ("maternity_rate_denominator__gt", 0),
                            ("military_insured_share_denominator__gt", 0),
                            ("military_government_share_denominator__gt", 0),
                        ),
                        name="benefit_parameters_denominators_positive",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "sickness_with_dependents_numerator__lte",
                                models.F("sickness_with_dependents_denominator"),
                            ),
                            (
                                "sickness_without_dependents_numerator__lte",
                                models.F("sickness_without_dependents_denominator"),
                            ),
                            (
                                "sickness_hospitalized_without_dependents_numerator__lte",
                                models.F("sickness_hospitalized_without_dependents_denominator"),
                            ),
                            (
                                "maternity_rate_numerator__lte",
                                models.F("maternity_rate_denominator"),
                            ),
                            (
                                "military_insured_share_numerator__lte",
                                models.F("military_insured_share_denominator"),
                            ),
                            (
                                "military_government_share_numerator__lte",
                                models.F("military_government_share_denominator"),
                            ),
                        ),
                        name="benefit_parameters_rates_at_most_one",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "unemployment_base_permille__lte",
                                models.F("unemployment_max_permille"),
                            ),
                            ("unemployment_max_permille__lte", 1000),
                        ),
                        name="benefit_parameters_unemployment_within_cap",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("orthotics_ceiling__gte", 0),
                            models.Q(
                                ("funeral_fixed_amount__isnull", True),
                                ("funeral_fixed_amount__gte", 0),
                                _connector="OR",
                            ),
                        ),
                        name="benefit_parameters_amounts_not_negative",
                    ),
                ],
            },
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
