"""URLs of the workshops area (included by employers.urls)."""

urlpatterns: list = []
