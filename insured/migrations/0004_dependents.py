"""The insured person's dependents (Art. 58): InsuredDependent."""

import django.db.models.deletion
import tamin.core.identifiers
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('insured', '0003_benefits_requests'),
    ]

    operations = [
        migrations.CreateModel(
            name='InsuredDependent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('relation', models.CharField(choices=[('spouse', 'همسر'), ('son', 'پسر'), ('daughter', 'دختر'), ('father', 'پدر'), ('mother', 'مادر')], max_length=10, verbose_name='نسبت')),
                ('national_code', models.CharField(max_length=10, validators=[tamin.core.identifiers.validate_national_code], verbose_name='کد ملی')),
                ('first_name', models.CharField(max_length=60, verbose_name='نام')),
                ('last_name', models.CharField(max_length=80, verbose_name='نام خانوادگی')),
                ('birth_date', models.DateField(verbose_name='تاریخ تولد')),
                ('sex', models.CharField(choices=[('male', 'مرد'), ('female', 'زن')], max_length=8, verbose_name='جنسیت')),
                ('married', models.BooleanField(default=False, verbose_name='متأهل')),
                ('disabled', models.BooleanField(default=False, verbose_name='ازکارافتاده')),
                ('student_certificate_until', models.DateField(blank=True, null=True, verbose_name='اعتبار گواهی اشتغال به تحصیل تا')),
                ('supported_by_insured', models.BooleanField(default=True, verbose_name='در تکفل بیمه\u200cشده')),
                ('has_own_pension', models.BooleanField(default=False, verbose_name='مستمری\u200cبگیر تأمین اجتماعی')),
                ('status', models.CharField(choices=[('pending', 'در انتظار تأیید شعبه'), ('active', 'ثبت\u200cشده'), ('removed', 'حذف\u200cشده'), ('rejected', 'رد شده در شعبه')], default='pending', max_length=10, verbose_name='وضعیت')),
                ('added_case_id', models.PositiveBigIntegerField(blank=True, null=True, unique=True, verbose_name='شناسه درخواست افزودن')),
                ('activated_at', models.DateTimeField(blank=True, null=True, verbose_name='تاریخ تأیید')),
                ('removed_at', models.DateTimeField(blank=True, null=True, verbose_name='تاریخ حذف')),
                ('removal_reason', models.CharField(blank=True, choices=[('death', 'فوت'), ('divorce', 'طلاق'), ('marriage', 'ازدواج فرزند'), ('own_coverage', 'پوشش بیمه\u200cای مستقل'), ('not_dependent', 'دیگر در تکفل من نیست'), ('other', 'سایر')], max_length=16, verbose_name='علت حذف')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='dependents', to='insured.insuredperson')),
            ],
            options={
                'verbose_name': 'فرد تبعی بیمه\u200cشده',
                'verbose_name_plural': 'افراد تبعی بیمه\u200cشدگان',
                'ordering': ['person', 'created_at', 'id'],
                'indexes': [models.Index(fields=['person', 'status'], name='insured_dependent_by_status'), models.Index(fields=['national_code'], name='insured_dependent_by_code')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('status__in', ['pending', 'active'])), fields=('person', 'national_code'), name='insured_dependent_live_once'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'removed'), _negated=True), ('removed_at__isnull', False), _connector='OR'), name='insured_dependent_removed_has_date')],
            },
        ),
    ]
