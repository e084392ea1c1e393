"""Pages of the calculators area: pension, marriage allowance, military service purchase,
sickness compensation, each over the signed-in person's own records (GET only)."""

from django.urls import path

from insured.views import calculators

urlpatterns = [
    path("calculators/", calculators.index, name="calculators"),
    path("calculators/pension/", calculators.pension, name="calculator_pension"),
    path("calculators/pension/file/", calculators.pension_file, name="calculator_pension_file"),
    path("calculators/marriage/", calculators.marriage, name="calculator_marriage"),
    path("calculators/military/", calculators.military, name="calculator_military"),
    path("calculators/sickness/", calculators.sickness, name="calculator_sickness"),
]
