"""`manage.py queues`: how many messages wait in each Celery queue and for how long."""

from __future__ import annotations

from celery import current_app
from django.core.management.base import BaseCommand, CommandError

from tamin.core.queues import queue_states


class Command(BaseCommand):
    help = (
        "Print the depth and the age of the oldest waiting message of each Celery queue "
        "(every declared queue, or those named)."
    )

    def add_arguments(self, parser):
        parser.add_argument("queue", nargs="*", help="queue names (default: every declared queue)")

    def handle(self, *args, **options):
        # The kernel asks Celery for its current app (tamin.celery belongs to the composition).
        app = current_app._get_current_object()
        names = options["queue"] or [queue.name for queue in app.conf.task_queues or ()]
        if not names:
            raise CommandError("no Celery queues are declared")
        try:
            states = queue_states(app=app, queues=names)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{'queue':<12}{'depth':>10}{'oldest (s)':>14}")
        for state in states:
            age = "-" if state.oldest_age_seconds is None else f"{state.oldest_age_seconds:.1f}"
            self.stdout.write(f"{state.name:<12}{state.depth:>10}{age:>14}")
