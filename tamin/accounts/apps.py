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
        _api_access_signals_connect()
        _session_key_signal_connect()

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


def _api_access_signals_connect() -> None:
    """A deleted or changed access token, or a changed sign-in, is no longer read from the
    cache (tamin.accounts.selectors.api_access_authenticate)."""
    from django.db.models.signals import post_delete, post_save

    from tamin.accounts.models import ApiAccessToken, ApiSignIn

    for signal in (post_save, post_delete):
        signal.connect(_forget_token, sender=ApiAccessToken, dispatch_uid=f"api-access-{signal}")
        signal.connect(_forget_sign_in, sender=ApiSignIn, dispatch_uid=f"api-sign-in-{signal}")


def _forget_token(sender, instance, created: bool = False, **kwargs) -> None:
    from tamin.accounts.selectors import api_access_forget

    if created:  # a new token has no entry to forget (and must not be marked)
        return

    api_access_forget(digests=[instance.key_hash])


def _forget_sign_in(sender, instance, created: bool = False, **kwargs) -> None:
    from tamin.accounts.models import ApiAccessToken
    from tamin.accounts.selectors import api_access_forget

    if created:
        return

    api_access_forget(
        digests=list(
            ApiAccessToken.objects.filter(sign_in_id=instance.pk).values_list("key_hash", flat=True)
        )
    )


def _session_key_signal_connect() -> None:
    """A session signed in gets a key naming its person (tamin/accounts/session_store.py)."""
    from django.contrib.auth.signals import user_logged_in

    user_logged_in.connect(_session_key_name_person, dispatch_uid="session-key-names-person")


def _session_key_name_person(sender, request, user, **kwargs) -> None:
    from tamin.accounts.session_store import session_key_name_person

    if request is not None:
        session_key_name_person(request=request, user=user)
