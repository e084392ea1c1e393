"""Medical-claim pages (اسناد پزشکی) under /insured/ (namespace "insured")."""

from django.urls import path

from insured.views import medical_claims as views

urlpatterns = [
    path("medical-claims/", views.medical_claims, name="medical_claims"),
    path("medical-claims/agencies/", views.medical_claim_agencies, name="medical_claim_agencies"),
    path("medical-claims/new/", views.medical_claim_new, name="medical_claim_new"),
    path("medical-claims/<int:claim_id>/", views.medical_claim_detail, name="medical_claim_detail"),
    # The agency's staff (linked from the staff case page).
    path(
        "medical-claims/staff/<int:case_id>/decide/",
        views.medical_claim_decide_page,
        name="medical_claim_decide",
    ),
]
