"""Demo medical commission (used by `manage.py seed_demo` after `branches.demo.appointments`
and `insured.demo.records`).

The commission sits at the demo insured person's branch (RESIDENCE_BRANCH_CODE) as an
appointment service «کمیسیون پزشکی (تعیین ازکارافتادگی)»: Saturday to Thursday mornings,
one person per 30 minutes, 30 days of slots, marked as a commission (`CommissionService`)
so the commission pages offer it, and by-request only so the public appointment pages do
not. Idempotent: a service, schedule row or slot already present is left alone.
"""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from branches.demo.appointments import SLOT_DAYS, _service_with_schedule
from branches.selectors.directory import branch_get_public
from branches.services.appointments import appointment_service_mark_by_request, slots_generate
from insured.demo.records import RESIDENCE_BRANCH_CODE
from insured.models.commissions import CommissionService

SERVICE_NAME = "کمیسیون پزشکی (تعیین ازکارافتادگی)"
SLOT_MINUTES = 30
PEOPLE_PER_SLOT = 1


@transaction.atomic
def seed(stdout) -> None:
    try:
        branch = branch_get_public(code=RESIDENCE_BRANCH_CODE)
    except Http404:
        stdout.write("  commissions: demo branch missing (seed the directory first); skipped")
        return
    service = _service_with_schedule(
        place_field="branch",
        place=branch,
        name=SERVICE_NAME,
        minutes=SLOT_MINUTES,
        capacity=PEOPLE_PER_SLOT,
    )
    CommissionService.objects.get_or_create(service=service)
    appointment_service_mark_by_request(service_id=service.pk)
    created = slots_generate(service=service, from_date=timezone.localdate(), days=SLOT_DAYS)
    stdout.write(f"  commissions: at {branch.code}; {created} new slots for {SLOT_DAYS} days")
