from django.db import migrations, models


def number_posted_penalties(apps, schema_editor):
    """Rows posted before the key existed were one per list per month late, in order."""
    LedgerEntry = apps.get_model("employers", "LedgerEntry")
    counts: dict[tuple[int, int, int], int] = {}
    rows = LedgerEntry.objects.filter(
        kind="penalty", penalty_key="", year__isnull=False, month__isnull=False
    ).order_by("created_at", "id")
    for row in rows.iterator():
        period = (row.workshop_id, row.year, row.month)
        counts[period] = counts.get(period, 0) + 1
        row.penalty_key = f"late:{row.year:04d}-{row.month:02d}:{counts[period]}"
        row.save(update_fields=["penalty_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0006_monthlylist_remove_errors"),
    ]

    operations = [
        migrations.AddField(
            model_name="ledgerentry",
            name="penalty_key",
            field=models.CharField(blank=True, default="", max_length=32),
        ),
        migrations.RunPython(number_posted_penalties, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="ledgerentry",
            constraint=models.UniqueConstraint(
                condition=models.Q(("penalty_key", ""), _negated=True),
                fields=("workshop", "penalty_key"),
                name="uniq_penalty_accrual_per_workshop",
            ),
        ),
    ]
