"""URLs of the notices area (included by employers.urls under /employers/notices/)."""

urlpatterns: list = []
