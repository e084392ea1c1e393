from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BranchesConfig(AppConfig):
    name = "branches"
    verbose_name = _("شعب و مراکز")

    def ready(self) -> None:
        from branches import navigation

        navigation.register()

        # The directory's cached lists (views/directory.py) and the cached memberships
        # (selectors/staff.py) go when any place or membership changes.
        from django.db.models.signals import post_delete, post_save

        for model in self.get_models():
            if model.__module__ == "branches.models.directory":
                for signal in (post_save, post_delete):
                    signal.connect(
                        _directory_lists_forget,
                        sender=model,
                        dispatch_uid=f"directory-lists-{model._meta.label}-{signal}",
                    )
        # A cached queue page (views/cases.py) is keyed by its place's version.
        from branches.models import Case

        for signal in (post_save, post_delete):
            signal.connect(_case_queue_forget, sender=Case, dispatch_uid=f"case-queue-{signal}")


def _directory_lists_forget(**_signal_kwargs) -> None:
    from branches.selectors.staff import staff_version_renew
    from tamin.core.cache import cache_delete_matching

    cache_delete_matching("template.cache.directory-*")
    # Memberships are directory models too: who works where, and the places' names and states.
    staff_version_renew()


def _case_queue_forget(*, instance, **_signal_kwargs) -> None:
    from branches.selectors.cases import case_queue_forget

    case_queue_forget(branch_id=instance.branch_id, agency_id=instance.agency_id)
