"""URLs of the serving area (included by employers.urls under /employers/serving/)."""

from django.urls import path

from employers.views import serving as views

urlpatterns = [
    path("", views.serving_batches, name="serving_batches"),
    path("new/", views.serving_batch_new, name="serving_batch_new"),
    path("<int:batch_id>/", views.serving_batch_detail, name="serving_batch_detail"),
    path("<int:batch_id>/status/", views.serving_batch_status, name="serving_batch_status"),
    path("<int:batch_id>/retry/", views.serving_batch_retry, name="serving_batch_retry"),
]
