import uuid

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0005_fill_client_message_id"),
    ]

    operations = [
        migrations.AlterField(
            model_name="notification",
            name="client_message_id",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="شناسه پیام نزد ما"
            ),
        ),
    ]
