"""The pensioner's dashboard links (registered from PensionersConfig.ready).

Only pages that exist are linked (a test reverses and opens each one).
"""

from django.utils.translation import gettext_lazy as _

from tamin.accounts.dashboard import DashboardLink, dashboard_link_register
from tamin.accounts.models import Role

_LINKS = ((_("مستمری من"), "pensioners:home", _("مستمری‌ها، مبلغ برقرار و کارهای پیش رو"), 1),)


def register() -> None:
    for title, url_name, description, order in _LINKS:
        dashboard_link_register(DashboardLink(Role.PENSIONER, title, url_name, description, order))
