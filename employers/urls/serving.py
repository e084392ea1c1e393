"""URLs of the serving area (included by employers.urls under /employers/serving/)."""

urlpatterns: list = []
