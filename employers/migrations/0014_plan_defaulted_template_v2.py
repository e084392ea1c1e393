"""«employer_plan_defaulted» version 2 (inbox): the re-plan sentence only while a re-plan is
allowed (context `can_replan`, from the parameter and the plans already re-planned);
version 1 promised one more plan even when none was left."""

from django.db import migrations


def seed(apps, schema_editor):
    template = apps.get_model("notifications", "NotificationTemplate")
    template.objects.get_or_create(
        key="employer_plan_defaulted",
        channel="inbox",
        version=2,
        defaults={
            "is_legal": True,
            "subject": "نکول توافق تقسیط",
            "body": (
                "به علت پرداخت‌نشدن قسط در مهلت، توافق تقسیط کارگاه {{ workshop_code }} نکول شد. "
                "مانده بدهی {{ amount }} است."
                "{% if can_replan %} می‌توانید بدهی را دوباره تقسیط کنید."
                "{% else %} امکان تقسیط دوباره وجود ندارد.{% endif %}"
            ),
            "is_active": True,
            "contains_secret": False,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("employers", "0013_serving_batch_key")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
