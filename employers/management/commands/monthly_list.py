"""`monthly_list check FILES [--json] [--parameters FILE]`: the portal's file validation on the files alone.

Exit 0 when the list is valid, 1 when not (or unreadable); never a traceback.
The year's figures (minimum wage, cap, rates) come from, in order: the file given
with `--parameters` (published by the portal: `/api/v1/rules/years/` or
`manage.py year_parameters export`), the database when the command runs inside a
deployment (reachable, with rows), and only then the built-in table of the release,
which the report names with a warning (docs/operations.md, "Yearly figures").
`monthly_list write-sample --out DIR [--invalid]` writes a sample DBF pair.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext

from employers.listfile import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_ROWS,
    ListFileError,
    ListIssue,
    builtin_rates,
    check,
    load,
    write_dbf_pair,
)
from employers.listfile.codes import FILE_TOO_LARGE, FILE_UNREADABLE, INTERNAL_ERROR
from employers.listfile.samples import invalid_sample_list, sample_list
from tamin.core.jalali import format_number, persian_digits
from tamin.rules.premiums import PremiumRates, premium_rates
from tamin.rules.published import YearFiguresFileError, year_figures_read


def _builtin_warning() -> str:
    return gettext(
        "ارقام سالانه از جدول داخلی همین نسخه خوانده شد، نه از پرتال؛ ممکن است کهنه باشد. "
        "پرونده ارقام منتشرشده را با --parameters بدهید."
    )


@dataclass(frozen=True)
class FiguresSource:
    """Where the year's figures come from: "file", "database" or "builtin" (last resort)."""

    kind: str
    rates_of: Callable[[int], PremiumRates | None]
    file: str = ""
    warning: str = ""

    def as_dict(self) -> dict:
        return {"source": self.kind, "file": self.file, "warning": self.warning}


def _database_has_figures() -> bool:
    """True inside a deployment: the database answers and holds yearly rows."""
    from django.db import connection

    from tamin.rules.models import YearParameters

    try:
        name = str(connection.settings_dict.get("NAME") or "")
        if (
            connection.vendor == "sqlite"
            and not connection.is_in_memory_db()
            and not Path(name).exists()
        ):
            return False  # connecting would create an empty database file here
        return YearParameters.objects.exists()
    except Exception:  # offline: no server, no table, or database access not allowed
        return False


def figures_source(*, parameters: str | None) -> FiguresSource:
    """--parameters FILE, else the database, else the built-in table (with a warning)."""
    if parameters:
        table = {item.rates.year: item.rates for item in year_figures_read(parameters)}
        return FiguresSource("file", table.get, file=parameters)
    if _database_has_figures():
        return FiguresSource("database", lambda year: premium_rates(year=year))
    return FiguresSource("builtin", builtin_rates, warning=_builtin_warning())


class Command(BaseCommand):
    help = "Check a monthly worker list (DSKKAR00.DBF + DSKWOR00.DBF, or one CSV/XLSX)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check_parser = sub.add_parser("check", help="validate list files")
        check_parser.add_argument("files", nargs="+")
        check_parser.add_argument("--json", action="store_true", dest="as_json")
        check_parser.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES)
        check_parser.add_argument("--max-rows", type=int, default=DEFAULT_MAX_ROWS)
        check_parser.add_argument(
            "--parameters", help="the portal's published yearly figures (JSON file)"
        )
        sample_parser = sub.add_parser("write-sample", help="write a sample DBF pair")
        sample_parser.add_argument("--out", required=True)
        sample_parser.add_argument("--invalid", action="store_true")

    def handle(self, *args, **options) -> None:
        if options["action"] == "write-sample":
            self._write_sample(Path(options["out"]), invalid=options["invalid"])
            return
        result = run_check(
            options["files"],
            max_bytes=options["max_bytes"],
            max_rows=options["max_rows"],
            parameters=options["parameters"],
        )
        if options["as_json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self.stdout.write(_report(result))
        sys.exit(0 if result["ok"] else 1)

    def _write_sample(self, out: Path, *, invalid: bool) -> None:
        parsed = invalid_sample_list() if invalid else sample_list()
        kar, wor = write_dbf_pair(parsed)
        out.mkdir(parents=True, exist_ok=True)
        (out / "DSKKAR00.DBF").write_bytes(kar)
        (out / "DSKWOR00.DBF").write_bytes(wor)
        self.stdout.write(f"{out / 'DSKKAR00.DBF'}\n{out / 'DSKWOR00.DBF'}")


def run_check(
    paths: list[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_rows: int = DEFAULT_MAX_ROWS,
    parameters: str | None = None,
) -> dict:
    """The JSON object of `check --json`; catches everything so the caller never sees a traceback."""
    result: dict = {
        "ok": False,
        "workshop": "",
        "year": None,
        "month": None,
        "rows": 0,
        "totals": {},
        "errors": [],
        "parameters": {"source": "", "file": parameters or "", "warning": ""},
    }
    try:
        source = figures_source(parameters=parameters)
        result["parameters"] = source.as_dict()
        files = {}
        for path in paths:
            file_path = Path(path)
            if file_path.stat().st_size > max_bytes:
                raise ListFileError(
                    [
                        ListIssue(
                            file_path.name,
                            0,
                            "",
                            FILE_TOO_LARGE,
                            gettext("فایل بزرگ‌تر از حد مجاز است."),
                        )
                    ]
                )
            files[file_path.name] = file_path.read_bytes()
        parsed = load(files, max_bytes=max_bytes, max_rows=max_rows)
        report = check(parsed, source.rates_of(parsed.header.year))
        result.update(
            ok=report.ok,
            workshop=parsed.header.workshop_code,
            year=parsed.header.year or None,
            month=parsed.header.month or None,
            rows=len(parsed.rows),
            totals=report.totals,
            errors=[issue.as_dict() for issue in report.issues],
        )
    except ListFileError as exc:
        result["errors"] = [issue.as_dict() for issue in exc.issues]
    except YearFiguresFileError as exc:
        result["errors"] = [ListIssue("", 0, "", "parameters_invalid", exc.message).as_dict()]
    except OSError as exc:
        result["errors"] = [
            ListIssue(
                "",
                0,
                "",
                FILE_UNREADABLE,
                gettext("فایل خوانده نشد: %(reason)s") % {"reason": exc.strerror or exc},
            ).as_dict()
        ]
    except Exception as exc:  # the promise is "never a traceback": report it as an error
        result["errors"] = [
            ListIssue(
                "",
                0,
                "",
                INTERNAL_ERROR,
                gettext("خطای پیش‌بینی‌نشده: %(error)s") % {"error": type(exc).__name__},
            ).as_dict()
        ]
    return result


def _report(result: dict) -> str:
    lines = []
    period = (
        f"{persian_digits(result['year'])}/{persian_digits(result['month'])}"
        if result["year"]
        else "-"
    )
    lines.append(
        gettext("کارگاه: %(workshop)s   دوره: %(period)s   تعداد کارگران: %(rows)s")
        % {
            "workshop": persian_digits(result["workshop"] or "-"),
            "period": period,
            "rows": persian_digits(result["rows"]),
        }
    )
    if result["totals"]:
        labels = {
            "total_days": gettext("جمع روزهای کارکرد"),
            "total_insurable": gettext("جمع دستمزد مشمول"),
            "total_pay": gettext("جمع کل پرداختی"),
            "insured_share": gettext("سهم بیمه‌شده"),
            "employer_share": gettext("سهم کارفرما"),
            "unemployment_share": gettext("بیمه بیکاری"),
        }
        for key, label in labels.items():
            if key in result["totals"]:
                amount = format_number(result["totals"][key])
                lines.append(f"  {label}: {amount}")
    figures = result.get("parameters") or {}
    if figures.get("source"):
        label = {
            "file": gettext("پرونده"),
            "database": gettext("پایگاه داده پرتال"),
            "builtin": gettext("جدول داخلی"),
        }
        lines.append(
            (
                gettext("منبع ارقام سالانه: %(source)s %(file)s")
                % {"source": label[figures["source"]], "file": figures.get("file") or ""}
            ).rstrip()
        )
    if figures.get("warning"):
        lines.append(gettext("هشدار: %(warning)s") % {"warning": figures["warning"]})
    if result["ok"]:
        lines.append(gettext("لیست معتبر است."))
    else:
        lines.append(
            gettext("لیست %(count)s خطا دارد:") % {"count": persian_digits(len(result["errors"]))}
        )
        for error in result["errors"]:
            where = " / ".join(
                part
                for part in (
                    error["file"],
                    gettext("ردیف %(row)s") % {"row": persian_digits(error["row"])}
                    if error["row"]
                    else "",
                    error["field"],
                )
                if part
            )
            lines.append(f"  - [{where}] {error['message']} ({error['code']})")
    return "\n".join(lines)
