"""Production defaults: secure cookies, HSTS, TLS; no secret has a default here."""

import os

os.environ.setdefault("DJANGO_DEBUG", "false")
# A new PostgreSQL connection per request costs more than most pages; keep them a minute.
os.environ.setdefault("DATABASE_CONN_MAX_AGE", "60")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "true")
os.environ.setdefault("DJANGO_SESSION_COOKIE_SECURE", "true")
os.environ.setdefault("DJANGO_CSRF_COOKIE_SECURE", "true")
os.environ.setdefault("DJANGO_SECURE_HSTS_SECONDS", "31536000")
os.environ.setdefault("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", "true")
os.environ.setdefault("DJANGO_SECURE_HSTS_PRELOAD", "true")
os.environ.setdefault("DJANGO_BEHIND_TLS_PROXY", "true")
os.environ.setdefault(
    "STATICFILES_STORAGE", "whitenoise.storage.CompressedManifestStaticFilesStorage"
)
os.environ.setdefault("SMS_BACKEND", "notifications.providers.HttpSMSGatewayProvider")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
# The outbox page is a developer tool; production never shows it, whatever the env says.
os.environ["DEV_OUTBOX_PAGE"] = "false"
# Turns on the checks that refuse stand-ins (sandbox bank, accept-all identity, file SMS
# outbox, file e-mail, placeholder secrets, a local site URL): tamin/core/checks.py.
os.environ["TAMIN_PRODUCTION"] = "true"

from tamin.settings.base import *

if not REDIS_URL:
    raise RuntimeError("REDIS_URL is required in production (cache, sessions, Celery broker)")
# Django's cached_db whose signed-in keys name their person, so the session and the
# principal entry are read in one round trip (tamin/accounts/session_store.py).
SESSION_ENGINE = "tamin.accounts.session_store"
