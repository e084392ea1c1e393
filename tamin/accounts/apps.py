from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tamin.accounts"
    label = "accounts"
    verbose_name = "حساب‌های کاربری"
