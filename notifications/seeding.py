"""Seeding message templates from data migrations (any app's).

A migration lists its templates as (key, channel, is_legal, subject, body) rows and
calls `templates_seed(apps, rows)` from its own module-level `seed(apps, schema_editor)`
(the test suite re-runs every `seed` after a flush). Rows are created as version 1
only when missing, so a wording corrected in the admin is never overwritten.
"""

from __future__ import annotations

from collections.abc import Iterable


def templates_seed(apps, rows: Iterable[tuple[str, str, bool, str, str]]) -> None:
    template = apps.get_model("notifications", "NotificationTemplate")
    for key, channel, is_legal, subject, body in rows:
        template.objects.get_or_create(
            key=key,
            channel=channel,
            version=1,
            defaults={
                "is_legal": is_legal,
                "subject": subject,
                "body": body,
                "is_active": True,
                "contains_secret": False,
            },
        )
