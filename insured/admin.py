"""Admin of the insured app: what staff configure (where medical commissions sit).

Requests (abroad, commissions) are reviewed as branch cases on the staff pages, not here.
"""

from django.contrib import admin

from branches.services.appointments import appointment_service_mark_by_request
from insured.models.commissions import CommissionService


@admin.register(CommissionService)
class CommissionServiceAdmin(admin.ModelAdmin):
    list_display = ("service", "branch", "is_active", "updated_at")
    list_filter = ("is_active",)
    list_select_related = ("service__branch",)
    raw_id_fields = ("service",)
    readonly_fields = ("created_at", "updated_at")

    def save_model(self, request, obj: CommissionService, form, change: bool) -> None:
        """A commission's service is booked only with a commission request: marking it hides
        it from the public appointment pages (in the same transaction as the row)."""
        super().save_model(request, obj, form, change)
        appointment_service_mark_by_request(service_id=obj.service_id, actor=request.user)

    @admin.display(description="شعبه")
    def branch(self, obj: CommissionService) -> str:
        return obj.service.branch.name if obj.service.branch_id else ""
