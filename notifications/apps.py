from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "اطلاع‌رسانی"

    def ready(self) -> None:
        # Registers the check that the send lease outlasts a gateway call.
        from notifications import checks  # noqa: F401
