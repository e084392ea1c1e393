"""Values every page needs from the kernel: portal settings and developer aids."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse


def _dev_outbox_url() -> str | None:
    # The outbox page is registered only with the file SMS backend; ask the URL
    # map itself rather than repeat that rule here.
    if not settings.DEV_OUTBOX_PAGE:
        return None
    try:
        return reverse("notifications:dev_outbox")
    except NoReverseMatch:
        return None


def portal(request):
    return {
        "dev_outbox_url": _dev_outbox_url(),
        "ussd_code": settings.USSD_CODE_DISPLAY,
        "map_tile_url": settings.MAP_TILE_URL,
        "active_role": getattr(request, "active_role", None),
        "available_roles": getattr(request, "available_roles", ()),
    }
