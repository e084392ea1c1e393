"""Dependents: a pending renewal beside the active row (one of each per person), the reason «renewed»."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('insured', '0006_abroad_commissions'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='insureddependent',
            name='insured_dependent_live_once',
        ),
        migrations.AlterField(
            model_name='insureddependent',
            name='removal_reason',
            field=models.CharField(blank=True, choices=[('death', 'فوت'), ('divorce', 'طلاق'), ('marriage', 'ازدواج فرزند'), ('own_coverage', 'پوشش بیمه\u200cای مستقل'), ('not_dependent', 'دیگر در تکفل من نیست'), ('other', 'سایر'), ('renewed', 'ثبت دوباره با مدارک تازه')], max_length=16, verbose_name='علت حذف'),
        ),
        migrations.AddConstraint(
            model_name='insureddependent',
            constraint=models.UniqueConstraint(condition=models.Q(('status__in', ['pending', 'active'])), fields=('person', 'national_code', 'status'), name='insured_dependent_live_once_per_status'),
        ),
    ]
