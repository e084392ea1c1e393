from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tamin.core"
    label = "core"
    verbose_name = "هسته"

    def ready(self) -> None:
        # Registers the production checks that refuse the embedded stand-ins.
        from tamin.core import checks  # noqa: F401
