"""The pensioner's dashboard links (registered from PensionersConfig.ready).

Only pages that exist are linked (a test reverses and opens each one).
"""

from django.utils.translation import gettext_lazy as _

from tamin.accounts.dashboard import DashboardLink, dashboard_link_register
from tamin.accounts.models import Role

_LINKS = (
    (_("مستمری من"), "pensioners:home", _("مستمری‌ها، مبلغ برقرار و کارهای پیش رو"), 1),
    (_("احکام مستمری"), "pensioners:rulings", _("حکم برقراری و افزایش‌های سالانه، با نسخهٔ چاپی"), 2),
    (_("فیش حقوقی"), "pensioners:payslips", _("فیش‌های حقوقی ماه به ماه، با نسخهٔ چاپی"), 3),
    (
        _("گواهی حقوق و کسر اقساط"),
        "pensioners:certificates",
        _("گواهی حقوق و گواهی کسر اقساط معوق برای بانک یا دادگاه، با کد استعلام"),
        4,
    ),
    (
        _("افراد تبعی و مدارک آن‌ها"),
        "pensioners:dependents",
        _("اعلام سالانه وضعیت دختران و گواهی تحصیل پسران، با مهلت هر کدام"),
        5,
    ),
    (
        _("حساب بانکی مستمری"),
        "pensioners:bank_account",
        _("حساب واریز مستمری و درخواست تغییر آن"),
        6,
    ),
)


def register() -> None:
    for title, url_name, description, order in _LINKS:
        dashboard_link_register(DashboardLink(Role.PENSIONER, title, url_name, description, order))
