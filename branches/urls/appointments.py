"""URLs of the appointments area (included by branches.urls)."""

urlpatterns: list = []
