"""`manage.py cache_forget [pattern]`: delete the portal's cache entries, never the broker's.

After a change made behind the ORM (a raw SQL update of accounts, records or places) or a
database restored from a backup, the portal's cached entries (the principal of each
person, record tables, directory lists, sessions' cached copies) may describe rows that
are no longer so. This deletes the entries whose key matches the pattern (`*`, the
default, is every entry of the portal); the Celery broker's lists in the same Redis
database are left alone. Sessions stay valid: their rows are in the database.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from tamin.core.cache import cache_delete_matching


class Command(BaseCommand):
    help = "Delete the portal's cache entries matching a pattern (default: all of them)."

    def add_arguments(self, parser):
        parser.add_argument(
            "pattern",
            nargs="?",
            default="*",
            help="e.g. 'accounts:principal:*' (people), 'template.cache.directory-*'",
        )

    def handle(self, *args, **options):
        deleted = cache_delete_matching(options["pattern"])
        self.stdout.write(f"{deleted} cache entries deleted")
