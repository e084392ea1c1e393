"""Developer defaults: SQLite, eager jobs, SMS to the file outbox, debug on."""

import os

os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me-0123456789abcdefghij")
os.environ.setdefault("DEV_OUTBOX_PAGE", "true")
os.environ.setdefault("USSD_SHARED_SECRET", "dev-only-ussd-shared-secret-0123456789abcdef")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

from tamin.settings.base import *
