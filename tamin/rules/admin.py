from django.contrib import admin

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
