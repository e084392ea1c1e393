"""The employer's and branch staff's dashboard links (registered from EmployersConfig.ready).

Only pages that exist are linked (a test reverses and opens each one for a representative).
The case kinds the app registers are in `employers.kinds`.
"""

from django.utils.translation import gettext_lazy as _

from tamin.accounts.dashboard import DashboardLink, dashboard_link_register
from tamin.accounts.models import Role

_LINKS = (
    (_("کارگاه‌های من"), "employers:workshops", _("کارگاه‌ها، سمت شما و ابلاغ الکترونیک"), 1),
    (_("ثبت کارگاه جدید"), "employers:workshop_register", _("درخواست ثبت کارگاه به شعبه"), 20),
)

_STAFF_LINKS = (
    (
        _("کارگاه‌های شعبه"),
        "employers:staff_workshops",
        _("جستجوی کارگاه و ثبت تعهدنامه ابلاغ الکترونیک"),
        50,
    ),
)


def register() -> None:
    for title, url_name, description, order in _LINKS:
        dashboard_link_register(DashboardLink(Role.EMPLOYER, title, url_name, description, order))
    for title, url_name, description, order in _STAFF_LINKS:
        dashboard_link_register(DashboardLink(Role.STAFF, title, url_name, description, order))
