"""URLs of the survey area (included by branches.urls)."""

urlpatterns: list = []
