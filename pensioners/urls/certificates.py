"""Pages of the certificates area: the list, the "new certificate" form, one certificate."""

from django.urls import path

from pensioners.views import certificates as views

urlpatterns = [
    path("certificates/", views.certificates, name="certificates"),
    path("certificates/new/", views.certificate_new, name="certificate_new"),
    path("certificates/<int:certificate_id>/", views.certificate_detail, name="certificate_detail"),
]
