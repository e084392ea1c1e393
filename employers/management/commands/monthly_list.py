"""`monthly_list check FILES [--json]`: the portal's file validation on the files alone.

Exit 0 when the list is valid, 1 when not (or unreadable); never a traceback.
`monthly_list write-sample --out DIR [--invalid]` writes a sample DBF pair.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from employers.listfile import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_ROWS,
    ListFileError,
    ListIssue,
    check,
    load,
    rates_for_year,
    write_dbf_pair,
)
from employers.listfile.samples import invalid_sample_list, sample_list
from tamin.core.jalali import persian_digits


class Command(BaseCommand):
    help = "Check a monthly worker list (DSKKAR00.DBF + DSKWOR00.DBF, or one CSV/XLSX)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check_parser = sub.add_parser("check", help="validate list files")
        check_parser.add_argument("files", nargs="+")
        check_parser.add_argument("--json", action="store_true", dest="as_json")
        check_parser.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES)
        check_parser.add_argument("--max-rows", type=int, default=DEFAULT_MAX_ROWS)
        sample_parser = sub.add_parser("write-sample", help="write a sample DBF pair")
        sample_parser.add_argument("--out", required=True)
        sample_parser.add_argument("--invalid", action="store_true")

    def handle(self, *args, **options) -> None:
        if options["action"] == "write-sample":
            self._write_sample(Path(options["out"]), invalid=options["invalid"])
            return
        result = run_check(
            options["files"], max_bytes=options["max_bytes"], max_rows=options["max_rows"]
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
    paths: list[str], *, max_bytes: int = DEFAULT_MAX_BYTES, max_rows: int = DEFAULT_MAX_ROWS
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
    }
    try:
        files = {}
        for path in paths:
            file_path = Path(path)
            if file_path.stat().st_size > max_bytes:
                raise ListFileError(
                    [
                        ListIssue(
                            file_path.name, 0, "", "file_too_large", "فایل بزرگ‌تر از حد مجاز است."
                        )
                    ]
                )
            files[file_path.name] = file_path.read_bytes()
        parsed = load(files, max_bytes=max_bytes, max_rows=max_rows)
        report = check(parsed, rates_for_year(parsed.header.year))
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
    except OSError as exc:
        result["errors"] = [
            {
                "file": "",
                "row": 0,
                "field": "",
                "code": "file_unreadable",
                "message": f"فایل خوانده نشد: {exc.strerror or exc}",
            }
        ]
    except Exception as exc:  # the promise is "never a traceback": report it as an error
        result["errors"] = [
            {
                "file": "",
                "row": 0,
                "field": "",
                "code": "internal_error",
                "message": f"خطای پیش‌بینی‌نشده: {type(exc).__name__}",
            }
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
        f"کارگاه: {persian_digits(result['workshop'] or '-')}   دوره: {period}   تعداد کارگران: {persian_digits(result['rows'])}"
    )
    if result["totals"]:
        labels = {
            "total_days": "جمع روزهای کارکرد",
            "total_insurable": "جمع دستمزد مشمول",
            "total_pay": "جمع کل پرداختی",
            "insured_share": "سهم بیمه‌شده",
            "employer_share": "سهم کارفرما",
            "unemployment_share": "بیمه بیکاری",
        }
        for key, label in labels.items():
            if key in result["totals"]:
                amount = persian_digits(f"{result['totals'][key]:,}")
                lines.append(f"  {label}: {amount}")
    if result["ok"]:
        lines.append("لیست معتبر است.")
    else:
        lines.append(f"لیست {persian_digits(len(result['errors']))} خطا دارد:")
        for error in result["errors"]:
            where = " / ".join(
                part
                for part in (
                    error["file"],
                    f"ردیف {persian_digits(error['row'])}" if error["row"] else "",
                    error["field"],
                )
                if part
            )
            lines.append(f"  - [{where}] {error['message']} ({error['code']})")
    return "\n".join(lines)
