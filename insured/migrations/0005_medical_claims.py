"""Medical-expense claims filed at an agency accepting medical documents: MedicalClaim."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('branches', '0011_medical_claims_agency_staff'),
        ('insured', '0004_dependents'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='MedicalClaim',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('service_kind', models.CharField(choices=[('visit', 'ویزیت پزشک'), ('paraclinic', 'خدمات پاراکلینیکی (آزمایش، تصویربرداری)'), ('medicine', 'دارو'), ('physiotherapy', 'فیزیوتراپی و توان\u200cبخشی'), ('hospital', 'بستری و جراحی'), ('dental', 'دندان\u200cپزشکی'), ('other', 'سایر خدمات درمانی')], max_length=16, verbose_name='نوع خدمت')),
                ('expense_date', models.DateField(verbose_name='تاریخ هزینه')),
                ('amount_claimed', models.PositiveBigIntegerField(verbose_name='مبلغ درخواستی (ریال)')),
                ('amount_approved', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='مبلغ تأییدشده (ریال)')),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='branches.agency', verbose_name='کارگزاری')),
                ('case', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='branches.case')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='medical_claims', to='insured.insuredperson')),
            ],
            options={
                'verbose_name': 'سند پزشکی',
                'verbose_name_plural': 'اسناد پزشکی',
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(fields=['person', '-created_at'], name='insured_med_person__f8a7d2_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(('amount_claimed__gt', 0)), name='medical_claim_amount_positive'), models.CheckConstraint(condition=models.Q(('amount_approved__isnull', True), models.Q(('amount_approved__gt', 0), ('amount_approved__lte', models.F('amount_claimed'))), _connector='OR'), name='medical_claim_approved_within_claimed')],
            },
        ),
    ]
