"""Pages of the rulings area: rulings (حکم), one ruling and its PDF, "how my pension was
computed" and its file (pensioners.views.rulings)."""

from django.urls import path

from pensioners.views import rulings

urlpatterns = [
    path("rulings/", rulings.rulings, name="rulings"),
    path("rulings/<int:ruling_id>/", rulings.ruling_detail, name="ruling_detail"),
    path("rulings/<int:ruling_id>/pdf/", rulings.ruling_pdf, name="ruling_pdf"),
    path("pensions/<int:pension_id>/rulings/", rulings.pension_rulings, name="pension_rulings"),
    path(
        "pensions/<int:pension_id>/computation/",
        rulings.pension_computation,
        name="pension_computation",
    ),
    path(
        "pensions/<int:pension_id>/computation/file/",
        rulings.pension_computation_file,
        name="pension_computation_file",
    ),
]
