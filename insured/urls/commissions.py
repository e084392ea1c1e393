"""Pages of the commissions area (issue #13; filled by its builder)."""

urlpatterns: list = []
