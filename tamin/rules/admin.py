from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from tamin.rules.models import (
    DependentObligationTerms,
    DisputeParameters,
    InstallmentBand,
    PenaltyParameters,
    PensionParameters,
    RetirementCondition,
    SurvivorShare,
    YearParameters,
)
from tamin.rules.models.benefits import AbroadPackage, BenefitParameters
from tamin.rules.models.coverage import DependentParameters


@admin.register(YearParameters)
class YearParametersAdmin(admin.ModelAdmin):
    list_display = (
        "year",
        "min_daily_wage",
        "min_monthly_wage",
        "insurable_cap_monthly",
        "insured_rate_permille",
        "employer_rate_permille",
        "updated_at",
    )
    ordering = ("-year",)
    search_fields = ("year",)
    readonly_fields = ("updated_at",)


@admin.register(PenaltyParameters)
class PenaltyParametersAdmin(admin.ModelAdmin):
    list_display = (
        "effective_from",
        "late_payment_permille_per_month",
        "no_list_permille",
        "updated_at",
    )
    ordering = ("-effective_from",)
    readonly_fields = ("updated_at",)


class InstallmentBandInline(admin.TabularInline):
    model = InstallmentBand
    extra = 0


@admin.register(DisputeParameters)
class DisputeParametersAdmin(admin.ModelAdmin):
    list_display = (
        "effective_from",
        "ruling_objection_days",
        "vote_appeal_days",
        "appeal_threshold",
        "max_objection_documents",
        "waiver_months",
        "installment_minimum_total",
        "updated_at",
    )
    ordering = ("-effective_from",)
    readonly_fields = ("updated_at",)
    inlines = [InstallmentBandInline]


@admin.register(PensionParameters)
class PensionParametersAdmin(admin.ModelAdmin):
    """One row per year: the year's minimum pension and increase are never carried over, so a
    year without its row computes pensions without the floor (the staff dashboard says so)."""

    list_display = (
        "year",
        "minimum_pension",
        "increase_permille",
        "increase_fixed",
        "treatment_share_permille",
        "spouse_allowance",
        "child_allowance",
        "updated_at",
    )
    ordering = ("-year",)
    search_fields = ("year",)
    readonly_fields = ("updated_at",)


@admin.register(RetirementCondition)
class RetirementConditionAdmin(admin.ModelAdmin):
    """Art. 76: the rows of a sex's latest `effective_from` not after a year are in force."""

    list_display = ("effective_from", "sex", "path", "min_years", "min_age", "label")
    list_filter = ("effective_from", "sex", "path")
    ordering = ("-effective_from", "sex", "path", "min_years")


@admin.register(SurvivorShare)
class SurvivorShareAdmin(admin.ModelAdmin):
    list_display = ("effective_from", "relation", "share_permille")
    list_filter = ("relation",)
    ordering = ("-effective_from", "relation")


@admin.register(DependentObligationTerms)
class DependentObligationTermsAdmin(admin.ModelAdmin):
    """When dependents owe their papers: the row of the latest year not after a day's year
    is in force (pensioners' dependents page, `tamin.rules.dependents`)."""

    list_display = (
        "effective_from",
        "daughter_from_age",
        "daughter_due_month",
        "daughter_due_day",
        "student_from_age",
        "student_to_age",
        "updated_at",
    )
    ordering = ("-effective_from",)
    readonly_fields = ("updated_at",)


@admin.register(DependentParameters)
class DependentParametersAdmin(admin.ModelAdmin):
    """The Art. 58 ages (who an insured person's treatment coverage extends to): the row of the
    latest year not after a day's year is in force (`tamin.rules.coverage`)."""

    list_display = (
        "effective_from",
        "child_age_limit",
        "son_age_limit",
        "son_student_age_limit",
        "daughter_age_limit",
        "father_min_age",
        "mother_min_age",
        "husband_min_age",
        "updated_at",
    )
    ordering = ("-effective_from",)
    readonly_fields = ("updated_at",)


@admin.register(BenefitParameters)
class BenefitParametersAdmin(admin.ModelAdmin):
    """The short-term benefit terms: the row of the latest year not after a day's year is in
    force (rows carry over until a later row); rates are numerator/denominator pairs."""

    list_display = (
        "effective_from",
        "sickness_waiting_days",
        "daily_wage_days",
        "maternity_leave_days",
        "marriage_min_days",
        "unemployment_max_permille",
        "funeral_fixed_amount",
        "orthotics_ceiling",
        "updated_at",
    )
    ordering = ("-effective_from",)
    readonly_fields = ("updated_at",)
    fieldsets = (
        (None, {"fields": ("effective_from", "note", "updated_at")}),
        (
            _("غرامت دستمزد ایام بیماری"),
            {
                "fields": (
                    ("sickness_with_dependents_numerator", "sickness_with_dependents_denominator"),
                    (
                        "sickness_without_dependents_numerator",
                        "sickness_without_dependents_denominator",
                    ),
                    (
                        "sickness_hospitalized_without_dependents_numerator",
                        "sickness_hospitalized_without_dependents_denominator",
                    ),
                    "sickness_waiting_days",
                    "daily_wage_days",
                )
            },
        ),
        (
            _("بارداری و ازدواج"),
            {
                "fields": (
                    ("maternity_rate_numerator", "maternity_rate_denominator"),
                    "maternity_min_days_prior_year",
                    "maternity_leave_days",
                    "marriage_min_days",
                    "marriage_window_years",
                )
            },
        ),
        (
            _("خرید سربازی و بیمه بیکاری"),
            {
                "fields": (
                    "military_min_days",
                    ("military_insured_share_numerator", "military_insured_share_denominator"),
                    (
                        "military_government_share_numerator",
                        "military_government_share_denominator",
                    ),
                    "unemployment_min_months",
                    "unemployment_base_permille",
                    "unemployment_per_dependent_permille",
                    "unemployment_max_permille",
                )
            },
        ),
        (
            _("کفن و دفن، وسایل کمک‌توانبخشی و درمان"),
            {
                "fields": (
                    "funeral_fixed_amount",
                    "orthotics_ceiling",
                    "treatment_window_months",
                    "treatment_min_days",
                )
            },
        ),
    )


@admin.register(AbroadPackage)
class AbroadPackageAdmin(admin.ModelAdmin):
    """Abroad packages: the set of the latest year not after a day's year is in force."""

    list_display = (
        "effective_from",
        "code",
        "label",
        "wage_base",
        "rate_permille",
        "min_age",
        "max_age",
        "updated_at",
    )
    list_filter = ("effective_from",)
    ordering = ("-effective_from", "wage_base", "code")
    readonly_fields = ("updated_at",)
