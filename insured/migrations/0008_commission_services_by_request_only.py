"""Commission services are booked only with a commission request: mark the appointment service
of every existing `CommissionService` as `by_request_only`, so the public appointment pages stop
offering its slots (branches 0012 added the flag)."""

from django.db import migrations


def mark_commission_services(apps, schema_editor):
    AppointmentService = apps.get_model("branches", "AppointmentService")
    CommissionService = apps.get_model("insured", "CommissionService")
    AppointmentService.objects.filter(pk__in=CommissionService.objects.values("service_id")).update(
        by_request_only=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("insured", "0007_dependents_renewal"),
        ("branches", "0012_appointment_service_by_request_only"),
    ]

    # Going back leaves the flag: the branches migration that added it removes it.
    operations = [migrations.RunPython(mark_commission_services, migrations.RunPython.noop)]
