"""Render the sample PDF with dummy data so a designer can iterate on the templates.

python manage.py render_sample_document --out /tmp/sample.pdf --rows 60
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from tamin.core import pdf
from tamin.core.documents import SAMPLE_KIND, sample_document_data


class Command(BaseCommand):
    help = "Render templates/core/pdf/sample.html with dummy data; print the file and its code."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, help="also copy the PDF to this path")
        parser.add_argument("--rows", type=int, default=60, help="table rows (default 60)")

    def handle(self, *args, out: Path | None, rows: int, **options) -> None:
        data = sample_document_data(rows=max(rows, 0))
        # No content_key: every run renders afresh, which is the point while designing.
        document = pdf.render(
            template_name="core/pdf/sample.html",
            data=data,
            kind=SAMPLE_KIND,
            title="نمونهٔ سند سوابق بیمه‌ای",
            summary={"نام": data.person_name, "تعداد ردیف‌ها": str(len(data.rows))},
        )
        stored = f"{pdf.DOCUMENTS_AREA}/{document.file_path} (private store)"
        if out is not None:
            # A designer's copy on this machine, read back through the store.
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(pdf.document_open(document=document))
            stored = str(out)
        self.stdout.write(f"path: {stored}")
        self.stdout.write(f"verification code: {document.verification_code}")
