"""URLs of the desk area (included by branches.urls)."""

urlpatterns: list = []
