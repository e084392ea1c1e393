"""`pension compute FILE [--json]`: the pension rule (Art. 76–77) on a file of service months.

The file's shape and every refusal are in `tamin.rules.pension_file`. The figures are the
portal's own, read from the database for the year of `on`: the retirement conditions in
force and that year's minimum pension. When the year's minimum pension is not published
the pension is computed without a floor, and the steps, the report and the JSON
(`"minimum_pension": null`) say so.

Exit 0 when the rule ran (eligible or not); exit 1 with a Persian reason on standard error
(and, with --json, `{"error": …, "record": …}` on standard output) when the file is
refused or the figures cannot be read. Never a traceback.
"""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tamin.core.jalali import format_number, format_rial, persian_digits
from tamin.rules.pension_figures import minimum_pension, retirement_conditions
from tamin.rules.pension_file import MAX_BYTES, PensionFile, pension_file_load
from tamin.rules.pensions import PensionComputation, PensionInputError, pension_compute


class PensionCommandError(Exception):
    """Why the command could not run, in Persian; `record` is 1-based when one is at fault."""

    def __init__(self, message: str, *, record: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.record = record


def _years_text(hundredths: int) -> str:
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def _date_text(value: Any) -> str:
    return f"{value.year:04d}/{value.month:02d}/{value.day:02d}"


def pension_file_read(path: str) -> PensionFile:
    """The checked file at `path`: a regular file of at most MAX_BYTES, read no further."""
    file_path = Path(path)
    try:
        info = file_path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise PensionCommandError(f"«{path}» یک پرونده نیست.")
        if info.st_size > MAX_BYTES:
            raise PensionCommandError(
                f"پرونده بزرگ‌تر از {format_number(MAX_BYTES // (1024 * 1024))} مگابایت است."
            )
        with file_path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)  # a file that grew since stat() is still bounded
    except FileNotFoundError as exc:
        raise PensionCommandError(f"پرونده «{path}» پیدا نشد.") from exc
    except ValueError as exc:  # a NUL in the name
        raise PensionCommandError("نام پرونده درست نیست.") from exc
    except OSError as exc:
        raise PensionCommandError(
            f"پرونده «{path}» خوانده نشد: {exc.strerror or type(exc).__name__}."
        ) from exc
    return pension_file_load(data)


def pension_file_compute(parsed: PensionFile) -> PensionComputation:
    """The rule on a checked file, with the portal's figures for the year of `on`."""
    try:
        conditions = retirement_conditions(year=parsed.on.year)
        minimum = minimum_pension(year=parsed.on.year)
    except Exception as exc:  # no database, no table: the figures are the portal's own
        raise PensionCommandError(
            "ارقام مستمری (شرایط بازنشستگی و حداقل مستمری) از پایگاه داده پرتال خوانده نشد: "
            f"{type(exc).__name__}."
        ) from exc
    return pension_compute(
        sex=parsed.sex,
        birth_date=parsed.birth_date,
        on=parsed.on,
        records=parsed.records,
        conditions=conditions,
        minimum_pension=minimum,
        added_days=parsed.added_days,
    )


def computation_as_json(result: PensionComputation) -> dict[str, Any]:
    """The object `pension compute --json` prints (docs/pensions.md, "The pension rule")."""
    average = result.average
    warnings = []
    if result.minimum_pension is None:
        warnings.append(
            f"حداقل مستمری سال {persian_digits(result.on.year)} ثبت نشده است؛ "
            "مستمری بدون کف محاسبه شد."
        )
    if not result.outcomes:
        warnings.append("هیچ شرط بازنشستگی برای این جنسیت در این سال ثبت نشده است.")
    return {
        "eligible": result.eligible,
        "on": _date_text(result.on),
        "age": result.age,
        "days": result.days,
        "added_days": result.added_days,
        "total_days": result.total_days,
        "years": result.years_text,
        "average_wage": result.average_wage,
        "average": {
            "days_covered": average.days_covered,
            "complete": average.complete,
            "wage_sum": average.wage_sum,
            "divisor": average.divisor,
            "months": [
                {
                    "year": month.year,
                    "month": month.month,
                    "days": month.days,
                    "wage": month.wage,
                    "days_used": month.days_used,
                    "wage_used": month.wage_used,
                }
                for month in average.months
            ],
        },
        "computed_pension": result.computed_pension,
        "minimum_pension": result.minimum_pension,
        "floor": result.floor,
        "pension": result.pension,
        "minimum_applied": result.minimum_applied,
        "conditions": [
            {
                "label": outcome.condition.label,
                "path": outcome.condition.path,
                "min_years": outcome.condition.min_years,
                "min_age": outcome.condition.min_age,
                "years": _years_text(outcome.years_hundredths),
                "met": outcome.met,
            }
            for outcome in result.outcomes
        ],
        "warnings": warnings,
        "steps": list(result.steps),
    }


def run_compute(path: str) -> dict[str, Any]:
    """The `--json` object; raises PensionCommandError (file refused, figures unreadable)."""
    try:
        return computation_as_json(pension_file_compute(pension_file_read(path)))
    except PensionInputError as exc:
        raise PensionCommandError(exc.message, record=exc.record) from exc


def _report(result: dict[str, Any]) -> str:
    lines = [
        f"محاسبه مستمری در تاریخ {persian_digits(result['on'])} (سن {format_number(result['age'])} سال)",
        "واجد شرایط بازنشستگی: " + ("بله" if result["eligible"] else "خیر"),
        f"سابقه: {format_number(result['total_days'])} روز، "
        f"{persian_digits(result['years']).replace('.', '٫')} سال",
        f"متوسط دستمزد: {format_rial(result['average_wage'])}",
        f"مستمری ماهانه: {format_rial(result['pension'])}"
        + (" (حداقل مستمری اعمال شد)" if result["minimum_applied"] else ""),
    ]
    lines.extend(f"هشدار: {warning}" for warning in result["warnings"])
    lines.append("گام‌های محاسبه:")
    lines.extend(
        f"  {format_number(number)}. {step}" for number, step in enumerate(result["steps"], 1)
    )
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Compute a pension (Art. 76-77) from a JSON file of service months."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        compute_parser = sub.add_parser("compute", help="compute a pension from a JSON file")
        compute_parser.add_argument("file")
        compute_parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, **options) -> None:
        as_json = options["as_json"]
        try:
            result = run_compute(options["file"])
        except PensionCommandError as exc:
            self._refuse(exc.message, record=exc.record, as_json=as_json)
            sys.exit(1)
        except Exception as exc:  # the promise is "never a traceback"
            self._refuse(f"خطای پیش‌بینی‌نشده: {type(exc).__name__}.", record=None, as_json=as_json)
            sys.exit(1)
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self.stdout.write(_report(result))
        sys.exit(0)

    def _refuse(self, message: str, *, record: int | None, as_json: bool) -> None:
        self.stderr.write(message, style_func=lambda text: text)
        if as_json:
            self.stdout.write(json.dumps({"error": message, "record": record}, ensure_ascii=False))
