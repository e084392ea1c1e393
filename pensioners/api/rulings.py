"""API of the rulings area under /api/v1/pensioners/ (filled by its builder)."""

urlpatterns: list = []
