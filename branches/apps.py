from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BranchesConfig(AppConfig):
    name = "branches"
    verbose_name = _("شعب و مراکز")

    def ready(self) -> None:
        from branches import navigation

        navigation.register()

        # The directory's cached lists (views/directory.py) go when any place changes.
        from django.db.models.signals import post_delete, post_save

        for model in self.get_models():
            if model.__module__ == "branches.models.directory":
                for signal in (post_save, post_delete):
                    signal.connect(
                        _directory_lists_forget,
                        sender=model,
                        dispatch_uid=f"directory-lists-{model._meta.label}-{signal}",
                    )


def _directory_lists_forget(**_signal_kwargs) -> None:
    from tamin.core.cache import cache_delete_matching

    cache_delete_matching("template.cache.directory-*")
