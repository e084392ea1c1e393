from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsuredConfig(AppConfig):
    name = "insured"
    verbose_name = _("بیمه‌شدگان")

    def ready(self) -> None:
        from insured import kinds, navigation

        kinds.register()
        navigation.register()
