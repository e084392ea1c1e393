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
    (_("افراد تبعی"), "insured:dependents", _("همسر، فرزندان و والدین تحت پوشش درمان"), 10),
    (_("دفترچه درمانی"), "insured:booklet", _("صدور یا تمدید برای خود و افراد تبعی"), 11),
    (_("استحقاق درمان"), "insured:treatment_eligibility", _("از روی سوابق ماه‌های اخیر"), 11),
    (
        _("کمک‌هزینه‌های کوتاه‌مدت"),
        "insured:benefits",
        _("ازدواج، غرامت بیماری، بارداری، وسایل کمک‌پزشکی، کفن و دفن، بیکاری"),
        14,
    ),
    (_("استعلام کمک‌هزینه ازدواج"), "insured:benefit_marriage", _("شرایط، مبلغ و درخواست"), 15),
    (_("درخواست‌های من"), "insured:my_requests", _("وضعیت و موعد پاسخ همه درخواست‌ها"), 16),
    (
        _("ماشین‌حساب‌ها"),
        "insured:calculators",
        _("مستمری، کمک‌هزینه ازدواج، خرید سربازی، غرامت بیماری"),
        20,
    ),
    (
        _("اسناد پزشکی"),
        "insured:medical_claims",
        _("هزینه درمان با صورتحساب و نسخه، به کارگزاری"),
        24,
    ),
    (
        _("کمیسیون پزشکی"),
        "insured:commissions",
        _("تعیین ازکارافتادگی: درخواست با مدارک پزشکی و نوبت کمیسیون"),
        25,
    ),
    (
        _("بیمه ایرانیان خارج از کشور"),
        "insured:abroad",
        _("طرح‌ها، حق بیمه ماهانه و درخواست"),
        26,
    ),
)


def register() -> None:
    for title, url_name, description, order in _LINKS:
        dashboard_link_register(DashboardLink(Role.INSURED, title, url_name, description, order))
