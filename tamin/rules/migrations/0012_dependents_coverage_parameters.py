"""The Art. 58 dependents table (DOMAIN.md §4) and one seeded row from 1354.

Seeded values are [to confirm]: any child under 18; a son to 20, or with a student
certificate to 25; an unmarried daughter to 20; a father from 60, a mother from 55; the
husband of an insured woman from 60 (or disabled). `seed` is idempotent and never
overwrites a row corrected in the admin.
"""

import django.core.validators
from django.db import migrations, models

EFFECTIVE_FROM = 1354  # the Social Security Act
NOTE = (
    "ماده ۵۸ قانون تأمین اجتماعی، سن‌ها [تأیید شود]: هر فرزند تا ۱۸ سالگی؛ پسر تا ۲۰ سالگی و "
    "با گواهی اشتغال به تحصیل تا ۲۵ سالگی؛ دختر مجرد تا ۲۰ سالگی (در عمل سازمان ممکن است "
    "دختر مجرد و بیکار را بدون محدودیت سنی بپوشاند: خالی گذاشتن سن دختر)؛ پدر از ۶۰ و مادر "
    "از ۵۵ سالگی یا ازکارافتاده، در تکفل بیمه‌شده و بدون مستمری؛ شوهر بیمه‌شده زن از ۶۰ "
    "سالگی یا ازکارافتاده، در تکفل همسر."
)


def seed(apps, schema_editor):
    DependentParameters = apps.get_model("rules", "DependentParameters")
    DependentParameters.objects.get_or_create(
        effective_from=EFFECTIVE_FROM, defaults={"note": NOTE}
    )


class Migration(migrations.Migration):

    dependencies = [
        ('rules', '0011_benefits_parameters'),
    ]

    operations = [
        migrations.CreateModel(
            name='DependentParameters',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('effective_from', models.PositiveSmallIntegerField(unique=True, validators=[django.core.validators.MinValueValidator(1300), django.core.validators.MaxValueValidator(1500)], verbose_name='از سال شمسی')),
                ('child_age_limit', models.PositiveSmallIntegerField(default=18, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(120)], verbose_name='سن پوشش هر فرزند (تا پیش از این سن)')),
                ('son_age_limit', models.PositiveSmallIntegerField(default=20, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(120)], verbose_name='سن پوشش پسر بدون گواهی تحصیل (تا پیش از این سن)')),
                ('son_student_age_limit', models.PositiveSmallIntegerField(default=25, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(120)], verbose_name='سن پوشش پسر دانشجو با گواهی تحصیل (تا پیش از این سن)')),
                ('daughter_age_limit', models.PositiveSmallIntegerField(blank=True, default=20, help_text='خالی: دختر مجرد بدون محدودیت سنی تحت پوشش است.', null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(120)], verbose_name='سن پوشش دختر مجرد (تا پیش از این سن)')),
                ('father_min_age', models.PositiveSmallIntegerField(default=60, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(120)], verbose_name='کمترین سن پدر')),
                ('mother_min_age', models.PositiveSmallIntegerField(default=55, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(120)], verbose_name='کمترین سن مادر')),
                ('husband_min_age', models.PositiveSmallIntegerField(default=60, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(120)], verbose_name='کمترین سن شوهر بیمه\u200cشده زن')),
                ('note', models.TextField(blank=True, verbose_name='منبع و وضعیت تأیید')),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'verbose_name': 'سن\u200cهای پوشش افراد تبعی',
                'verbose_name_plural': 'سن\u200cهای پوشش افراد تبعی',
                'ordering': ['-effective_from'],
                'constraints': [models.CheckConstraint(condition=models.Q(('son_student_age_limit__gte', models.F('son_age_limit'))), name='dependent_parameters_student_limit_not_below_son_limit')],
            },
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
