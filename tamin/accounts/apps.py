from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "tamin.accounts"
    label = "accounts"
    verbose_name = _("حساب‌های کاربری")

    def ready(self) -> None:
        from django.contrib import admin
        from django_otp.admin import OTPAdminSite

        from tamin.accounts.dashboard import DashboardLink, dashboard_link_register
        from tamin.accounts.principal import principal_signals_connect

        principal_signals_connect()

        # The admin asks for the second factor too.
        admin.site.__class__ = OTPAdminSite

        for link in (
            DashboardLink(
                "*", _("صندوق پیام"), "notifications:inbox", _("پیام‌ها و ابلاغ‌های درگاه"), order=900
            ),
            DashboardLink(
                "*",
                _("تنظیمات اطلاع‌رسانی"),
                "notifications:preferences",
                _("پیامک یا ایمیل"),
                order=910,
            ),
            DashboardLink(
                "*",
                _("حساب و امنیت"),
                "accounts:security",
                _("ایمیل و خروج از همه دستگاه‌ها"),
                order=920,
            ),
        ):
            dashboard_link_register(link)
