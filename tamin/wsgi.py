"""WSGI entry point (gunicorn tamin.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tamin.settings.dev")
application = get_wsgi_application()
