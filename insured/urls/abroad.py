"""Pages of the abroad area (included by insured/urls/__init__.py)."""

from django.urls import path

from insured.views import abroad

urlpatterns = [
    path("abroad/", abroad.abroad, name="abroad"),
    path("abroad/quote/<slug:package_code>/", abroad.abroad_quote, name="abroad_quote"),
    path("abroad/request/", abroad.abroad_request_new, name="abroad_request_new"),
    path("abroad/<int:request_id>/", abroad.abroad_detail, name="abroad_detail"),
]
