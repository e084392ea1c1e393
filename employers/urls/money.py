"""URLs of the money area (included by employers.urls)."""

urlpatterns: list = []
