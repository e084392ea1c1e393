"""API of the calculators area under /api/v1/insured/ (issue #13; filled by its builder)."""

urlpatterns: list = []
