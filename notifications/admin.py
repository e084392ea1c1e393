"""Admin: templates get new versions; the outbox and preferences are read-only evidence."""

from django.contrib import admin

from notifications.models import Notification, NotificationPreference, NotificationTemplate


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(NotificationTemplate)
class NotificationTemplateAdmin(admin.ModelAdmin):
    list_display = ("key", "channel", "version", "is_legal", "is_active", "updated_at")
    list_filter = ("channel", "is_legal", "is_active")
    search_fields = ("key", "subject", "body")

    def get_readonly_fields(self, request, obj=None):
        # Rows record the version they used, so a saved version's wording never changes:
        # new wording is a new version, and old ones are only switched off.
        if obj is not None:
            return ("key", "channel", "version", "subject", "body", "is_legal")
        return ()


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "template_key",
        "channel",
        "to_address",
        "status",
        "attempts",
        "created_at",
    )
    list_filter = ("channel", "status", "priority")
    search_fields = ("to_address", "provider_message_id", "idempotency_key", "template_key")
    date_hierarchy = "created_at"
    list_select_related = ("user",)
    raw_id_fields = ("user",)


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ReadOnlyAdmin):
    list_display = ("user", "sms", "email", "updated_at")
    list_filter = ("sms", "email")
    raw_id_fields = ("user",)
