"""gettext for the file readers, which also run in a bare process (the memory-capped reader
of the bomb tests, a script) where Django's apps are not loaded: there a message stays as
written (Persian); in the portal and `manage.py monthly_list` it follows the active language.

Named `gettext` so that makemessages extracts the messages like any other.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext as django_gettext


def gettext(message: str) -> str:
    return django_gettext(message) if apps.ready else message
