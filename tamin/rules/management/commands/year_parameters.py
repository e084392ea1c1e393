"""`year_parameters export [FILE]` / `year_parameters import FILE`: the yearly figures as a file.

export writes the published document (the same JSON as `GET /api/v1/rules/years/`) to
FILE or standard output; import validates a document and writes its years (all or
nothing, idempotent, one audit row per created or changed year). Exit 1 with a
Persian reason on an invalid file. docs/operations.md, "Yearly figures".
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tamin.rules.published import (
    YearFiguresFileError,
    published_year_from_row,
    year_figures_document,
    year_figures_read,
)
from tamin.rules.selectors import year_parameters_published
from tamin.rules.services import year_parameters_import


class Command(BaseCommand):
    help = "Export or import the yearly figures of the premium law (the published JSON file)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export_parser = sub.add_parser("export", help="write the published file")
        export_parser.add_argument("file", nargs="?", help="output file (default: stdout)")
        import_parser = sub.add_parser("import", help="read a published file into the database")
        import_parser.add_argument("file")

    def handle(self, *args, **options) -> None:
        if options["action"] == "export":
            self._export(options.get("file"))
        else:
            self._import(options["file"])

    def _export(self, file: str | None) -> None:
        document = year_figures_document(
            published_year_from_row(row) for row in year_parameters_published()
        )
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        if file:
            Path(file).write_text(text, encoding="utf-8")
            self.stdout.write(f"{len(document['years'])} years written to {file}")
        else:
            self.stdout.write(text, ending="")

    def _import(self, file: str) -> None:
        try:
            result = year_parameters_import(years=year_figures_read(file), source=file)
        except YearFiguresFileError as exc:
            raise CommandError(exc.message) from exc
        except ValidationError as exc:  # the model's own rules (full_clean)
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(
            f"created: {list(result.created)} updated: {list(result.updated)} "
            f"unchanged: {list(result.unchanged)}"
        )
