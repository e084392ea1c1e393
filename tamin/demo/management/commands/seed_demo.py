"""`manage.py seed_demo`: idempotent demo data for every role.

Each app keeps its demo data in a `demo/` package, one module per area, each with
`seed(stdout)`; they run in dependency order (kernel first, audience apps last).
"""

from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

DEMO_MODULES = (
    "tamin.accounts.demo.accounts",
    "tamin.content.demo",
    "branches.demo.directory",
    "branches.demo.appointments",
    "branches.demo.desk",
    "insured.demo.records",
    "insured.demo.inquiries",
    "insured.demo.benefits",
    "insured.demo.commissions",
    "insured.demo.medical_claims",
    "employers.demo.workshops",
    "employers.demo.lists",
    "employers.demo.money",
    "employers.demo.claims",
    "pensioners.demo.pensions",
)


class Command(BaseCommand):
    help = "Create (or top up) the demo accounts and data; safe to run again."

    def handle(self, *args, **options):
        # The demo accounts' password is published in the README: on a production database
        # they would be open doors.
        if getattr(settings, "TAMIN_PRODUCTION", False):
            raise CommandError(
                "seed_demo refuses production settings: the demo accounts' password is public."
            )
        for module_name in DEMO_MODULES:
            import_module(module_name).seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
