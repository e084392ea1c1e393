"""`manage.py seed_demo`: idempotent demo data for every role.

Each app that has demo data exposes `<app>.demo.seed(stdout)`; they run in
dependency order (kernel first, audience apps last). Later issues append
their app to DEMO_MODULES.
"""

from importlib import import_module

from django.core.management.base import BaseCommand

DEMO_MODULES = (
    "tamin.accounts.demo",
    "branches.demo_directory",
    "branches.demo_appointments",
    "branches.demo_desk",
    "insured.demo",
    "insured.demo_inquiries",
    "employers.demo_workshops",
    "employers.demo_lists",
    "employers.demo_money",
)


class Command(BaseCommand):
    help = "Create (or top up) the demo accounts and data; safe to run again."

    def handle(self, *args, **options):
        for module_name in DEMO_MODULES:
            import_module(module_name).seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
