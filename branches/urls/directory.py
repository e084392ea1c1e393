"""URLs of the directory area (included by branches.urls): public, no sign-in."""

from django.urls import path

from branches.views import directory as views

urlpatterns = [
    path("", views.directory, name="directory"),
    path("offices/", views.branch_list, name="branch_list"),
    path("offices/<str:code>/", views.branch_detail, name="branch_detail"),
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/<str:code>/", views.agency_detail, name="agency_detail"),
    path("medical-centres/", views.centre_list, name="centre_list"),
    path("medical-centres/<str:code>/", views.centre_detail, name="centre_detail"),
    path("cities/", views.city_options, name="city_options"),
    path("map/<str:layer>.json", views.map_points, name="map_points"),
]
