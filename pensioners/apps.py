from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PensionersConfig(AppConfig):
    name = "pensioners"
    verbose_name = _("مستمری‌بگیران")

    def ready(self) -> None:
        from pensioners import kinds, navigation

        kinds.register()
        navigation.register()
