"""URLs of the installments area (included by employers.urls under /employers/installments/)."""

urlpatterns: list = []
