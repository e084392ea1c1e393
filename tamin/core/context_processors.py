"""Values every page needs: the active role, role switcher entries and portal settings."""

from django.conf import settings


def portal(request):
    return {
        "dev_outbox_enabled": settings.DEV_OUTBOX_PAGE
        and settings.SMS_BACKEND.endswith("FileSMSProvider"),
        "ussd_code": settings.USSD_CODE_DISPLAY,
        "active_role": getattr(request, "active_role", None),
        "available_roles": getattr(request, "available_roles", ()),
    }
