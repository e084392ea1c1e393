from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tamin.core"
    label = "core"
    verbose_name = "هسته"
