"""URLs of the clearance area (included by employers.urls under /employers/clearance/)."""

urlpatterns: list = []
