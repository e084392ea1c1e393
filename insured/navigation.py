"""The insured person's dashboard links (registered from InsuredConfig.ready).

Only pages that exist are linked (a test reverses and opens each one). The case and
document kinds the app registers are in `insured.kinds`.
"""

from django.utils.translation import gettext_lazy as _

from tamin.accounts.dashboard import DashboardLink, dashboard_link_register
from tamin.accounts.models import Role

_LINKS = (
    (_("سوابق بیمه‌ای"), "insured:records", _("خلاصه سوابق به تفکیک کارگاه و سال"), 1),
    (_("سوابق تلفیقی"), "insured:records_combined", _("همه کارگاه‌ها با هم، هم‌پوشانی‌ها"), 2),
    (_("عناوین شغلی"), "insured:job_titles", _("مشاغلی که در سوابق ثبت شده است"), 3),
    (_("اعلام سابقه به سازمان‌ها"), "insured:declaration_new", _("نامه رسمی با کد تصدیق، PDF"), 4),
    (_("میانگین دستمزد دو سال آخر"), "insured:average_wage", _("با روش محاسبه"), 5),
    (_("اعتراض به سوابق"), "insured:objections", _("کسری کارکرد یا سابقه ناموجود"), 6),
    (_("مشخصات و شماره بیمه"), "insured:identity", _("استعلام هویت و شماره تأمین اجتماعی"), 7),
    (_("ارتباط فعال با سازمان"), "insured:relationship", _("کارگاه فعلی و آخرین ماه ثبت‌شده"), 8),
    (_("حساب‌های بانکی"), "insured:bank_accounts", _("ثبت شماره شبا برای پرداخت‌ها"), 9),
    (_("پرونده الکترونیک"), "insured:efile", _("درخواست‌ها و مدارک من"), 12),
    (_("بازرسی کارگاه"), "insured:inspections", _("بازرسی‌های محل کار و درخواست بازرسی"), 13),
)


def register() -> None:
    for title, url_name, description, order in _LINKS:
        dashboard_link_register(DashboardLink(Role.INSURED, title, url_name, description, order))
