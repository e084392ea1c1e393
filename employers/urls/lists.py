"""URLs of the lists area (included by employers.urls)."""

urlpatterns: list = []
