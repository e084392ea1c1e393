"""A send lease, a code's expiry and our client message id (filled in 0005, unique in 0006).

Split in three so PostgreSQL never alters a table that has pending trigger events.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0003_template_contains_secret"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="client_message_id",
            field=models.UUIDField(editable=False, null=True, verbose_name="شناسه پیام نزد ما"),
        ),
        migrations.AddField(
            model_name="notification",
            name="expires_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="مهلت ارسال"),
        ),
        migrations.AddField(
            model_name="notification",
            name="lease_owner",
            field=models.UUIDField(blank=True, null=True, verbose_name="شناسه تلاش ارسال"),
        ),
        migrations.AddField(
            model_name="notification",
            name="lease_until",
            field=models.DateTimeField(blank=True, null=True, verbose_name="پایان مهلت تلاش"),
        ),
        migrations.AlterField(
            model_name="notification",
            name="status",
            field=models.CharField(
                choices=[
                    ("created", "ایجاد شده"),
                    ("sending", "در حال ارسال"),
                    ("delivered", "تحویل شده"),
                    ("temporary-failure", "خطای موقت"),
                    ("permanent-failure", "خطای دائمی"),
                    ("technical-failure", "خطای فنی"),
                    ("expired", "منقضی شده"),
                ],
                default="created",
                max_length=20,
                verbose_name="وضعیت",
            ),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(fields=["status", "lease_until"], name="notif_status_lease_idx"),
        ),
    ]
