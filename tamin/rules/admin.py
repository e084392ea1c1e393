from django.contrib import admin

from tamin.rules.models import (
    DisputeParameters,
    InstallmentBand,
    PenaltyParameters,
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
