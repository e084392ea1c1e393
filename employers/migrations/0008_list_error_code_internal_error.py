"""One error-code vocabulary: errors stored as `internal` (the portal's old word for an
unexpected parse failure) become `internal_error`, the code `monthly_list check` documents."""

from django.db import migrations

OLD, NEW = "internal", "internal_error"


def _rename(apps, old: str, new: str) -> None:
    MonthlyList = apps.get_model("employers", "MonthlyList")
    MonthlyListError = apps.get_model("employers", "MonthlyListError")
    MonthlyListError.objects.filter(code=old).update(code=new)
    list_ids = MonthlyListError.objects.filter(code=new).values_list("monthly_list_id", flat=True)
    for monthly_list in MonthlyList.objects.filter(pk__in=set(list_ids)):
        summary = monthly_list.error_summary or []
        for entry in summary:
            if entry.get("code") == old:
                entry["code"] = new
                for error in entry.get("first", []):
                    error["code"] = new
        monthly_list.error_summary = summary
        monthly_list.save(update_fields=["error_summary"])


def forwards(apps, schema_editor):
    _rename(apps, OLD, NEW)


def backwards(apps, schema_editor):
    _rename(apps, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [("employers", "0007_ledger_penalty_key")]

    operations = [migrations.RunPython(forwards, backwards)]
