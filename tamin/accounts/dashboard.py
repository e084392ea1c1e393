"""What each role's dashboard links to.

Apps add their services with `dashboard_link_register` in `AppConfig.ready()`,
so a dashboard only ever links to what is built (no dead links). A link whose page works
for only some people of a role (branch staff pages, which an agency's staff member cannot
open) names who with `visible(user)`; the app that owns the page answers it, so this module
knows nothing of branches or agencies.
`dashboard_warnings_for_role` says what staff must act on (a year without figures,
penalty rates or pension figures).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DashboardLink:
    role: str
    title: str
    url_name: str
    description: str = ""
    order: int = 100
    # Who of the role may open the page (None: everyone of the role). Called once per
    # dashboard view with the signed-in user; answer from a per-request cache when it queries.
    visible: Callable[[Any], bool] | None = None


_LINKS: list[DashboardLink] = []


def dashboard_link_register(link: DashboardLink) -> None:
    if link not in _LINKS:
        _LINKS.append(link)


def dashboard_links_for_role(role: str, *, user: Any = None) -> list[DashboardLink]:
    """Links of `role` plus those every role shares (role "*"); given `user`, only the links
    whose page works for them (`visible`). Without `user`, every link the role may have."""
    return sorted(
        (
            link
            for link in _LINKS
            if link.role in (role, "*")
            and (user is None or link.visible is None or link.visible(user))
        ),
        key=lambda link: (link.order, link.title),
    )


def dashboard_warnings_for_role(role: str) -> list[str]:
    """Persian warnings shown at the top of the dashboard: for staff, a year without figures."""
    from django.utils.translation import gettext as _

    from tamin.accounts.models import Role
    from tamin.core.jalali import persian_digits
    from tamin.rules.benefit_figures import benefit_figures_missing_year
    from tamin.rules.pension_figures import pension_figures_missing_year
    from tamin.rules.selectors import penalty_figures_missing_year, year_figures_missing_year

    if role != Role.STAFF:
        return []
    warnings = []
    year = year_figures_missing_year()
    if year is not None:
        warnings.append(
            _(
                "ارقام سال %(year)s (حداقل دستمزد، سقف دستمزد مشمول و نرخ‌ها) هنوز ثبت نشده است؛ "
                "تا ثبت آن‌ها همه لیست‌های ماهانه این سال رد می‌شوند. ردیف سال را در بخش مدیریت "
                "«پارامترهای سالانه» وارد کنید."
            )
            % {"year": persian_digits(year)}
        )
    year = penalty_figures_missing_year()
    if year is not None:
        warnings.append(
            _(
                "نرخ جریمه‌های سال %(year)s ثبت نشده است؛ تا ثبت آن هیچ جریمه دیرکرد یا عدم "
                "ارسال لیستی برای این سال محاسبه نمی‌شود. ردیف را در بخش مدیریت "
                "«پارامترهای جریمه» وارد کنید."
            )
            % {"year": persian_digits(year)}
        )
    year = pension_figures_missing_year()
    if year is not None:
        warnings.append(
            _(
                "ارقام مستمری سال %(year)s (حداقل مستمری و افزایش سالانه) هنوز ثبت نشده است؛ "
                "تا ثبت آن‌ها مستمری‌های این سال بدون کف حداقل مستمری محاسبه می‌شوند و افزایش "
                "سالانه این سال اعمال نمی‌شود. ردیف سال را در بخش مدیریت «پارامترهای سالانه "
                "مستمری» وارد کنید."
            )
            % {"year": persian_digits(year)}
        )
    year = benefit_figures_missing_year()
    if year is not None:
        warnings.append(
            _(
                "شرایط مزایای کوتاه‌مدت برای سال %(year)s ثبت نشده است؛ تا ثبت آن هیچ غرامت "
                "دستمزد، کمک‌هزینه یا خرید سربازی محاسبه نمی‌شود. ردیف را در بخش مدیریت "
                "«پارامترهای مزایای کوتاه‌مدت» وارد کنید."
            )
            % {"year": persian_digits(year)}
        )
    return warnings
