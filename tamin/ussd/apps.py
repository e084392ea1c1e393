from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UssdConfig(AppConfig):
    name = "tamin.ussd"
    label = "ussd"
    verbose_name = _("کد دستوری")

    def ready(self) -> None:
        # The production check of the shared secret, the staff dashboard's simulator link
        # and the menu's nodes (registered on import).
        from tamin.ussd import checks, navigation, nodes  # noqa: F401

        navigation.register()
