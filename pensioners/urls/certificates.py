"""Pages of the certificates area (filled by its builder)."""

urlpatterns: list = []
