"""Pages of the calculators area (issue #13; filled by its builder)."""

urlpatterns: list = []
