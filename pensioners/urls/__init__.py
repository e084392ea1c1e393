"""Pages of the pensioners app (`/pensioners/`), one module per area."""

from django.urls import include, path

from pensioners.views import home

app_name = "pensioners"

urlpatterns = [
    path("", home.home, name="home"),
    path("", include("pensioners.urls.rulings")),
    path("", include("pensioners.urls.payslips")),
    path("", include("pensioners.urls.certificates")),
    path("", include("pensioners.urls.dependents")),
]
