"""`payslips issue --year Y --month M`: every active pension's payslip of a Jalali month.

Idempotent: a pension whose payslip of that month exists is skipped, so a run that
stopped half way is simply run again. Each pension is composed and issued in its own
transaction (`pensioners.services.payslips.payslips_issue_for_month`); one that cannot
be (no ruling for the month, a net below zero) is listed with its Persian reason and
the command exits 1 after the others are issued.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pensioners.services.payslips import payslips_issue_for_month
from tamin.core.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Issue the payslips of a Jalali month for every active pension (skips those issued)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        issue = sub.add_parser("issue", help="issue the month's payslips")
        issue.add_argument("--year", type=int, required=True, help="Jalali year, e.g. 1405")
        issue.add_argument("--month", type=int, required=True, help="Jalali month, 1-12")

    def handle(self, *args, **options) -> None:
        try:
            run = payslips_issue_for_month(year=options["year"], month=options["month"])
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            f"issued: {run.issued} skipped (already issued): {run.skipped} "
            f"failed: {len(run.failed)}"
        )
        for number, message in run.failed:
            self.stderr.write(f"{number}: {message}")
        if run.failed:
            raise CommandError(f"{len(run.failed)} pensions were not issued")
