"""Copy the files written before the private store existed into it, under the same names.

    python manage.py private_store_import [--documents DIR] [--media DIR] [--dry-run]

Before issue #9, issued PDFs lived in PDF_STORAGE_DIR (default var/documents) and
case documents and monthly list files in MEDIA_ROOT/case-documents and
MEDIA_ROOT/monthly-lists. The rows keep names relative to those folders, and the
store keeps each folder as an area of its own ("documents/", "case-documents/",
"monthly-lists/"), so copying the folders in is the whole migration: no row changes.
Safe to run again (a name already in the store is left alone) and on any backend
(to S3 too). Run it once after deploying, before removing the old volumes.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from tamin.core.storage import private_exists, private_save

# (area in the store, its folder under the old MEDIA_ROOT or None for --documents)
LEGACY_AREAS = (
    ("documents", None),
    ("case-documents", "case-documents"),
    ("monthly-lists", "monthly-lists"),
)


class Command(BaseCommand):
    help = "Copy files from the old PDF and media folders into the private store (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--documents",
            type=Path,
            default=Path(os.environ.get("PDF_STORAGE_DIR") or settings.VAR_DIR / "documents"),
            help="the old PDF_STORAGE_DIR (default: $PDF_STORAGE_DIR or var/documents)",
        )
        parser.add_argument(
            "--media", type=Path, default=Path(settings.MEDIA_ROOT), help="the old MEDIA_ROOT"
        )
        parser.add_argument("--dry-run", action="store_true", help="only count")

    def handle(self, *args, documents: Path, media: Path, dry_run: bool, **options) -> None:
        for area, media_folder in LEGACY_AREAS:
            source = documents if media_folder is None else media / media_folder
            copied = present = 0
            for path in sorted(source.rglob("*")) if source.is_dir() else ():
                # Skip folders and the ".<name>.part" leftovers of interrupted writes.
                if not path.is_file() or path.name.startswith("."):
                    continue
                name = f"{area}/{path.relative_to(source).as_posix()}"
                if private_exists(name):
                    present += 1
                    continue
                if not dry_run:
                    saved = private_save(name, path.read_bytes())
                    if saved != name:  # the store renamed it: the row would not find it
                        raise RuntimeError(f"the store saved {name} as {saved}")
                copied += 1
            verb = "would copy" if dry_run else "copied"
            self.stdout.write(f"{area}: {verb} {copied}, already present {present} ({source})")
