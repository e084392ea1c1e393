"""Celery application, its queues (one per workload) and which task goes to which.

Queues (docs/operations.md, "Celery queues and workers"):

- `otp`: sign-in and password-reset codes (notifications of priority "high") and their sweep;
- `bulk`: messages one job sends to many (priority "bulk") and the jobs that send them
  (serving batches, reminder sweeps, the yearly pension increases);
- `lists`: the parse of an uploaded monthly list;
- `documents`: PDF renders someone asked for (they wait for it on the page);
- `documents_ahead`: PDF renders done ahead of time (a payslip run, a year's increases, a
  changed record), on workers of their own so that a national run never delays a render
  someone is waiting for;
- `default`: everything else (single messages, sweepers, housekeeping).

A delivery goes to its notification's queue (notifications.services.QUEUE_FOR_PRIORITY);
every other task to its queue in TASK_QUEUES below, `default` when not named. A worker
started without `-Q` consumes every queue (`make worker`); production runs one per group.
"""

import os

from celery import Celery
from celery.signals import before_task_publish
from kombu import Queue

from tamin.core.queues import stamp_publish_time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tamin.settings.dev")

QUEUES = ("otp", "bulk", "lists", "documents", "documents_ahead", "default")

# Tasks not on `default`, by name (beat and the sweepers name them the same way).
TASK_QUEUES = {
    "employers.tasks.monthly_list_parse_task": "lists",
    "employers.tasks.serving_batch_run_task": "bulk",
    "employers.tasks.serving_debt_batches_task": "bulk",
    "employers.tasks.installment_plans_sweep_task": "bulk",
    "branches.tasks.appointment_reminders_task": "bulk",
    "pensioners.tasks.pension_yearly_increases_issue_task": "bulk",
    "tamin.core.tasks.document_request_render_task": "documents",
    "tamin.core.tasks.document_prerender_task": "documents_ahead",
}

app = Celery("tamin")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_queues = tuple(Queue(name) for name in QUEUES)
app.conf.task_routes = {name: {"queue": queue} for name, queue in TASK_QUEUES.items()}
app.autodiscover_tasks()
# Each message carries its publish time: `manage.py queues` tells the oldest one's age.
before_task_publish.connect(stamp_publish_time, weak=False)
