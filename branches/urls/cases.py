"""URLs of the cases area (included by branches.urls)."""

urlpatterns: list = []
