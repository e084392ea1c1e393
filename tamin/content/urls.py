"""Public content pages (namespace "content"), mounted at the site's root by tamin.urls."""

from django.urls import path

from tamin.content import views

app_name = "content"

urlpatterns = [
    path("news/", views.news_list, name="news_list"),
    path("news/<int:news_id>/", views.news_detail, name="news_detail"),
    path("faq/", views.faq_list, name="faq_list"),
    path("laws/", views.legal_list, name="legal_list"),
    path("laws/<int:legal_text_id>/", views.legal_detail, name="legal_detail"),
    path("forms/", views.form_list, name="form_list"),
    path("forms/<int:form_id>/download/", views.form_download, name="form_download"),
    path("about/", views.about, name="about"),
]
