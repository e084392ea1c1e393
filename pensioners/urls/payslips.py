"""Pages of the payslips area (filled by its builder)."""

urlpatterns: list = []
