"""Give every existing outbox row its own client message id, in batches."""

import uuid

from django.db import migrations

BATCH = 2000


def fill(apps, schema_editor):
    notification = apps.get_model("notifications", "Notification")
    while True:
        rows = list(notification.objects.filter(client_message_id__isnull=True).only("pk")[:BATCH])
        if not rows:
            return
        for row in rows:
            row.client_message_id = uuid.uuid4()
        notification.objects.bulk_update(rows, ["client_message_id"])


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0004_send_lease_and_expiry"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
