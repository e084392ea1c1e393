"""The dependents' obligation terms (DOMAIN.md §4), and one seeded row from 1390.

Seeded values are [to confirm]: a daughter from 18 declares each year by 31 Khordad; a son
from 20 to 25 brings a student certificate each term — term 1 opens 1 Mehr, due by the end of
Aban; term 2 opens 1 Bahman, due by the end of Esfand; disabled children owe neither.
`seed` is idempotent and never overwrites a row corrected in the admin.
"""

import django.core.validators
from django.db import migrations, models

EFFECTIVE_FROM = 1390
NOTE = (
    "مهلت‌ها و سن‌ها [تأیید شود]: دختر از ۱۸ سالگی هر سال تا ۳۱ خرداد وضعیت تأهل و اشتغال را "
    "اعلام می‌کند؛ پسر ۲۰ تا ۲۵ ساله هر نیم‌سال گواهی اشتغال به تحصیل می‌آورد (نیم‌سال اول از "
    "۱ مهر تا پایان آبان، نیم‌سال دوم از ۱ بهمن تا پایان اسفند). ماده ۵۸ قانون تأمین اجتماعی."
)


def seed(apps, schema_editor):
    DependentObligationTerms = apps.get_model("rules", "DependentObligationTerms")
    DependentObligationTerms.objects.get_or_create(
        effective_from=EFFECTIVE_FROM, defaults={"note": NOTE}
    )


class Migration(migrations.Migration):

    dependencies = [
        ('rules', '0009_seed_pension_parameters'),
    ]

    operations = [
        migrations.CreateModel(
            name='DependentObligationTerms',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('effective_from', models.PositiveSmallIntegerField(unique=True, validators=[django.core.validators.MinValueValidator(1300), django.core.validators.MaxValueValidator(1500)], verbose_name='از سال شمسی')),
                ('daughter_from_age', models.PositiveSmallIntegerField(default=18, validators=[django.core.validators.MaxValueValidator(120)], verbose_name='اعلام وضعیت دختر از سن')),
                ('daughter_opens_month', models.PositiveSmallIntegerField(default=1, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(12)], verbose_name='آغاز اعلام سالانه دختر (ماه)')),
                ('daughter_opens_day', models.PositiveSmallIntegerField(default=1, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(31)], verbose_name='آغاز اعلام سالانه دختر (روز)')),
                ('daughter_due_month', models.PositiveSmallIntegerField(default=3, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(12)], verbose_name='مهلت اعلام سالانه دختر (ماه)')),
                ('daughter_due_day', models.PositiveSmallIntegerField(default=31, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(31)], verbose_name='مهلت اعلام سالانه دختر (روز)')),
                ('student_from_age', models.PositiveSmallIntegerField(default=20, validators=[django.core.validators.MaxValueValidator(120)], verbose_name='گواهی تحصیل پسر از سن')),
                ('student_to_age', models.PositiveSmallIntegerField(default=25, validators=[django.core.validators.MaxValueValidator(120)], verbose_name='گواهی تحصیل پسر تا سن (با خود آن)')),
                ('term1_opens_month', models.PositiveSmallIntegerField(default=7, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(12)], verbose_name='آغاز نیم\u200cسال اول (ماه)')),
                ('term1_opens_day', models.PositiveSmallIntegerField(default=1, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(31)], verbose_name='آغاز نیم\u200cسال اول (روز)')),
                ('term1_due_month', models.PositiveSmallIntegerField(default=8, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(12)], verbose_name='مهلت گواهی نیم\u200cسال اول (ماه)')),
                ('term1_due_day', models.PositiveSmallIntegerField(default=30, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(31)], verbose_name='مهلت گواهی نیم\u200cسال اول (روز)')),
                ('term2_opens_month', models.PositiveSmallIntegerField(default=11, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(12)], verbose_name='آغاز نیم\u200cسال دوم (ماه)')),
                ('term2_opens_day', models.PositiveSmallIntegerField(default=1, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(31)], verbose_name='آغاز نیم\u200cسال دوم (روز)')),
                ('term2_due_month', models.PositiveSmallIntegerField(default=12, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(12)], verbose_name='مهلت گواهی نیم\u200cسال دوم (ماه)')),
                ('term2_due_day', models.PositiveSmallIntegerField(default=30, help_text='روزی پس از پایان ماه، آخرین روز آن ماه است (۳۰ اسفند در سال عادی ۲۹ اسفند).', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(31)], verbose_name='مهلت گواهی نیم\u200cسال دوم (روز)')),
                ('disabled_exempt', models.BooleanField(default=True, verbose_name='فرزند ازکارافتاده از این تکالیف معاف است')),
                ('note', models.TextField(blank=True, verbose_name='منبع و وضعیت تأیید')),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'verbose_name': 'مهلت تکالیف افراد تبعی',
                'verbose_name_plural': 'مهلت تکالیف افراد تبعی',
                'ordering': ['-effective_from'],
                'constraints': [models.CheckConstraint(condition=models.Q(('student_from_age__lte', models.F('student_to_age'))), name='dependent_terms_student_ages_ordered'), models.CheckConstraint(condition=models.Q(('term1_opens_month__lt', models.F('term2_opens_month')), models.Q(('term1_opens_day__lt', models.F('term2_opens_day')), ('term1_opens_month', models.F('term2_opens_month'))), _connector='OR'), name='dependent_terms_term1_opens_first')],
            },
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
