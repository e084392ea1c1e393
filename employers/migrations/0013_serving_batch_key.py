"""ServingBatch.key: what makes a batch once-only (the monthly debt batch of a branch,
"debt:<branch id>:<year>-<month>"; a staff form's token, "staff:<token>"); unique, NULL for none."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0012_payment_ruling"),
    ]

    operations = [
        migrations.AddField(
            model_name="servingbatch",
            name="key",
            field=models.CharField(blank=True, max_length=64, null=True, unique=True),
        ),
    ]
