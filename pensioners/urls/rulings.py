"""Pages of the rulings area (filled by its builder)."""

urlpatterns: list = []
