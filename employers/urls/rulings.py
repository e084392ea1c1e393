"""URLs of the rulings area (included by employers.urls under /employers/rulings/)."""

urlpatterns: list = []
