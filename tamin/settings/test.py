"""Test defaults: fast hashing, outbox page on; DATABASE_URL/REDIS_URL from CI when set."""

import os
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-insecure-key-0123456789abcdefghijklmnop")
os.environ.setdefault("DEV_OUTBOX_PAGE", "true")
os.environ.setdefault("USSD_SHARED_SECRET", "test-only-ussd-shared-secret-0123456789abcdef")
os.environ.setdefault("DJANGO_PASSWORD_HASHERS", "django.contrib.auth.hashers.MD5PasswordHasher")
os.environ.setdefault("DELIVERY_RECEIPT_TOKEN", "test-receipt-token")
# Tests choose Celery's mode themselves: eager unless a test asks for the real worker.
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
# One private store per test process; a Celery worker the tests start inherits the
# variable, so it reads and writes the same files.
os.environ.setdefault(
    "PRIVATE_STORAGE_DIR",
    str(Path(__file__).resolve().parents[2] / "var" / "test-private" / str(os.getpid())),
)

from tamin.settings.base import *

SMS_OUTBOX_DIR = VAR_DIR / "test-outbox" / str(os.getpid())
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# The suite runs as one client from one address: the request limits are tested by
# tests/security/test_api_throttle.py with rates of its own.
API_THROTTLE_RATES = {"account": "100000/minute", "address": "100000/minute"}
