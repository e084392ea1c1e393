"""Dashboard links of the branch services (registered from BranchesConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from branches.selectors.staff import staff_works_at_branch, staff_works_at_case_desk
from tamin.accounts.dashboard import DashboardLink, dashboard_link_register
from tamin.accounts.models import Role

CITIZEN_ROLES = (Role.INSURED, Role.EMPLOYER, Role.PENSIONER)

_CITIZEN_LINKS = (
    (_("نوبت‌دهی اینترنتی"), "branches:appointments", _("نوبت شعب و مراکز درمانی"), 10),
    (_("نوبت‌های من"), "branches:my_appointments", _("لغو یا جابه‌جایی نوبت"), 11),
    (_("درخواست‌های من"), "branches:my_cases", _("پیگیری درخواست‌های ارسال‌شده به شعبه"), 20),
    (_("مرکز تماس ۱۴۲۰"), "branches:contact", _("ساعات پاسخ‌گویی، پرسش‌های پرتکرار"), 60),
    (_("درخواست‌های من در مرکز تماس"), "branches:my_tickets", _("پرسش و پیگیری"), 61),
    (_("نظرسنجی عملکرد"), "branches:survey_list", _("امتیاز به خدمات شعبه"), 70),
    (_("شعب، کارگزاری‌ها و مراکز درمانی"), "branches:directory", _("نشانی، ساعات کار، نقشه"), 80),
)

# Staff links with who may open each page: the case queue is also an agency's staff's (their
# agency's cases); the other pages are a branch's only (an agency's staff would get a 404).
_STAFF_LINKS = (
    (
        _("صف بررسی پرونده‌ها"),
        "branches:case_queue",
        _("پرونده‌های ارسال‌شده به شعبه یا کارگزاری"),
        10,
        staff_works_at_case_desk,
    ),
    (
        _("پذیرش نوبت‌ها"),
        "branches:staff_checkin",
        _("نوبت‌های امروز شعبه"),
        20,
        staff_works_at_branch,
    ),
    (
        _("صف درخواست‌های مرکز تماس ۱۴۲۰"),
        "branches:ticket_queue",
        _("پاسخ به پرسش‌ها و انتشار پرسش‌های پرتکرار"),
        30,
        staff_works_at_branch,
    ),
    (
        _("نتایج نظرسنجی شعبه"),
        "branches:survey_results",
        _("امتیاز مراجعان"),
        40,
        staff_works_at_branch,
    ),
)


# An insured person's «درخواست‌های من» is the insured app's own list (with each request's
# amount and answer date), which links to this one for requests of other kinds; two cards
# of one title on one dashboard would leave a person guessing.
_NOT_FOR = {"branches:my_cases": {Role.INSURED}}


def register() -> None:
    for role in CITIZEN_ROLES:
        for title, url_name, description, order in _CITIZEN_LINKS:
            if role in _NOT_FOR.get(url_name, ()):
                continue
            dashboard_link_register(DashboardLink(role, title, url_name, description, order))
    for title, url_name, description, order, visible in _STAFF_LINKS:
        dashboard_link_register(
            DashboardLink(Role.STAFF, title, url_name, description, order, visible=visible)
        )
