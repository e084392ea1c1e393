"""Move each list's errors from the old JSON field to MonthlyListError rows plus the
bounded summary on the list (its count; per rule, the count and first errors).

Frozen copy of the storage rule of employers.services.list_errors (a migration must
not follow later changes of the code). Reversible: the rows are joined back.
"""

from django.conf import settings
from django.db import migrations

BATCH = 2000


def _clean(issue):
    def text(value):
        return str(value or "").replace("\x00", "")

    return {
        "file": text(issue.get("file"))[:16],
        "row": max(int(issue.get("row") or 0), 0),
        "field": text(issue.get("field"))[:64],
        "code": text(issue.get("code"))[:40],
        "message": text(issue.get("message")),
    }


def forwards(apps, schema_editor):
    MonthlyList = apps.get_model("employers", "MonthlyList")
    MonthlyListError = apps.get_model("employers", "MonthlyListError")
    per_rule = getattr(settings, "MONTHLY_LIST_ERRORS_SHOWN_PER_RULE", 20)
    for monthly_list in MonthlyList.objects.only("id", "errors").iterator(chunk_size=50):
        if not monthly_list.errors:
            continue
        summary = {}
        batch = []
        for position, issue in enumerate(monthly_list.errors or [], start=1):
            error = _clean(issue)
            entry = summary.setdefault(
                error["code"], {"code": error["code"], "count": 0, "first": []}
            )
            entry["count"] += 1
            if len(entry["first"]) < per_rule:
                entry["first"].append({"position": position, **error})
            batch.append(
                MonthlyListError(monthly_list_id=monthly_list.pk, position=position, **error)
            )
            if len(batch) >= BATCH:
                MonthlyListError.objects.bulk_create(batch)
                batch = []
        MonthlyListError.objects.bulk_create(batch)
        MonthlyList.objects.filter(pk=monthly_list.pk).update(
            error_count=len(monthly_list.errors or []), error_summary=list(summary.values())
        )


def backwards(apps, schema_editor):
    MonthlyList = apps.get_model("employers", "MonthlyList")
    MonthlyListError = apps.get_model("employers", "MonthlyListError")
    for monthly_list in MonthlyList.objects.filter(error_count__gt=0).only("id").iterator():
        errors = list(
            MonthlyListError.objects.filter(monthly_list_id=monthly_list.pk)
            .order_by("position")
            .values("file", "row", "field", "code", "message")
        )
        MonthlyList.objects.filter(pk=monthly_list.pk).update(errors=errors)
    MonthlyListError.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("employers", "0004_list_errors_table")]

    operations = [migrations.RunPython(forwards, backwards)]
