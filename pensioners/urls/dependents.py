"""Pages of the dependents area (filled by its builder)."""

urlpatterns: list = []
