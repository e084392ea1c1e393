"""The staff dashboard's link to the USSD simulator (registered from UssdConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from branches.selectors.staff import staff_works_at_branch
from tamin.accounts.dashboard import DashboardLink, dashboard_link_register
from tamin.accounts.models import Role


def register() -> None:
    dashboard_link_register(
        DashboardLink(
            Role.STAFF,
            _("شبیه‌ساز کد دستوری"),
            "ussd:simulator",
            _("منوی کد دستوری با شماره همراه یک حساب، همان‌گونه که مردم می‌بینند"),
            90,
            # The simulator answers with real people's records: branch staff only.
            visible=staff_works_at_branch,
        )
    )
