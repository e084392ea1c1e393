"""The employer's and branch staff's dashboard links (registered from EmployersConfig.ready).

Only pages that exist are linked (a test reverses and opens each one for a representative).
The case kinds the app registers are in `employers.kinds`.
"""

from django.utils.translation import gettext_lazy as _

from branches.selectors.staff import staff_works_at_branch
from employers.selectors.payroll import owns_a_workshop
from tamin.accounts.dashboard import DashboardLink, dashboard_link_register
from tamin.accounts.models import Role

_LINKS = (
    (_("کارگاه‌های من"), "employers:workshops", _("کارگاه‌ها، سمت شما و ابلاغ الکترونیک"), 1),
    (_("ثبت کارگاه جدید"), "employers:workshop_register", _("درخواست ثبت کارگاه به شعبه"), 20),
    (
        _("ابلاغیه‌ها و مکاتبات"),
        "employers:notices_home",
        _("صندوق ابلاغیه هر کارگاه، گزارش‌های بازرسی و نامه‌ها با شعبه"),
        5,
    ),
    (
        _("اعتراض به احکام مطالباتی"),
        "employers:objections",
        _("اعتراض به حکم در مهلت، وضعیت اعتراض‌ها، وقت رسیدگی و رأی هیأت"),
        25,
    ),
    (
        _("مفاصا حساب"),
        "employers:clearance_home",
        _("گواهی مفاصا حساب برای انتقال کارگاه یا قرارداد پیمانکاری"),
        30,
    ),
)

_STAFF_LINKS = (
    (
        _("ابلاغ کاغذی"),
        "employers:staff_paper_notices",
        _("ابلاغیه‌های کارگاه‌های بدون ابلاغ الکترونیک: چاپ و ثبت روز تحویل"),
        60,
    ),
    (
        _("گزارش‌های بازرسی"),
        "employers:staff_inspections",
        _("ثبت گزارش بازرسی کارگاه و ابلاغ آن به کارگاه"),
        62,
    ),
    (
        _("مکاتبات با کارگاه‌ها"),
        "employers:staff_correspondence",
        _("نامه‌ها و ابلاغیه‌های میان شعبه و هر کارگاه، و نامه به کارگاه"),
        64,
    ),
    (
        _("کارگاه‌های شعبه"),
        "employers:staff_workshops",
        _("جستجوی کارگاه و ثبت تعهدنامه ابلاغ الکترونیک"),
        50,
    ),
    (
        _("اعتراض‌های کارگاه‌ها"),
        "employers:staff_objections",
        _("اعتراض به احکام مطالباتی: وضعیت، وقت رسیدگی، رأی هیأت و تجدیدنظر"),
        55,
    ),
    (
        _("ابلاغ گروهی"),
        "employers:serving_batches",
        _("اعلام بدهی یا نامه به کارگاه‌های شعبه، با پیشرفت ابلاغ"),
        58,
    ),
)


def register() -> None:
    for title, url_name, description, order in _LINKS:
        dashboard_link_register(DashboardLink(Role.EMPLOYER, title, url_name, description, order))
    # Keys for payroll software are the owner's to issue: shown to owners only.
    dashboard_link_register(
        DashboardLink(
            Role.EMPLOYER,
            _("نرم‌افزار حقوق و دستمزد"),
            "employers:payroll_home",
            _("کلید ارسال لیست ماهانه از نرم‌افزار حقوق، فقط برای کارفرما"),
            35,
            visible=owns_a_workshop,
        )
    )
    # Every staff page here is a branch's (an agency's staff member gets a 404): linked for
    # branch staff only.
    for title, url_name, description, order in _STAFF_LINKS:
        dashboard_link_register(
            DashboardLink(
                Role.STAFF, title, url_name, description, order, visible=staff_works_at_branch
            )
        )
