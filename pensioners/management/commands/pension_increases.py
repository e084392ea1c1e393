"""`pension_increases --year 1404`: issue the yearly increase of that year for every active
pension granted before it (pensioners.services.rulings.pension_yearly_increases_issue).

Run again safely: a pension that has the year's increase is skipped. When the year's
figures (PensionParameters) are not in the database the command refuses, naming the
year, and changes nothing. Staff may run the same through the Celery task
`pensioners.tasks.pension_yearly_increases_issue_task` (docs/pensions.md, «Rulings»).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pensioners.services.rulings import pension_yearly_increases_issue
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import format_number, persian_digits


class Command(BaseCommand):
    help = "Issue the yearly pension increase of a Jalali year (once per pension and year)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="Jalali year, e.g. 1404")

    def handle(self, *args, year: int, **options) -> None:
        if not 1300 <= year <= 1500:
            raise CommandError(f"سال {persian_digits(year)} پذیرفته نیست.")
        try:
            issued = pension_yearly_increases_issue(year=year)
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            f"افزایش سالانه {persian_digits(year)} برای {format_number(issued)} مستمری صادر شد."
        )
