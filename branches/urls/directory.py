"""URLs of the directory area (included by branches.urls)."""

urlpatterns: list = []
