"""Celery application. Queues: `default` for ordinary work, `otp` for sign-in codes."""

import os

from celery import Celery
from kombu import Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tamin.settings.dev")

app = Celery("tamin")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_queues = (Queue("default"), Queue("otp"))
app.autodiscover_tasks()
