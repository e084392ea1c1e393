"""URLs of the objections area (included by employers.urls under /employers/objections/)."""

urlpatterns: list = []
