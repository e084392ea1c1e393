from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RulesConfig(AppConfig):
    name = "tamin.rules"
    label = "rules"
    verbose_name = _("قواعد و پارامترهای سالانه")

    def ready(self) -> None:
        from tamin.core.health import health_advisory_register
        from tamin.rules.benefit_figures import benefit_figures_missing_year
        from tamin.rules.pension_figures import pension_figures_missing_year
        from tamin.rules.selectors import penalty_figures_missing_year, year_figures_missing_year

        def year_parameters_check() -> str:
            # From Nowruz on, a year without its row refuses every list of the year.
            missing = year_figures_missing_year()
            return "ok" if missing is None else f"missing: {missing}"

        def penalty_parameters_check() -> str:
            # A year no penalty row covers accrues no penalty at all.
            missing = penalty_figures_missing_year()
            return "ok" if missing is None else f"missing: {missing}"

        def pension_parameters_check() -> str:
            # A year without its pension row computes pensions without the minimum floor.
            missing = pension_figures_missing_year()
            return "ok" if missing is None else f"missing: {missing}"

        def benefit_parameters_check() -> str:
            # Benefit terms carry over: only an empty table up to this year computes nothing.
            missing = benefit_figures_missing_year()
            return "ok" if missing is None else f"missing: {missing}"

        health_advisory_register("year_parameters", year_parameters_check)
        health_advisory_register("penalty_parameters", penalty_parameters_check)
        health_advisory_register("pension_parameters", pension_parameters_check)
        health_advisory_register("benefit_parameters", benefit_parameters_check)

        # /healthz caches its advisory answers: published or withdrawn figures drop them.
        from django.db.models.signals import post_delete, post_save

        from tamin.core.health import health_advisories_forget

        for model in self.get_models():
            for signal in (post_save, post_delete):
                signal.connect(
                    health_advisories_forget,
                    sender=model,
                    dispatch_uid=f"health-advisories-{model._meta.label}-{signal}",
                )
