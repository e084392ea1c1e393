"""Insured pages of the pdfs area (included by insured/urls/__init__.py)."""

urlpatterns: list = []
